/**
 * The simulator's one clock, shared by every gate instance, the Sync model and the Verify model.
 * Time only moves when the event loop moves it (to the next event) or when a modelled round trip
 * takes time (`advance`), so a simulated day costs no real waiting.
 */
export interface SimClock {
  /** Simulated epoch ms. */
  now(): number;
  /** Moves to `time`; never backwards (an event that was due while a request ran starts late). */
  moveTo(time: number): void;
  /** Moves forward by `ms` (the latency of a modelled round trip). */
  advance(ms: number): void;
}

/** A clock starting at `startMs` (epoch ms). */
export function createSimClock(startMs: number): SimClock {
  let current = startMs;
  return {
    now: () => current,
    moveTo(time) {
      current = Math.max(current, time);
    },
    advance(ms) {
      current += Math.max(0, ms);
    },
  };
}
