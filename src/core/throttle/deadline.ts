import { StoreError } from './store';

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
   * unhandled rejection.
   */
  guard<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T>;
}

/**
 * Starts a deadline `budgetMs` from now.
 *
 * @example
 * const deadline = createDeadline(3000);
 * const item = await deadline.guard(() => store.get(key), 1000);
 */
export function createDeadline(budgetMs: number, monotonic: () => number = () => performance.now()): Deadline {
  const endsAt = monotonic() + budgetMs;
  const remainingMs = () => Math.max(0, endsAt - monotonic());
  return {
    remainingMs,
    guard<T>(operation: () => Promise<T>, timeoutMs: number): Promise<T> {
      const limitMs = Math.min(timeoutMs, remainingMs());
      if (limitMs <= 0) return Promise.reject(new StoreError('timeout', 'decision deadline passed before the store was asked'));
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new StoreError('timeout', `store did not answer within ${Math.round(limitMs)} ms`)),
          limitMs,
        );
        let running: Promise<T>;
        try {
          running = operation();
        } catch (error) {
          clearTimeout(timer);
          reject(error);
          return;
        }
        running.then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    },
  };
}
