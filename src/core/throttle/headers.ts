import { partitionKeyBytes } from './subject-key';
import type { QuotaWindow, ThrottleDecision, ThrottleQuota } from './decision-types';

/**
 * Response headers for a decision, per draft-ietf-httpapi-ratelimit-headers (structured-field
 * form) and RFC 9110 `Retry-After`. Only the binding enforced rule set is described (monitor rule
 * sets stay invisible to clients); its partition key is the hashed subject, never a number.
 */
export type RateLimitHeaders = Partial<Record<'RateLimit-Policy' | 'RateLimit' | 'Retry-After', string>>;

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

function partitionKey(quota: ThrottleQuota): string {
  return `:${partitionKeyBytes(quota.key).toString('base64')}:`;
}

// One policy per window; a rule set with several windows names them `<rule>/<per>`.
function policyName(quota: ThrottleQuota, window: QuotaWindow): string {
  return sfString(quota.windows.length === 1 ? quota.rule : `${quota.rule}/${window.per}`);
}

/**
 * `Retry-After` in whole seconds, rounded up (never 0), for a denied decision; `undefined` when
 * the request is allowed (monitor-only denials included).
 *
 * @example
 * retryAfterHeader(decision) // '42'
 */
export function retryAfterHeader(decision: ThrottleDecision): string | undefined {
  if (decision.allowed) return undefined;
  return String(Math.max(1, seconds(decision.retryAfterMs)));
}

/**
 * The `RateLimit-Policy` field: every window of the binding rule set, with quota `q`, window `w`
 * in seconds and partition key `pk`.
 *
 * @example
 * rateLimitPolicyHeader(decision) // '"verify-start/10m";q=3;w=600;pk=:XA8…:, "verify-start/1d";q=10;w=86400;pk=:XA8…:'
 */
export function rateLimitPolicyHeader(decision: ThrottleDecision): string | undefined {
  const quota = decision.quota;
  if (!quota) return undefined;
  const pk = partitionKey(quota);
  return quota.windows.map((window) => `${policyName(quota, window)};q=${window.limit};w=${window.windowMs / 1000};pk=${pk}`).join(', ');
}

/**
 * The `RateLimit` field: remaining quota `r` and seconds `t` until it resets, for every window
 * whose state the decision knows (a store outage decided by policy knows none: no field).
 *
 * @example
 * rateLimitHeader(decision) // '"verify-start/10m";r=0;t=42;pk=:XA8…:, "verify-start/1d";r=7;t=3600;pk=:XA8…:'
 */
export function rateLimitHeader(decision: ThrottleDecision): string | undefined {
  const quota = decision.quota;
  if (!quota) return undefined;
  const pk = partitionKey(quota);
  const items = quota.windows
    .filter((window) => window.remaining !== null && window.resetMs !== null)
    .map((window) => `${policyName(quota, window)};r=${window.remaining};t=${seconds(window.resetMs as number)};pk=${pk}`);
  return items.length ? items.join(', ') : undefined;
}

/**
 * All rate-limit headers for a decision, ready to merge into a response.
 *
 * @example
 * const decision = await throttle.evaluate('verify-start', { number });
 * if (!decision.allowed) return reply(429, body, rateLimitHeaders(decision));
 */
export function rateLimitHeaders(decision: ThrottleDecision): RateLimitHeaders {
  const headers: RateLimitHeaders = {};
  const policy = rateLimitPolicyHeader(decision);
  const state = rateLimitHeader(decision);
  const retryAfter = retryAfterHeader(decision);
  if (policy) headers['RateLimit-Policy'] = policy;
  if (state) headers.RateLimit = state;
  if (retryAfter) headers['Retry-After'] = retryAfter;
  return headers;
}
