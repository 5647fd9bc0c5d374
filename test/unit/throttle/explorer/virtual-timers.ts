import type { ThrottleTimers } from '../../../../src/core/throttle';
import { createRandom } from '../../../../src/sim/random';

/** A seeded source of numbers in [0, 1) (the simulator's mulberry32): the same seed replays the same schedule. */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export interface VirtualTimers extends ThrottleTimers {
  /** Fires timers in time order, letting every promise settle in between, until none is left. */
  runUntilIdle(): Promise<void>;
}

const settlePromises = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Virtual time for the throttle: `setTimer` queues, `runUntilIdle` jumps from one timer to the
 * next. Ties fire in the order they were set, so a schedule is a pure function of its seed.
 */
export function createVirtualTimers(): VirtualTimers {
  let now = 0;
  let order = 0;
  const queue: Timer[] = [];
  return {
    monotonic: () => now,
    setTimer(callback, ms) {
      const timer: Timer = { at: now + Math.max(0, ms), order: order++, callback, cancelled: false };
      queue.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    async runUntilIdle() {
      for (;;) {
        await settlePromises();
        let next = -1;
        for (let index = 0; index < queue.length; index++) {
          const timer = queue[index];
          if (timer.cancelled) continue;
          if (next < 0 || timer.at < queue[next].at || (timer.at === queue[next].at && timer.order < queue[next].order)) next = index;
        }
        if (next < 0) return;
        const [timer] = queue.splice(next, 1);
        for (let index = queue.length - 1; index >= 0; index--) if (queue[index].cancelled) queue.splice(index, 1);
        now = timer.at;
        timer.callback();
      }
    },
  };
}
