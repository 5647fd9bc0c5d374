import { createHash } from 'node:crypto';
import { TwilioApiError, TwilioCode, capacityExceeded } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_RATE_LIMIT_WINDOWS } from '../core/limits';
import { invalidVerifyParameter } from './verify-store';

/**
 * Verify Service Rate Limit error codes (Twilio's catalogue). 60207, 60208, 60209 and 60210 are
 * documented as HTTP 400; 60211's status is not documented and is inferred from its siblings.
 */
export const RateLimitCode = {
  MAX_RATE_LIMITS: 60207,
  UNIQUE_NAME_EXISTS: 60208,
  INVALID_UNIQUE_NAME: 60209,
  MAX_BUCKETS: 60210,
  INTERVAL_EXISTS: 60211,
} as const;

/**
 * The code of a start refused by a Service Rate Limit (HTTP 429). Not documented by code: the
 * Verifications spec's own 429 example (`createVerificationRateLimitExceeded`) answers 20429, and
 * error 20429's page lists "exceeding Verify Service Rate Limits" among its causes.
 */
export const SERVICE_RATE_LIMIT_EXCEEDED = TwilioCode.TOO_MANY_REQUESTS;

/**
 * Twilio caps Rate Limits per Service (60207) and Buckets per Rate Limit (60210) without
 * publishing the numbers; 10 each is inferred.
 */
export const MAX_RATE_LIMITS_PER_SERVICE = 10;
export const MAX_BUCKETS_PER_RATE_LIMIT = 10;

/** 60209's wording: alphanumerics, `-`, `_` and `.` only. */
const UNIQUE_NAME = /^[A-Za-z0-9._-]+$/;
/** Any two-letter SID: refused as a unique name so that a path segment means one thing. */
const SID_LIKE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

export interface RateLimit {
  sid: string;
  serviceSid: string;
  accountSid: string;
  uniqueName: string;
  description: string | null;
  dateCreated: number;
  dateUpdated: number;
  /** Insertion order is creation order, which is list order. */
  buckets: Map<string, Bucket>;
}

export interface Bucket {
  sid: string;
  rateLimitSid: string;
  serviceSid: string;
  accountSid: string;
  max: number;
  interval: number;
  dateCreated: number;
  dateUpdated: number;
  /** Counting windows per key value (keyed by a digest of the value, see `windowKey`). */
  windows: Map<string, Window>;
}

/** A fixed window opened by the first counted start of a key value: `[start, start + interval)`. */
interface Window {
  start: number;
  count: number;
}

/** A Rate Limit named in a start and the key value the start carries for it. */
export interface RateLimitKey {
  uniqueName: string;
  value: string;
}

/** A start the Service Rate Limits admit; `commit` counts it once the verification exists. */
export interface Admission {
  commit(): void;
}

function rateLimitError(status: number, code: number, message: string, headers: Record<string, string> = {}): TwilioApiError {
  return new TwilioApiError(status, code, message, headers);
}

/**
 * Memory per window is fixed whatever the client sends as a key value (the body cap alone would
 * allow 64 KiB keys), and the store never holds the values, which may be IPs or user ids.
 */
function windowKey(value: string): string {
  return createHash('sha256').update(value).digest('base64');
}

function isOpen(window: Window, bucket: Bucket, now: number): boolean {
  // A clock moved backwards (an injected test clock) keeps the window open rather than reopen it.
  return now < window.start + bucket.interval * 1000;
}

/**
 * Verify Service Rate Limits and their Buckets, per Service, and the counting behind them.
 *
 * Counting is a fixed window per Bucket and key value, opened by the first counted start: a
 * Bucket admits at most `max` starts for a key value until `interval` seconds after that first
 * one, then the next start opens a new window. Twilio does not publish its algorithm (a sliding
 * window would refuse some starts this admits across a window edge); this is the simplest model
 * that keeps the documented promise of at most `max` starts per `interval` within a window.
 */
export class VerifyRateLimitStore {
  /** serviceSid -> rate limit SID -> rate limit. */
  private byService = new Map<string, Map<string, RateLimit>>();
  private windowCount = 0;

  reset(): void {
    this.byService = new Map();
    this.windowCount = 0;
  }

  /** What the store holds, for tests: every count drops to 0 on reset. */
  size(): { rateLimits: number; buckets: number; windows: number } {
    let rateLimits = 0;
    let buckets = 0;
    for (const limits of this.byService.values()) {
      rateLimits += limits.size;
      for (const limit of limits.values()) buckets += limit.buckets.size;
    }
    return { rateLimits, buckets, windows: this.windowCount };
  }

  createRateLimit(input: { serviceSid: string; accountSid: string; uniqueName: string; description: string | null }, now: number): RateLimit {
    const { uniqueName } = input;
    if (!UNIQUE_NAME.test(uniqueName) || SID_LIKE.test(uniqueName)) {
      throw rateLimitError(400, RateLimitCode.INVALID_UNIQUE_NAME, `UniqueName format is invalid: '${uniqueName.slice(0, 40)}' may only use letters, digits, '-', '_' and '.', and may not look like a SID`);
    }
    const limits = this.limitsOf(input.serviceSid);
    if (this.findByName(limits, uniqueName)) {
      throw rateLimitError(400, RateLimitCode.UNIQUE_NAME_EXISTS, `Rate limit with that UniqueName already exists: '${uniqueName}'`);
    }
    if (limits.size >= MAX_RATE_LIMITS_PER_SERVICE) {
      throw rateLimitError(400, RateLimitCode.MAX_RATE_LIMITS, `Max rate limits per service reached: a Service allows ${MAX_RATE_LIMITS_PER_SERVICE}`);
    }
    const limit: RateLimit = { ...input, sid: newSid('RK'), dateCreated: now, dateUpdated: now, buckets: new Map() };
    limits.set(limit.sid, limit);
    this.byService.set(input.serviceSid, limits);
    return limit;
  }

  /** A Rate Limit of the service by SID or unique name (Twilio accepts either in the path). */
  getRateLimit(serviceSid: string, sidOrName: string): RateLimit | undefined {
    const limits = this.byService.get(serviceSid);
    if (!limits) return undefined;
    return isSid(sidOrName, 'RK') ? limits.get(sidOrName) : this.findByName(limits, sidOrName);
  }

  /** A service's Rate Limits, oldest first. */
  listRateLimits(serviceSid: string): RateLimit[] {
    return [...(this.byService.get(serviceSid)?.values() ?? [])];
  }

  updateRateLimit(limit: RateLimit, description: string | null, now: number): void {
    if (description !== null) limit.description = description;
    limit.dateUpdated = now;
  }

  deleteRateLimit(limit: RateLimit): void {
    for (const bucket of limit.buckets.values()) this.windowCount -= bucket.windows.size;
    this.byService.get(limit.serviceSid)?.delete(limit.sid);
  }

  createBucket(limit: RateLimit, input: { max: number; interval: number }, now: number): Bucket {
    this.refuseDuplicateInterval(limit, input.interval, undefined);
    if (limit.buckets.size >= MAX_BUCKETS_PER_RATE_LIMIT) {
      throw rateLimitError(400, RateLimitCode.MAX_BUCKETS, `Max Buckets per Rate limit reached: a Rate Limit allows ${MAX_BUCKETS_PER_RATE_LIMIT}`);
    }
    const bucket: Bucket = {
      sid: newSid('BL'),
      rateLimitSid: limit.sid,
      serviceSid: limit.serviceSid,
      accountSid: limit.accountSid,
      max: input.max,
      interval: input.interval,
      dateCreated: now,
      dateUpdated: now,
      windows: new Map(),
    };
    limit.buckets.set(bucket.sid, bucket);
    return bucket;
  }

  getBucket(limit: RateLimit, sid: string): Bucket | undefined {
    return limit.buckets.get(sid);
  }

  listBuckets(limit: RateLimit): Bucket[] {
    return [...limit.buckets.values()];
  }

  /**
   * Changes `max` and/or `interval`. Open windows keep their start and count and are judged by
   * the new values from the next start on.
   */
  updateBucket(limit: RateLimit, bucket: Bucket, input: { max: number | null; interval: number | null }, now: number): void {
    if (input.interval !== null) this.refuseDuplicateInterval(limit, input.interval, bucket.sid);
    if (input.max !== null) bucket.max = input.max;
    if (input.interval !== null) bucket.interval = input.interval;
    bucket.dateUpdated = now;
  }

  deleteBucket(limit: RateLimit, bucket: Bucket): void {
    this.windowCount -= bucket.windows.size;
    limit.buckets.delete(bucket.sid);
  }

  /**
   * Decides a verification start against the Service Rate Limits it names. Throws 400 / 60200
   * for a name the service does not have, 429 when any Bucket of any named Rate Limit already
   * counted `max` starts for its key value in the open window (with `Retry-After` until the
   * latest of those windows closes and `Twilio-Reached-Rate-Limit` naming the Rate Limit), and
   * 503 when the emulator cannot track another window. Counts nothing: the caller commits the
   * admission once the verification exists, so a start refused for any reason is not counted.
   */
  admit(serviceSid: string, keys: RateLimitKey[], now: number): Admission {
    const counted: { bucket: Bucket; key: string }[] = [];
    let newWindows = 0;
    let refusedBy: RateLimit | undefined;
    let retryAfterMs = 0;
    const limits = this.byService.get(serviceSid);
    for (const { uniqueName, value } of keys) {
      const limit = limits && this.findByName(limits, uniqueName);
      if (!limit) throw invalidVerifyParameter('RateLimits', `the Service has no Rate Limit named '${uniqueName.slice(0, 64)}'`);
      const key = windowKey(value);
      for (const bucket of limit.buckets.values()) {
        const window = bucket.windows.get(key);
        const open = window !== undefined && isOpen(window, bucket, now);
        if (open && window.count >= bucket.max) {
          refusedBy ??= limit;
          retryAfterMs = Math.max(retryAfterMs, window.start + bucket.interval * 1000 - now);
        }
        // A closed window counts as new: makeRoom may drop it before the commit reopens it.
        if (!open) newWindows += 1;
        counted.push({ bucket, key });
      }
    }
    if (refusedBy) {
      throw rateLimitError(
        429,
        SERVICE_RATE_LIMIT_EXCEEDED,
        `Too many requests: the Service Rate Limit '${refusedBy.uniqueName}' refused this verification start`,
        { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))), 'Twilio-Reached-Rate-Limit': refusedBy.uniqueName },
      );
    }
    this.makeRoom(newWindows, now);
    return {
      commit: () => {
        for (const { bucket, key } of counted) {
          const window = bucket.windows.get(key);
          if (window && isOpen(window, bucket, now)) {
            window.count += 1;
          } else {
            if (!window) this.windowCount += 1;
            bucket.windows.set(key, { start: now, count: 1 });
          }
        }
      },
    };
  }

  /** Drops closed windows when the bound is near; 503 if the open ones alone fill it. */
  private makeRoom(needed: number, now: number): void {
    if (this.windowCount + needed <= MAX_RATE_LIMIT_WINDOWS) return;
    for (const limits of this.byService.values()) {
      for (const limit of limits.values()) {
        for (const bucket of limit.buckets.values()) {
          for (const [key, window] of bucket.windows) {
            if (!isOpen(window, bucket, now)) {
              bucket.windows.delete(key);
              this.windowCount -= 1;
            }
          }
        }
      }
    }
    if (this.windowCount + needed > MAX_RATE_LIMIT_WINDOWS) throw capacityExceeded('open Service Rate Limit windows', MAX_RATE_LIMIT_WINDOWS);
  }

  private refuseDuplicateInterval(limit: RateLimit, interval: number, exceptSid: string | undefined): void {
    for (const other of limit.buckets.values()) {
      if (other.sid !== exceptSid && other.interval === interval) {
        throw rateLimitError(400, RateLimitCode.INTERVAL_EXISTS, `Bucket with the given Interval already exists: this Rate Limit has a Bucket with Interval ${interval}`);
      }
    }
  }

  private limitsOf(serviceSid: string): Map<string, RateLimit> {
    return this.byService.get(serviceSid) ?? new Map();
  }

  private findByName(limits: Map<string, RateLimit>, uniqueName: string): RateLimit | undefined {
    for (const limit of limits.values()) if (limit.uniqueName === uniqueName) return limit;
    return undefined;
  }
}
