/** A seeded source of random draws: the same seed gives the same run. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform whole number in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
  /** Exponential with the given mean (Poisson inter-arrival times). */
  exponential(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An independent stream derived from this one and a label (each group draws its own). */
  fork(label: string): Random;
}

function hashLabel(label: string): number {
  let hash = 2166136261;
  for (let index = 0; index < label.length; index += 1) hash = Math.imul(hash ^ label.charCodeAt(index), 16777619);
  return hash >>> 0;
}

/**
 * mulberry32: small, fast and good enough for traffic models; not for secrets.
 *
 * @example
 * createRandom(7).int(10) // the same digit every run
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + next() * (max - min),
    exponential: (mean) => -Math.log(1 - next()) * mean,
    chance: (p) => next() < p,
    fork: (label) => createRandom((seed ^ hashLabel(label)) >>> 0),
  };
}
