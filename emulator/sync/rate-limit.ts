/**
 * Sync's per-object rate limit, switchable (off by default).
 *
 * Twilio documents "up to 20 writes/s and 20 reads/s per object, burst window 10 s" and that
 * writes to any item count against the whole Map. The emulator models this as two token buckets
 * per Map, one for reads and one for writes: each refills continuously at `perSecond` tokens/s and
 * holds at most `perSecond * burstSeconds` tokens (20 * 10 = 200 by default), so a Map can absorb a
 * burst of 200 operations and then sustain 20/s. A request that finds its bucket empty gets 429
 * with code 54009 and changes nothing. Twilio does not publish its exact algorithm; consumers must
 * treat 54009 as possible at any rate and back off.
 *
 * Reads: fetching the Map, fetching or listing its items. Writes: creating, updating or deleting
 * an item, and deleting the Map. Requests for a Map that does not exist are not counted.
 */

/** Rate limit settings; defaults are Twilio's documented limits. */
export interface SyncRateLimitConfig {
  readsPerSecond: number;
  writesPerSecond: number;
  burstSeconds: number;
}

export const DEFAULT_SYNC_RATE_LIMITS: Readonly<SyncRateLimitConfig> = {
  readsPerSecond: 20,
  writesPerSecond: 20,
  burstSeconds: 10,
};

/** Whether an operation reads or writes the Map. */
export type SyncAccess = 'read' | 'write';

/** A token bucket refilled continuously from the emulator clock. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Empties the bucket as of `at`: from then on it only refills at the steady rate. */
  drain(at: number): void {
    this.tokens = 0;
    this.updatedAt = at;
  }

  /** Takes one token if available. */
  take(now: number): boolean {
    // A clock that moves backwards (an injected test clock) must not mint tokens.
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs / 1000) * this.perSecond);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Validates a partial config; throws an Error with a readable message. */
export function resolveSyncRateLimitConfig(partial: Partial<SyncRateLimitConfig>, base: SyncRateLimitConfig): SyncRateLimitConfig {
  const config = { ...base, ...partial };
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1_000_000) {
      throw new Error(`${name} must be a positive number up to 1000000`);
    }
  }
  return config;
}

/** The per-Map buckets. Bounded by the number of Maps (buckets of deleted Maps are dropped). */
export class SyncRateLimiter {
  private enabledFlag: boolean;
  private configValue: SyncRateLimitConfig;
  private buckets = new Map<string, { read: TokenBucket; write: TokenBucket }>();
  /** After `drain`, buckets of Maps first used later start as if emptied then (until `configure` or `clearBuckets`). */
  private drainedAt: number | undefined;

  constructor(enabled: boolean, config: SyncRateLimitConfig = { ...DEFAULT_SYNC_RATE_LIMITS }) {
    this.enabledFlag = enabled;
    this.configValue = config;
  }

  get enabled(): boolean {
    return this.enabledFlag;
  }

  get config(): SyncRateLimitConfig {
    return { ...this.configValue };
  }

  /** Switches limiting on or off and applies a new config; every bucket starts full again. */
  configure(enabled: boolean, config: SyncRateLimitConfig): void {
    this.enabledFlag = enabled;
    this.configValue = config;
    this.buckets.clear();
    this.drainedAt = undefined;
  }

  /**
   * Empties every bucket as of `now`, existing ones and those of Maps first used later (which
   * then hold only what refilled since), so a benchmark measures the sustained 20/s a Map
   * settles at under load, not the 200-request burst a fresh bucket absorbs first.
   */
  drain(now: number): void {
    this.drainedAt = now;
    for (const pair of this.buckets.values()) {
      pair.read.drain(now);
      pair.write.drain(now);
    }
  }

  /** True when the operation may proceed (always when disabled). */
  allow(mapSid: string, access: SyncAccess, now: number): boolean {
    if (!this.enabledFlag) return true;
    let pair = this.buckets.get(mapSid);
    if (!pair) {
      const { readsPerSecond, writesPerSecond, burstSeconds } = this.configValue;
      pair = {
        read: new TokenBucket(readsPerSecond, readsPerSecond * burstSeconds, now),
        write: new TokenBucket(writesPerSecond, writesPerSecond * burstSeconds, now),
      };
      if (this.drainedAt !== undefined) {
        pair.read.drain(this.drainedAt);
        pair.write.drain(this.drainedAt);
      }
      this.buckets.set(mapSid, pair);
    }
    return pair[access].take(now);
  }

  /** Drops a deleted Map's buckets. */
  forget(mapSid: string): void {
    this.buckets.delete(mapSid);
  }

  clearBuckets(): void {
    this.buckets.clear();
    this.drainedAt = undefined;
  }
}
