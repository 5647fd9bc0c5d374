import type { CountryCode } from 'libphonenumber-js/max';
import { maskPhoneNumber } from '../log/mask';
import type { DestinationEvaluator } from '../phone/evaluate-destination';

/** The checked forwarding numbers, or why the configuration cannot be used. */
export type ForwardTargets = { ok: true; numbers: string[] } | { ok: false; setting: 'GATE_FORWARD_TO'; problem: string };

const checked = new WeakMap<DestinationEvaluator, Map<string, { result: ForwardTargets; validUntil: number }>>();

/**
 * Checks every `GATE_FORWARD_TO` number against the voice destination policy, once per warm
 * instance (per compiled policy and list), again once an allow entry a number relied on expires. A refused number is a configuration error, not a
 * per-call decision: a forward to a premium or high-risk route is exactly the toll fraud a
 * hacked PBX is used for, so the gate will not forward at all until the list is fixed. The
 * problem names the entry masked, with the reason and rule that refused it.
 *
 * @example
 * resolveForwardTargets(['+447911123456'], policy.evaluateDestination) // { ok: true, numbers: ['+447911123456'] }
 */
export function resolveForwardTargets(numbers: readonly string[], evaluate: DestinationEvaluator, defaultCountry?: CountryCode, now = Date.now()): ForwardTargets {
  const key = `${defaultCountry ?? ''}|${numbers.join(',')}`;
  let known = checked.get(evaluate);
  const cached = known?.get(key);
  if (cached && now < cached.validUntil) return cached.result;

  let validUntil = Infinity;
  let result: ForwardTargets = { ok: true, numbers: [...numbers] };
  if (numbers.length === 0) {
    result = { ok: false, setting: 'GATE_FORWARD_TO', problem: 'not set: there is no number to forward calls to; list your own numbers, e.g. +447700900123' };
  }
  for (const [index, number] of numbers.entries()) {
    const decision = evaluate(number, { channel: 'voice', defaultCountry, now });
    if (decision.expiresAt !== undefined) validUntil = Math.min(validUntil, decision.expiresAt);
    if (!decision.allowed) {
      result = {
        ok: false,
        setting: 'GATE_FORWARD_TO',
        problem: `entry ${index + 1} (${maskPhoneNumber(number)}) is refused by the voice destination policy (${decision.reason}: ${decision.rule}); forward only to numbers the policy allows, or allow this one explicitly in destinations.numbers.allow`,
      };
      break;
    }
  }
  if (!known) {
    known = new Map();
    checked.set(evaluate, known);
  }
  known.set(key, { result, validUntil });
  return result;
}
