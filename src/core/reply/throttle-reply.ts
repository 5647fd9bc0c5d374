import { GateError } from '../http/gate-error';
import { rateLimitHeaders, type ThrottleDecision } from '../throttle';

/** `Retry-After` and the RateLimit headers of a decision, without absent ones. */
export function throttleHeaders(decision: ThrottleDecision): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) if (value !== undefined) headers[name] = value;
  return headers;
}

/**
 * The error for a throttle that did not allow a request: 429 `ERR_GATE_THROTTLED` when a limit
 * was reached, 503 `ERR_GATE_UNAVAILABLE` when the store failed and the rule set fails closed.
 * Both carry `Retry-After`; neither says which rule (that is in the decision log).
 */
export function throttleError(decision: ThrottleDecision): GateError {
  const headers = throttleHeaders(decision);
  if (decision.reason === 'store_unavailable') {
    return new GateError('ERR_GATE_UNAVAILABLE', 'The gatekeeper cannot check its limits right now. Try again shortly.', { headers });
  }
  return new GateError('ERR_GATE_THROTTLED', 'Too many requests for this destination. Try again later.', { headers });
}
