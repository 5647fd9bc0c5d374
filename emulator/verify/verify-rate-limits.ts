import { isoDate } from '../core/dates';
import { notFound } from '../core/errors';
import { parsePageRequest, v1Page } from '../core/paging';
import type { ApiResponse, RouteContext, RouteDefinition } from '../core/router';
import type { Bucket, RateLimit, RateLimitKey, VerifyRateLimitStore } from './verify-rate-limit-store';
import { invalidVerifyParameter as invalid, type VerifyService, type VerifyStore } from './verify-store';

const VERIFY_BASE = 'https://verify.twilio.com/v2';
const PREFIX = '/verify/v2/Services/:svc/RateLimits';
/**
 * The spec types Max and Interval as `integer` (32-bit in Twilio's SDKs) and documents no bounds;
 * both must be at least 1 here (inferred: a Max of 0 would refuse every start, an Interval of 0
 * would count nothing).
 */
const MAX_INTEGER = 2_147_483_647;

function rateLimitUrl(limit: RateLimit): string {
  return `${VERIFY_BASE}/Services/${limit.serviceSid}/RateLimits/${limit.sid}`;
}

/** `verify.v2.service.rate_limit`; the URLs name the SID even when the path used the unique name. */
export function serializeRateLimit(limit: RateLimit): Record<string, unknown> {
  const url = rateLimitUrl(limit);
  return {
    sid: limit.sid,
    service_sid: limit.serviceSid,
    account_sid: limit.accountSid,
    unique_name: limit.uniqueName,
    description: limit.description,
    date_created: isoDate(limit.dateCreated),
    date_updated: isoDate(limit.dateUpdated),
    url,
    links: { buckets: `${url}/Buckets` },
  };
}

/** `verify.v2.service.rate_limit.bucket`. */
export function serializeBucket(limit: RateLimit, bucket: Bucket): Record<string, unknown> {
  return {
    sid: bucket.sid,
    rate_limit_sid: bucket.rateLimitSid,
    service_sid: bucket.serviceSid,
    account_sid: bucket.accountSid,
    max: bucket.max,
    interval: bucket.interval,
    date_created: isoDate(bucket.dateCreated),
    date_updated: isoDate(bucket.dateUpdated),
    url: `${rateLimitUrl(limit)}/Buckets/${bucket.sid}`,
  };
}

/** `Max` / `Interval`: a whole number from 1; null when absent (callers decide if it is required). */
function parsePositive(form: URLSearchParams, name: string): number | null {
  const raw = form.get(name);
  if (raw === null) return null;
  const value = Number(raw);
  if (!/^\d{1,10}$/.test(raw) || value < 1 || value > MAX_INTEGER) throw invalid(name, `expected a whole number from 1 to ${MAX_INTEGER}`);
  return value;
}

function requirePositive(form: URLSearchParams, name: string): number {
  const value = parsePositive(form, name);
  if (value === null) throw invalid(name, 'required');
  return value;
}

/**
 * The `RateLimits` parameter of a verification start: a JSON object mapping Rate Limit unique
 * names to key values (twilio-node sends `rateLimits: { end_user_ip_address: '1.2.3.4' }` as its
 * JSON text). Values are strings; numbers and booleans are read as their text, as a
 * string-valued map would. Anything else is 400 / 60200.
 */
export function parseRateLimitKeys(raw: string | null): RateLimitKey[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('RateLimits', 'expected a JSON object of Rate Limit unique names to values');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('RateLimits', 'expected a JSON object of Rate Limit unique names to values');
  }
  return Object.entries(value).map(([uniqueName, key]) => {
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
      throw invalid('RateLimits', `the value for '${uniqueName.slice(0, 64)}' must be a string`);
    }
    return { uniqueName, value: String(key) };
  });
}

/**
 * Verify v2 Service Rate Limits and their Buckets: create, list, fetch, update, delete. A Rate
 * Limit is addressed by its `RK` SID or its unique name. Enforcement happens on verification
 * starts (verify.ts, through `VerifyRateLimitStore.admit`).
 */
export function verifyRateLimitRoutes(services: VerifyStore, store: VerifyRateLimitStore): RouteDefinition[] {
  const service = (ctx: RouteContext): VerifyService => {
    const found = services.getService(ctx.params.svc);
    if (!found) throw notFound(ctx.twilioPath);
    return found;
  };
  const rateLimit = (ctx: RouteContext): RateLimit => {
    const found = store.getRateLimit(service(ctx).sid, ctx.params.rateLimit);
    if (!found) throw notFound(ctx.twilioPath);
    return found;
  };
  const bucket = (ctx: RouteContext): { limit: RateLimit; bucket: Bucket } => {
    const limit = rateLimit(ctx);
    const found = store.getBucket(limit, ctx.params.bucket);
    if (!found) throw notFound(ctx.twilioPath);
    return { limit, bucket: found };
  };
  const route = (method: RouteDefinition['method'], suffix: string, handler: (ctx: RouteContext) => ApiResponse): RouteDefinition => ({
    method,
    pattern: `${PREFIX}${suffix}`,
    product: 'verify',
    handler,
  });

  return [
    route('GET', '', (ctx) => {
      const svc = service(ctx);
      const limits = store.listRateLimits(svc.sid).map(serializeRateLimit);
      return { status: 200, body: v1Page(limits, 'rate_limits', `${VERIFY_BASE}/Services/${svc.sid}/RateLimits`, [], parsePageRequest(ctx.query)) };
    }),
    route('POST', '', (ctx) => {
      const svc = service(ctx);
      const uniqueName = ctx.form.get('UniqueName');
      if (uniqueName === null || uniqueName.length === 0) throw invalid('UniqueName', 'required');
      const created = store.createRateLimit(
        { serviceSid: svc.sid, accountSid: ctx.principal.accountSid, uniqueName, description: ctx.form.get('Description') },
        ctx.now,
      );
      return { status: 201, body: serializeRateLimit(created) };
    }),
    route('GET', '/:rateLimit', (ctx) => ({ status: 200, body: serializeRateLimit(rateLimit(ctx)) })),
    route('POST', '/:rateLimit', (ctx) => {
      const limit = rateLimit(ctx);
      store.updateRateLimit(limit, ctx.form.get('Description'), ctx.now);
      return { status: 200, body: serializeRateLimit(limit) };
    }),
    route('DELETE', '/:rateLimit', (ctx) => {
      store.deleteRateLimit(rateLimit(ctx));
      return { status: 204 };
    }),
    route('GET', '/:rateLimit/Buckets', (ctx) => {
      const limit = rateLimit(ctx);
      const buckets = store.listBuckets(limit).map((b) => serializeBucket(limit, b));
      return { status: 200, body: v1Page(buckets, 'buckets', `${rateLimitUrl(limit)}/Buckets`, [], parsePageRequest(ctx.query)) };
    }),
    route('POST', '/:rateLimit/Buckets', (ctx) => {
      const limit = rateLimit(ctx);
      const max = requirePositive(ctx.form, 'Max');
      const interval = requirePositive(ctx.form, 'Interval');
      return { status: 201, body: serializeBucket(limit, store.createBucket(limit, { max, interval }, ctx.now)) };
    }),
    route('GET', '/:rateLimit/Buckets/:bucket', (ctx) => {
      const found = bucket(ctx);
      return { status: 200, body: serializeBucket(found.limit, found.bucket) };
    }),
    route('POST', '/:rateLimit/Buckets/:bucket', (ctx) => {
      const found = bucket(ctx);
      const update = { max: parsePositive(ctx.form, 'Max'), interval: parsePositive(ctx.form, 'Interval') };
      store.updateBucket(found.limit, found.bucket, update, ctx.now);
      return { status: 200, body: serializeBucket(found.limit, found.bucket) };
    }),
    route('DELETE', '/:rateLimit/Buckets/:bucket', (ctx) => {
      const found = bucket(ctx);
      store.deleteBucket(found.limit, found.bucket);
      return { status: 204 };
    }),
  ];
}
