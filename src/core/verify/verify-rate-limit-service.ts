import type twilio from 'twilio';
import { VERIFY_RATE_LIMITS, type CurrentRateLimit, type RateLimitChange } from './verify-rate-limits';

type VerifyClient = Pick<twilio.Twilio, 'verify'>;

/**
 * Reads the service's Rate Limits and, for the gatekeeper's own, their Buckets.
 *
 * @example
 * const current = await readVerifyRateLimits(client, 'VA…');
 */
export async function readVerifyRateLimits(client: VerifyClient, serviceSid: string): Promise<CurrentRateLimit[]> {
  const service = client.verify.v2.services(serviceSid);
  const ours = new Set<string>(VERIFY_RATE_LIMITS.map((rateLimit) => rateLimit.uniqueName));
  const rateLimits = (await service.rateLimits.list()).filter((rateLimit) => ours.has(rateLimit.uniqueName));
  return Promise.all(
    rateLimits.map(async (rateLimit) => ({
      sid: rateLimit.sid,
      uniqueName: rateLimit.uniqueName,
      buckets: (await service.rateLimits(rateLimit.sid).buckets.list()).map((bucket) => ({ sid: bucket.sid, max: bucket.max, interval: bucket.interval })),
    })),
  );
}

/**
 * Makes the changes in order (a Rate Limit before its Buckets), one request each, and stops at
 * the first failure (rejecting with it): what ran is reported by `onApplied`, and running `plan`
 * again shows what is left. Rate Limits are addressed by SID, from `current` or from the create.
 */
export async function applyVerifyRateLimitChanges(
  client: VerifyClient,
  serviceSid: string,
  current: readonly CurrentRateLimit[],
  changes: readonly RateLimitChange[],
  onApplied: (change: RateLimitChange) => void = () => {},
): Promise<void> {
  const service = client.verify.v2.services(serviceSid);
  const sids = new Map(current.map((rateLimit) => [rateLimit.uniqueName, rateLimit.sid]));
  const rateLimit = (uniqueName: string) => {
    const sid = sids.get(uniqueName);
    if (!sid) throw new Error(`rate limit ${uniqueName} is neither on the service nor created by this plan`);
    return service.rateLimits(sid);
  };
  for (const change of changes) {
    switch (change.op) {
      case 'create_rate_limit':
        sids.set(change.uniqueName, (await service.rateLimits.create({ uniqueName: change.uniqueName, description: change.description })).sid);
        break;
      case 'create_bucket':
        await rateLimit(change.uniqueName).buckets.create({ max: change.max, interval: change.interval });
        break;
      case 'update_bucket':
        await rateLimit(change.uniqueName).buckets(change.bucketSid).update({ max: change.max, interval: change.interval });
        break;
      case 'delete_bucket':
        await rateLimit(change.uniqueName).buckets(change.bucketSid).remove();
        break;
    }
    onApplied(change);
  }
}
