import { getCountries } from 'libphonenumber-js/max';
import type { UnconvertedBudgetRule } from '../adaptive/unconverted-budget';
import { ruleSetsForAction, type ThrottleRuleSet } from '../throttle/rules';
import type { CompiledPolicy } from './load-policy';

/** What an attacker who never enters a code can get out, per horizon. */
export type BoundedResource = 'codes' | 'calls' | 'sms';

/** One thing that caps a resource over every spread: a rule with its most per hour and per day. */
export interface BoundCandidate {
  /** `throttle verify-start-global`, `adaptive.unconverted.global`, ... */
  readonly rule: string;
  readonly perHour: number;
  readonly perDay: number;
  /** False when it stops holding while Sync fails (`onStoreError` `open` or `local`). */
  readonly holdsWhenStoreFails: boolean;
}

export interface Bound {
  /** The most per horizon (`Infinity` when nothing bounds it, e.g. `mode: monitor`). */
  readonly limit: number;
  /** The rule that binds, or null when none does. */
  readonly rule: string | null;
}

export interface ResourceBounds {
  readonly hour: Bound;
  readonly day: Bound;
  /** Every rule that caps the resource whatever the spread, loosest last. */
  readonly candidates: readonly BoundCandidate[];
}

export type PolicyBounds = Readonly<Record<BoundedResource, ResourceBounds>>;

/** The action whose admitted requests are the resource: verification starts (every channel), outbound calls, outbound SMS. */
const ACTIONS: Readonly<Record<BoundedResource, string>> = { codes: 'verify-start', calls: 'voice-outbound', sms: 'sms-outbound' };
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The most events a sliding window of `limit` per `windowMs` admits in any period of
 * `horizonMs`: `limit` in each of the ceil(horizon / window) windows the period spans.
 *
 * @example
 * mostInHorizon(3000, 600_000, 3_600_000) // 18_000
 */
export function mostInHorizon(limit: number, windowMs: number, horizonMs: number): number {
  return limit * Math.ceil(horizonMs / windowMs);
}

function ruleSetCandidate(ruleSet: ThrottleRuleSet, multiplier: number, label: string): BoundCandidate {
  const most = (horizonMs: number) => Math.min(...ruleSet.windows.map((window) => mostInHorizon(window.limit, window.windowMs, horizonMs))) * multiplier;
  return { rule: label, perHour: most(HOUR_MS), perDay: most(DAY_MS), holdsWhenStoreFails: ruleSet.onStoreError === 'closed' };
}

/** Countries a destination may be in under the policy: the allow list (or every country) minus the deny list. */
function servedCountries(compiled: CompiledPolicy): number {
  const { allow, deny } = compiled.policy.destinations.countries;
  const all = allow.length > 0 ? allow : getCountries();
  return all.filter((country) => !deny.includes(country)).length;
}

function budgetCandidate(rule: UnconvertedBudgetRule, multiplier: number, label: string): BoundCandidate {
  // A never-converting attacker's sends are outstanding; real users' approvals can raise the budget to its cap, no further.
  return { rule: label, perHour: mostInHorizon(rule.cap, rule.windowMs, HOUR_MS) * multiplier, perDay: mostInHorizon(rule.cap, rule.windowMs, DAY_MS) * multiplier, holdsWhenStoreFails: false };
}

/**
 * The rules that cap one resource however the attacker spreads over numbers, ranges,
 * identities and countries: enforced `global` rule sets; `country` rule sets times the countries
 * served; a `global` unconverted budget (codes). Per-number, per-range and per-identity limits
 * bound nothing (an attacker takes more numbers, ranges, identities), nor does the country
 * budget: in the app's own countries it judges each range, and ranges are what an attacker has
 * most of (it holds a pumper to its floor only in countries the app has no users in).
 */
function candidatesFor(compiled: CompiledPolicy, resource: BoundedResource): BoundCandidate[] {
  if (compiled.policy.mode === 'monitor') return [];
  const countries = servedCountries(compiled);
  const ruleSets = ruleSetsForAction(compiled.ruleSets, ACTIONS[resource]).filter((ruleSet) => ruleSet.mode === 'enforce');
  const fromRuleSets = ruleSets.flatMap((ruleSet) => {
    if (ruleSet.subject.type === 'global') return [ruleSetCandidate(ruleSet, 1, `throttle ${ruleSet.name}`)];
    if (ruleSet.subject.type === 'country') return [ruleSetCandidate(ruleSet, countries, `throttle ${ruleSet.name} x ${countries} countries`)];
    return [];
  });
  const budgets = resource === 'codes' ? compiled.policy.adaptive.unconverted : [];
  const fromBudgets = budgets.flatMap((rule) => {
    if (rule.scope === 'global') return [budgetCandidate(rule, 1, 'adaptive.unconverted.global')];
    return [];
  });
  return [...fromRuleSets, ...fromBudgets].sort((a, b) => a.perDay - b.perDay || a.perHour - b.perHour);
}

function tightest(candidates: readonly BoundCandidate[], horizon: 'perHour' | 'perDay'): Bound {
  const best = candidates.reduce<BoundCandidate | undefined>((found, candidate) => (found === undefined || candidate[horizon] < found[horizon] ? candidate : found), undefined);
  return best ? { limit: best[horizon], rule: best.rule } : { limit: Number.POSITIVE_INFINITY, rule: null };
}

/**
 * The most verification codes, outbound calls and outbound SMS per hour and per day that an
 * attacker who never enters a code can obtain under the policy, from the policy alone, and the
 * rule that binds each. It holds whatever the spread; it assumes Sync answers (a rule set that
 * fails `open` or `local` stops bounding during an outage: see `candidates`) and the normal
 * gate mode (strict only lowers it). Verify's call channel counts as codes.
 *
 * @example
 * policyBounds(loadPolicy('{}')).codes.hour // { limit: 10000, rule: 'throttle verify-start-global' }
 */
export function policyBounds(compiled: CompiledPolicy): PolicyBounds {
  const bounds = (resource: BoundedResource): ResourceBounds => {
    const candidates = candidatesFor(compiled, resource);
    return { hour: tightest(candidates, 'perHour'), day: tightest(candidates, 'perDay'), candidates };
  };
  return { codes: bounds('codes'), calls: bounds('calls'), sms: bounds('sms') };
}
