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

/**
 * A throttle decision as every gate logs it: verdict, deciding rule and window, path, whether the
 * request's events are stored (`committed`: every rule set that counts it recorded it), races
 * lost on the way and the first store error. Hashed keys stay out.
 */
export function throttleLogFields(decision: ThrottleDecision | null | undefined) {
  if (!decision) return undefined;
  const counted = decision.rules.filter((rule) => rule.key !== null && rule.reason !== 'store_error_open');
  return {
    allowed: decision.allowed,
    reason: decision.reason,
    rule: decision.rule,
    window: decision.window,
    remaining: decision.remaining,
    retryAfterMs: decision.retryAfterMs,
    path: decision.path,
    monitorOnly: decision.monitorOnly,
    ...(decision.vetoed ? { vetoed: true } : {}),
    committed: counted.length > 0 && counted.every((rule) => rule.committed),
    conflicts: decision.rules.reduce((sum, rule) => sum + rule.conflicts, 0),
    storeError: decision.rules.find((rule) => rule.storeError !== null)?.storeError ?? null,
  };
}
