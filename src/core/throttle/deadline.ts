import { StoreError } from './store';
import { REAL_TIMERS, type ThrottleTimers } from './timers';

/**
 * A decision's time budget in real (monotonic) time. It is separate from the injected clock that
 * places events in windows: tests freeze that clock, but a hung store must still be cut off.
 */
export interface Deadline {
  /** Milliseconds left, never negative. */
  remainingMs(): number;
  /**
   * Runs a store operation, rejecting with a `timeout` `StoreError` if it has not settled within
   * `timeoutMs` or the time left, whichever is shorter. With no time left it does not start the
   * operation at all. A late settlement of the abandoned operation is swallowed, never an
   * unhandled rejection; `onAbandoned` receives the abandoned operation, so a caller can learn
   * whether a write it gave up on landed after all.
   */
  guard<T>(operation: () => Promise<T>, timeoutMs: number, onAbandoned?: (running: Promise<T>) => void): Promise<T>;
}

/**
 * Starts a deadline `budgetMs` from now. `timers` is the real clock and `setTimeout` unless given
 * (a function is taken as the monotonic clock alone).
 *
 * @example
 * const deadline = createDeadline(3000);
 * const item = await deadline.guard(() => store.get(key), 1000);
 */
export function createDeadline(budgetMs: number, timers: ThrottleTimers | (() => number) = REAL_TIMERS): Deadline {
  const clock: ThrottleTimers = typeof timers === 'function' ? { ...REAL_TIMERS, monotonic: timers } : timers;
  const endsAt = clock.monotonic() + budgetMs;
  const remainingMs = () => Math.max(0, endsAt - clock.monotonic());
  return {
    remainingMs,
    guard<T>(operation: () => Promise<T>, timeoutMs: number, onAbandoned?: (running: Promise<T>) => void): Promise<T> {
      const limitMs = Math.min(timeoutMs, remainingMs());
      if (limitMs <= 0) return Promise.reject(new StoreError('timeout', 'decision deadline passed before the store was asked', { budgetSpent: true }));
      return new Promise<T>((resolve, reject) => {
        let running: Promise<T>;
        let timedOut = false;
        const cancel = clock.setTimer(() => {
          timedOut = true;
          running.catch(() => undefined);
          onAbandoned?.(running);
          reject(new StoreError('timeout', `store did not answer within ${Math.round(limitMs)} ms`));
        }, limitMs);
        try {
          running = operation();
        } catch (error) {
          cancel();
          reject(error);
          return;
        }
        running.then(
          (value) => {
            if (timedOut) return;
            cancel();
            resolve(value);
          },
          (error: unknown) => {
            if (timedOut) return;
            cancel();
            reject(error);
          },
        );
      });
    },
  };
}
