import type { DestinationDecision } from '../phone/evaluate-destination';
import type { DenyList } from './deny-list';

/**
 * A destination decision with the runtime deny list's ranges applied: ranges put there by an
 * operator (`gatekeeper deny add +4479112`) or by `alerts/debugger` after Twilio blocked traffic
 * to them. Every outbound money path asks it after the policy allowed the destination: one cached
 * read per instance, so a flood of requests costs nothing more. A failed read leaves the policy's
 * decision as it was (the list narrows the policy; the throttles still apply).
 *
 * @example
 * const destination = await withRuntimeDenyList(runtime.denyList, free);
 * // { allowed: false, reason: 'prefix_denied', rule: 'deny-list.prefixes[+4479112]', ... }
 */
export async function withRuntimeDenyList<D extends DestinationDecision>(denyList: Pick<DenyList, 'checkPrefixes'>, decision: D): Promise<D> {
  if (!decision.allowed || !decision.e164) return decision;
  const listed = await denyList.checkPrefixes(decision.e164);
  return listed.listed ? { ...decision, allowed: false, reason: 'prefix_denied', rule: listed.rule as string } : decision;
}
