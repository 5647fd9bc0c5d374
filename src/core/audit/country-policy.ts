import type { ListRule } from '../policy';

/** Which countries the policy lets calls and messages reach. */
export interface CountryPolicy {
  voice(iso: string): boolean;
  sms(iso: string): boolean;
  /** How the rule was set, for evidence: the allow-list, or "all but N denied". */
  describe: string;
  /** True when countries are named explicitly (an allow-list or `--countries`), not just a deny-list. */
  explicit: boolean;
}

/**
 * The policy's destination countries as a predicate: with an allow-list only those countries;
 * otherwise every country but the deny-list. `override` (`--countries GB,US`) replaces both
 * for the account's geo permissions.
 *
 * @example
 * countryPolicy({ allow: [], deny: ['LV'] }).voice('LV') // false
 */
export function countryPolicy(rule: ListRule, override: readonly string[] | null = null): CountryPolicy {
  if (override !== null) {
    const allowed = new Set(override);
    return { voice: (iso) => allowed.has(iso), sms: (iso) => allowed.has(iso), describe: `only ${override.join(', ')} (--countries)`, explicit: true };
  }
  const deny = new Set(rule.deny);
  const allow = new Set(rule.allow);
  const allowed = (iso: string) => (allow.size > 0 ? allow.has(iso) : true) && !deny.has(iso);
  const describe = allow.size > 0 ? `only ${rule.allow.join(', ')} (policy allow-list)` : `every country but the ${deny.size} the policy denies`;
  return { voice: allowed, sms: allowed, describe, explicit: allow.size > 0 };
}
