/**
 * The real-time sources a decision runs on: a monotonic clock for budgets and a timer for pauses
 * and timeouts. Separate from the injected wall clock that places events in windows, so a test
 * can freeze that one while a schedule explorer drives these in virtual time.
 */
export interface ThrottleTimers {
  /** Monotonic milliseconds. */
  monotonic(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** `performance.now` and `setTimeout`. */
export const REAL_TIMERS: ThrottleTimers = {
  monotonic: () => performance.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `timers` (at once for 0 or less). */
export function pause(timers: ThrottleTimers, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => timers.setTimer(resolve, ms));
}

/**
 * A random pause before retrying after the `attempt`-th setback (1-based): uniform in
 * [0, min(cap, base * 2^(attempt-1))), so racers that collided spread out instead of colliding again.
 *
 * @example
 * jitteredBackoffMs(3, Math.random, 5, 100) // somewhere in [0, 20)
 */
export function jitteredBackoffMs(attempt: number, random: () => number, baseMs: number, capMs: number): number {
  return random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
