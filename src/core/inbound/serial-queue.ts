/** The longest a task waits for the one before it before it runs anyway. */
export const DEFAULT_SERIAL_QUEUE_MAX_WAIT_MS = 500;

export interface SerialQueueOptions {
  /** Longest wait for earlier tasks, in ms (default `DEFAULT_SERIAL_QUEUE_MAX_WAIT_MS`); then the task runs concurrently. */
  maxWaitMs?: number;
}

export interface SerialQueue {
  /** Runs `task` after the tasks queued before it have settled, or after `maxWaitMs`, whichever is first. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * A per-instance queue that runs tasks one at a time, with a bounded wait. It keeps concurrent
 * requests of one warm instance from racing each other for one Sync item: every racer that loses
 * (Sync 54205) reads and writes again, so a burst of N concurrent writers to one item costs on the
 * order of N² requests, enough to exhaust the item's Map budget. Queued, they cost 2 each. The
 * bounded wait keeps a long queue from holding a call past the Functions time limit: past it,
 * tasks race as before.
 *
 * @example
 * const queue = createSerialQueue();
 * const decision = await queue.run(() => throttle.evaluate('voice-inbound-global', {}));
 */
export function createSerialQueue(options: SerialQueueOptions = {}): SerialQueue {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_SERIAL_QUEUE_MAX_WAIT_MS;
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) throw new TypeError(`serial queue: maxWaitMs ${String(maxWaitMs)} is not a number of milliseconds of at least 0`);
  let tail: Promise<void> = Promise.resolve();
  return {
    async run(task) {
      const previous = tail;
      let release: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (release = resolve));
      tail = previous.then(() => done);
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs);
        timer.unref();
      });
      await Promise.race([previous, waited]);
      clearTimeout(timer);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
