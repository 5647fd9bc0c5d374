/**
 * The emulator's notion of time. Everything time-based (dates in responses, Sync TTL expiry, rate
 * limit buckets, verification expiry) reads `now()`, so tests can inject a clock or move time
 * forward through the control API instead of sleeping.
 */
export class EmulatorClock {
  private readonly source: () => number;
  private offsetMs = 0;

  /** @param source milliseconds since the epoch; `Date.now` unless a test injects its own. */
  constructor(source: () => number = Date.now) {
    this.source = source;
  }

  /** Current time in milliseconds since the epoch, including any advance. */
  now(): number {
    return this.source() + this.offsetMs;
  }

  /** Moves time forward by `ms` (used by `POST /__emulator/clock`). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Forgets every advance. */
  reset(): void {
    this.offsetMs = 0;
  }
}
