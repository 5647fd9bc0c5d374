import { unconvertedBudget, type UnconvertedBudgetDecision, type UnconvertedBudgetRule } from './unconverted-budget';

/**
 * The country's unconverted-send budget (`adaptive.unconverted.country`), judged on counts of the
 * logs every start and approval already writes (`verify-start-country`, `verify-conversion-country`:
 * counted and sharded), so it costs a start no Sync item of its own. Three states, by the
 * country's outstanding sends O (starts minus approvals in the window) and its approvals A (the
 * day's, or its daily average over the week when that is higher):
 *
 * - **normal** while O is below `floor + perApproval * A`: a country whose codes are entered at
 *   the rate real users enter them (two in three, counting resends) never leaves it; each range
 *   still has its own looser budget (`range`: three unentered codes a day), so a pumper that
 *   keeps to a few ranges of a busy country is held there too;
 * - **strict** above it: only the request's 8-digit range is judged (`escalation`: a range's
 *   unconverted sends, one a day and one more per approval there) and codes by call are refused,
 *   so real users, spread over the country's ranges, pass, and a pumper gets one code per range
 *   it walks;
 * - **spent** once O also reaches `floor + (perApproval + strictPerApproval) * A`, in a country
 *   that is not one of the app's own (under `minShare` of the approvals of the countries this
 *   instance knows): new starts are refused until approvals or time free room. A country where
 *   the app has no users, the pumper's favourite, is spent at its floor.
 *
 * A country with `minShare` or more of the app's approvals is never spent (its real users would
 * be refused with the pumper, and refused users enter no codes, so it could not recover), nor is
 * any country while the countries this instance knows show fewer than `warmUpApprovals`
 * approvals (a new deployment: no history yet to tell the app's countries from the others).
 * Pure: the caller passes the counts.
 */
export interface CountryBudgetRule extends UnconvertedBudgetRule {
  readonly scope: 'country';
  /** The per-range budget of a strict country. */
  readonly escalation: UnconvertedBudgetRule;
  /** The per-range budget of a normal country (looser than the strict one), or null to judge ranges only when strict. */
  readonly range: UnconvertedBudgetRule | null;
  /** Extra outstanding sends a strict country keeps per approval (of the day, or its weekly daily average) before it is spent. */
  readonly strictPerApproval: number;
  /** How old the counts an instance judges on may be, in ms (see `CountryTallies`). */
  readonly refreshMs: number;
  readonly refresh: string;
  /** No country is spent while the countries an instance knows show fewer approvals than this. */
  readonly warmUpApprovals: number;
  /** A country with at least this share (0 to 1) of the approvals this instance knows of is the app's own: never spent. */
  readonly minShare: number;
}

/** A country's counts over the rule's window, as a tally read them (plus this instance's own starts since). */
export interface CountryCounts {
  readonly starts: number;
  readonly approvals: number;
  /** Approvals per day over the longest window the approvals log keeps (a week by default); 0 when it keeps none longer than the rule's. */
  readonly baselineApprovals: number;
  /** Since the oldest start counted, in ms. */
  readonly observedMs: number;
}

export type CountryBudgetState = 'normal' | 'strict' | 'spent' | 'unknown';

/** The state and the country-level decision (`escalatedFrom` of a strict range's decision). */
export interface CountryJudgement {
  readonly state: CountryBudgetState;
  readonly decision: UnconvertedBudgetDecision;
  /** The outstanding sends at which the country is spent (null when unknown). */
  readonly spentAt: number | null;
}

/** The outstanding sends at which a country that is not the app's own is spent: `floor + (perApproval + strictPerApproval) * approvals`, within `cap`. */
export function countrySpentAt(rule: CountryBudgetRule, approvals: number): number {
  return Math.min(rule.cap, unconvertedBudget(rule, approvals) + Math.floor(rule.strictPerApproval * approvals));
}

/** What the country's judgement depends on beyond its counts. */
export interface CountryContext {
  /** Approvals (each country's day or daily weekly average, whichever is higher) of every country this instance knows, this one included. */
  readonly knownApprovals: number;
}

/** A country's approvals as the budget weighs them: the day's, or its daily average over the week when higher. */
export function effectiveApprovals(counts: Pick<CountryCounts, 'approvals' | 'baselineApprovals'>): number {
  return Math.max(counts.approvals, counts.baselineApprovals);
}

/**
 * Judges a country for one start. Unknown counts leave it unjudged: a store failure never
 * refuses a whole country (the throttle's own limits still hold).
 *
 * @example
 * judgeCountry(rule, { starts: 12, approvals: 0, baselineApprovals: 0, observedMs: 60_000 }, { knownApprovals: 500 }).state // 'spent' (floor 10)
 */
export function judgeCountry(rule: CountryBudgetRule, counts: CountryCounts | undefined, context: CountryContext): CountryJudgement {
  if (!counts) {
    const decision: UnconvertedBudgetDecision = { rule, allowed: true, reason: 'starts_unknown', starts: null, approvals: null, outstanding: null, budget: null, liftsInMs: 0, observedMs: 0 };
    return { state: 'unknown', decision, spentAt: null };
  }
  const approvals = effectiveApprovals(counts);
  const outstanding = Math.max(0, counts.starts - counts.approvals);
  const budget = unconvertedBudget(rule, approvals);
  const spentAt = countrySpentAt(rule, approvals);
  const base = { rule, starts: counts.starts, approvals: counts.approvals, outstanding, budget, observedMs: counts.observedMs };
  if (outstanding < budget) return { state: 'normal', decision: { ...base, allowed: true, reason: 'ok', liftsInMs: 0 }, spentAt };
  // Over the budget: refused as a country (judged again on the next counts), unless its ranges decide.
  const decision: UnconvertedBudgetDecision = { ...base, allowed: false, reason: 'over_budget', liftsInMs: rule.refreshMs };
  const ownCountry = approvals >= 1 && approvals >= rule.minShare * Math.max(approvals, context.knownApprovals);
  const warm = context.knownApprovals >= rule.warmUpApprovals;
  const spent = warm && !ownCountry && outstanding >= spentAt;
  return { state: spent ? 'spent' : 'strict', decision, spentAt };
}

/**
 * True when the counts are within a few starts of a threshold that changes the answer (normal
 * to strict, strict to spent): the next start must judge on fresh counts, not on counts up to
 * the refresh time old, or every instance would admit its own few past the threshold.
 */
export function nearThreshold(judged: CountryJudgement): boolean {
  const { decision, spentAt, state } = judged;
  if ((state !== 'normal' && state !== 'strict') || decision.outstanding === null || decision.budget === null || spentAt === null) return false;
  const threshold = state === 'normal' ? decision.budget : spentAt;
  const room = threshold - decision.outstanding;
  // A strict country already past spentAt (the app's own, or a new deployment's) has no threshold ahead.
  return room > 0 && room <= Math.max(2, Math.ceil(threshold / 10));
}

/** True for the country budget, judged on tallies (every other budget reads exact logs). */
export function isCountryBudgetRule(rule: UnconvertedBudgetRule): rule is CountryBudgetRule {
  return rule.scope === 'country' && 'strictPerApproval' in rule;
}
