import { parsePhoneNumber } from 'libphonenumber-js/max';

/**
 * Fires `count` calls of `send(i)` at `perSecond`, without waiting for answers before the next
 * one is due (an attacker does not wait), and resolves when all have answered.
 */
export async function paced<T>(count: number, perSecond: number, send: (index: number) => Promise<T>): Promise<T[]> {
  const started = performance.now();
  const pending: Array<Promise<T>> = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(i));
  }
  return Promise.all(pending);
}

/** A deterministic pseudo-random source, so runs are comparable. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// Mobile ranges of allowed countries where libphonenumber says MOBILE for random subscriber digits.
const LEGIT_RANGES = [
  { prefix: '+4474', digits: 8 },
  { prefix: '+4915', digits: 9 },
  { prefix: '+336', digits: 8 },
  { prefix: '+3465', digits: 7 },
  { prefix: '+4670', digits: 7 },
];

/** A valid mobile number of an allowed country, drawn at random (what real users look like). */
export function legitNumber(random: () => number): string {
  for (;;) {
    const range = LEGIT_RANGES[Math.floor(random() * LEGIT_RANGES.length)];
    let number = range.prefix;
    for (let i = 0; i < range.digits; i += 1) number += Math.floor(random() * 10);
    try {
      const phone = parsePhoneNumber(number);
      if (phone.isValid() && phone.getType() === 'MOBILE') return phone.number;
    } catch {
      // draw again
    }
  }
}

/**
 * The `index`-th number of a range (`+44740012` + a suffix padded to the country's length), or
 * undefined when that one is not a valid mobile number.
 */
export function sequentialInRange(range: string, index: number): string | undefined {
  for (const length of [13, 12, 14, 11]) {
    const candidate = `${range}${String(index).padStart(length - range.length, '0')}`;
    if (candidate.length !== length) continue;
    try {
      const phone = parsePhoneNumber(candidate);
      if (phone.isValid() && phone.getType() === 'MOBILE') return phone.number;
    } catch {
      // try the next length
    }
  }
  return undefined;
}

/** Counts values and returns the most frequent, for "top refusal reasons". */
export function top(values: readonly string[], limit = 5): Record<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit));
}
