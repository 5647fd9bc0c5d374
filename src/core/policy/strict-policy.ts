import { formatSubjectKind } from '../throttle/subject';
import type { ThrottleRuleSetsInput, ThrottleRuleSets } from '../throttle/rules';
import type { DestinationRules } from './parse-policy';
import { PolicyError } from './policy-error';

/**
 * Actions whose rule sets keep their normal limits in strict: a code check guards a code that is
 * already paid for (a lower cap would lock out people typing it), and the conversion records are
 * logs, not limits. Every other action (every send, call and inbound flood) gets a strict twin.
 */
export const ACTIONS_UNCHANGED_IN_STRICT: readonly string[] = ['verify-check', 'verify-conversion'];

/** The name of a rule set's strict twin. */
export const strictTwinName = (name: string) => `strict-${name}`;

/**
 * Strict twins of the enforcing rule sets: same action, subject and windows, limits times
 * `factor` (rounded down, at least 1), spread over as many shards as its original. A twin has
 * its own log, so it counts from when strict begins; the normal rule set still applies beside
 * it, so strict never admits more than normal.
 */
export function strictTwinRuleSets(ruleSets: ThrottleRuleSets, factor: number): ThrottleRuleSetsInput {
  const twins: Record<string, ThrottleRuleSetsInput[string]> = {};
  for (const ruleSet of ruleSets.values()) {
    if (ruleSet.mode !== 'enforce' || ACTIONS_UNCHANGED_IN_STRICT.includes(ruleSet.action)) continue;
    twins[strictTwinName(ruleSet.name)] = {
      action: ruleSet.action,
      subject: formatSubjectKind(ruleSet.subject),
      windows: ruleSet.windows.map((window) => ({ limit: Math.max(1, Math.floor(window.limit * factor)), per: window.per })),
      onStoreError: ruleSet.onStoreError,
      shards: ruleSet.shards,
    };
  }
  return twins;
}

/**
 * The destinations strict serves: the normal rules with the country allow list narrowed to
 * `countries` (kept as they are when `countries` is empty). A profile that would leave no
 * country at all is refused at load, not discovered during an incident.
 */
export function strictDestinations(destinations: DestinationRules, countries: readonly string[]): DestinationRules {
  if (countries.length === 0) return destinations;
  const normalAllow = destinations.countries.allow;
  const allow = normalAllow.length === 0 ? [...countries] : countries.filter((code) => normalAllow.includes(code));
  const served = allow.filter((code) => !destinations.countries.deny.includes(code));
  if (served.length === 0) {
    throw new PolicyError('strict.countries', 'leaves no country that destinations.countries allows; name countries the normal policy serves');
  }
  return { ...destinations, countries: { ...destinations.countries, allow: served } };
}
