import type { ThrottleRuleSets } from '../throttle';
import { hashSubject } from '../throttle/subject-key';

/**
 * The Verify Service Rate Limits the gatekeeper manages: one per subject the policy limits
 * verification starts by. Unique names carry no PII (Twilio's rule); the key values are keyed
 * hashes of the number or identity, so Twilio learns nothing it does not already have.
 */
export const VERIFY_RATE_LIMITS = [
  { uniqueName: 'gate_number', subject: 'number', description: 'twilio-fraud-gatekeeper: verify-start per number' },
  { uniqueName: 'gate_identity', subject: 'identity', description: 'twilio-fraud-gatekeeper: verify-start per identity' },
] as const;

export type VerifyRateLimitName = (typeof VERIFY_RATE_LIMITS)[number]['uniqueName'];

/** One Bucket: at most `max` starts per key value in `interval` seconds. */
export interface RateLimitBucket {
  max: number;
  interval: number;
}

/** A Rate Limit as the policy wants it. */
export interface DesiredRateLimit {
  uniqueName: VerifyRateLimitName;
  description: string;
  buckets: RateLimitBucket[];
}

/** A Rate Limit as the Verify service has it. */
export interface CurrentRateLimit {
  sid: string;
  uniqueName: string;
  buckets: Array<RateLimitBucket & { sid: string }>;
}

/** One change `apply` makes; `plan` prints them. */
export type RateLimitChange =
  | { op: 'create_rate_limit'; uniqueName: VerifyRateLimitName; description: string }
  | { op: 'create_bucket'; uniqueName: VerifyRateLimitName; max: number; interval: number }
  | { op: 'update_bucket'; uniqueName: VerifyRateLimitName; bucketSid: string; max: number; interval: number; from: number }
  | { op: 'delete_bucket'; uniqueName: VerifyRateLimitName; bucketSid: string; max: number; interval: number };

/**
 * The Rate Limits matching the policy's enforced `verify-start` rule sets per number and per
 * identity: one Bucket per window (limit per window length in seconds). Several windows of one
 * length keep the smallest limit. Both Rate Limits are always wanted, even without Buckets, so
 * the keys `verify/start` passes always name existing Rate Limits (Verify refuses unknown names).
 *
 * @example
 * desiredVerifyRateLimits(parseRuleSets(undefined, DEFAULT_RULE_SETS))
 * // [{ uniqueName: 'gate_number', buckets: [{ max: 3, interval: 600 }, { max: 10, interval: 86400 }], ... }, ...]
 */
export function desiredVerifyRateLimits(ruleSets: ThrottleRuleSets): DesiredRateLimit[] {
  return VERIFY_RATE_LIMITS.map(({ uniqueName, subject, description }) => {
    const byInterval = new Map<number, number>();
    for (const ruleSet of ruleSets.values()) {
      if (ruleSet.action !== 'verify-start' || ruleSet.subject.type !== subject || ruleSet.mode !== 'enforce') continue;
      for (const window of ruleSet.windows) {
        const interval = Math.round(window.windowMs / 1000);
        byInterval.set(interval, Math.min(window.limit, byInterval.get(interval) ?? Infinity));
      }
    }
    const buckets = [...byInterval].map(([interval, max]) => ({ max, interval })).sort((a, b) => a.interval - b.interval);
    return { uniqueName, description, buckets };
  });
}

/**
 * The changes that make the service's Rate Limits match `desired`. Only the gatekeeper's own
 * Rate Limits (`gate_number`, `gate_identity`) are touched; others on the service are left alone.
 * Buckets are matched by interval (preferring one with the right max): a different max is
 * updated, a missing interval created, an interval the policy no longer has (or a second Bucket
 * of one interval) deleted.
 *
 * @example
 * planVerifyRateLimits(desired, []) // create both Rate Limits, then their Buckets
 */
export function planVerifyRateLimits(desired: readonly DesiredRateLimit[], current: readonly CurrentRateLimit[]): RateLimitChange[] {
  const changes: RateLimitChange[] = [];
  for (const want of desired) {
    const have = current.find((rateLimit) => rateLimit.uniqueName === want.uniqueName);
    if (!have) changes.push({ op: 'create_rate_limit', uniqueName: want.uniqueName, description: want.description });
    const existing = [...(have?.buckets ?? [])].sort((a, b) => a.interval - b.interval || a.sid.localeCompare(b.sid));
    const kept = new Set<string>();
    for (const bucket of want.buckets) {
      // Of several Buckets of one interval, keep the one already right, so nothing is rewritten.
      const free = existing.filter((candidate) => candidate.interval === bucket.interval && !kept.has(candidate.sid));
      const match = free.find((candidate) => candidate.max === bucket.max) ?? free[0];
      if (!match) {
        changes.push({ op: 'create_bucket', uniqueName: want.uniqueName, ...bucket });
        continue;
      }
      kept.add(match.sid);
      if (match.max !== bucket.max) changes.push({ op: 'update_bucket', uniqueName: want.uniqueName, bucketSid: match.sid, ...bucket, from: match.max });
    }
    for (const bucket of existing) {
      if (!kept.has(bucket.sid)) changes.push({ op: 'delete_bucket', uniqueName: want.uniqueName, bucketSid: bucket.sid, max: bucket.max, interval: bucket.interval });
    }
  }
  return changes;
}

/**
 * The `RateLimits` a verification start passes: the keyed hash of the number, and of the
 * identity when the app gave one. Domain-separated from the Sync keys, so the same value never
 * appears in both places.
 *
 * @example
 * verifyRateLimitKeys(secret, { number: '+447400123456' }) // { gate_number: '9f2c…' }
 */
export function verifyRateLimitKeys(secret: string, subject: { number: string; identity?: string }): Partial<Record<VerifyRateLimitName, string>> {
  return {
    gate_number: hashSubject(secret, `verify-rate-limit|number|${subject.number}`),
    ...(subject.identity !== undefined ? { gate_identity: hashSubject(secret, `verify-rate-limit|identity|${subject.identity}`) } : {}),
  };
}

/** One change as a line of `gatekeeper verify-limits plan`. */
export function describeRateLimitChange(change: RateLimitChange): string {
  const bucket = (max: number, interval: number) => `${max} per ${interval} s`;
  switch (change.op) {
    case 'create_rate_limit':
      return `+ rate limit ${change.uniqueName}`;
    case 'create_bucket':
      return `+ bucket ${change.uniqueName}: ${bucket(change.max, change.interval)}`;
    case 'update_bucket':
      return `~ bucket ${change.uniqueName}: ${bucket(change.from, change.interval)} -> ${bucket(change.max, change.interval)}`;
    case 'delete_bucket':
      return `- bucket ${change.uniqueName}: ${bucket(change.max, change.interval)}`;
  }
}
