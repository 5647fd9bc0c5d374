import type { Random } from './random';

/** Earlier numbers a group remembers to draw returning users from; past it, a new number replaces a random one (a uniform sample of all). */
export const MAX_REMEMBERED_NUMBERS = 100_000;

/**
 * A legit group's numbers with returning users: `share` of the arrivals are a user the group has
 * seen before (history included), drawn at random from its earlier numbers, the rest come from
 * `fresh`. A real line's callers are partly the same people again; without this every simulated
 * caller would be new, and a gate that remembers callers could not be judged. A share of 0 draws
 * nothing from `random`, so scenarios without returning users keep their numbers.
 *
 * @example
 * const draw = withReturningUsers(() => drawer.draw(), 0.3, random.fork('returning'));
 * draw(); // a fresh number the first time; later, 30% of the time, one drawn before
 */
export function withReturningUsers(fresh: () => string, share: number, random: Random): () => string {
  if (share === 0) return fresh;
  const seen: string[] = [];
  return () => {
    if (seen.length > 0 && random.chance(share)) return seen[random.int(seen.length)];
    const number = fresh();
    if (seen.length < MAX_REMEMBERED_NUMBERS) seen.push(number);
    else seen[random.int(seen.length)] = number;
    return number;
  };
}
