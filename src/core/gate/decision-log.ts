import type { RefinedDecision } from '../lookup';
import type { DestinationDecision } from '../phone/evaluate-destination';
import type { ThrottleDecision } from '../throttle';

/**
 * A destination decision as every gate logs it: verdict, reason and deciding rule (no number),
 * and the refusal a safe-list entry overrode, when one did.
 */
export function destinationLogFields(decision: DestinationDecision | RefinedDecision) {
  const overridden = 'overridden' in decision ? (decision as { overridden?: unknown }).overridden : undefined;
  return { allowed: decision.allowed, reason: decision.reason, rule: decision.rule, lookup: 'lookup' in decision ? decision.lookup : undefined, overridden };
}

/** A throttle decision as every gate logs it: verdict, deciding rule and window, path. Hashed keys stay out. */
export function throttleLogFields(decision: ThrottleDecision | null | undefined) {
  if (!decision) return undefined;
  return {
    allowed: decision.allowed,
    reason: decision.reason,
    rule: decision.rule,
    window: decision.window,
    remaining: decision.remaining,
    retryAfterMs: decision.retryAfterMs,
    path: decision.path,
    monitorOnly: decision.monitorOnly,
  };
}
