/**
 * Unconverted-send budgets: pumping is, by definition, codes nobody enters. For one scope (a
 * country, the numbers sharing their first N digits, or everything), the verifications started
 * in the window and not matched by an approved check are "outstanding"; a new start is refused
 * once they reach the scope's budget, and every approval frees room again. Real users convert
 * 70-90% and barely touch it; an attacker converting little or nothing runs out after a bounded
 * number of sends however widely it spreads, since every spread still lands in some country and
 * in the overall scope. Pure: the caller passes the scope's start and approval timestamps.
 */

/** The resolved rule for one scope (see docs/configuration.md, `adaptive.unconverted`). */
export interface UnconvertedBudgetRule {
  /** `prefix:N`, `country` or `global`, as written. */
  readonly scope: string;
  /** As written (`1d`). */
  readonly window: string;
  readonly windowMs: number;
  /** Outstanding sends allowed in a scope with no approvals at all. */
  readonly floor: number;
  /** Extra outstanding sends allowed per approval in the window: busy, converting scopes get room. */
  readonly perApproval: number;
  /** The most outstanding sends allowed however many approvals the scope has. */
  readonly cap: number;
  /**
   * What an exhausted scope switches to instead of refusing everyone in it: this stricter
   * budget on a finer scope (e.g. each 8-digit range), judged over the same window (but see
   * `refuseWithoutApprovals`). `null`: an exhausted scope is refused until its oldest sends
   * leave the window.
   */
  readonly escalation: UnconvertedBudgetRule | null;
  /**
   * Refuse an exhausted scope where nobody entered a code in the window, rather than escalate
   * it. Right for a country (one that converts nothing serves only pumping); wrong for a small
   * prefix, where real users are sparse and a pumper spread over the country would exhaust it
   * before any of them converts.
   */
  readonly refuseWithoutApprovals: boolean;
}

/**
 * `ok` (within budget), `over_budget` (refuse until `liftsInMs`), `strict_channel` (a strict
 * country refuses codes by voice call, the costlier channel toll fraud favours), `approvals_unknown`
 * (the approvals could not be read: not judged, so a store failure never refuses a whole
 * country), `starts_unknown` (no starts log was read, or the country's counts could not be).
 */
export type UnconvertedBudgetReason = 'ok' | 'over_budget' | 'strict_channel' | 'approvals_unknown' | 'starts_unknown';

export interface UnconvertedBudgetDecision {
  readonly rule: UnconvertedBudgetRule;
  /** False only for `over_budget` and `strict_channel`. */
  readonly allowed: boolean;
  readonly reason: UnconvertedBudgetReason;
  /** Starts in the window before this request (null when unknown). */
  readonly starts: number | null;
  /** Approved checks in the window (null when unknown). */
  readonly approvals: number | null;
  /** Starts minus approvals, never below 0 (null when unknown). */
  readonly outstanding: number | null;
  /** The budget those approvals earn: `min(cap, floor + floor(perApproval * approvals))`. */
  readonly budget: number | null;
  /** When the oldest outstanding starts have left the window enough to admit one more, with no new approval. 0 when allowed. */
  readonly liftsInMs: number;
  /** Since the oldest start in the window, in ms (0 when none or unknown): how long the scope has been observed. */
  readonly observedMs: number;
  /** Set when this is the stricter budget an exhausted scope escalated to: that scope's own decision. */
  readonly escalatedFrom?: UnconvertedBudgetDecision;
}

/**
 * True when an exhausted scope escalates to its stricter budget instead of refusing: it has one,
 * and either someone there entered a code in the window or the rule escalates regardless
 * (`refuseWithoutApprovals` false). Refused users enter no codes, so the bar is one approval:
 * any higher and a scope of real users a pumper reached first would stay refused all day.
 */
export function escalates(decision: UnconvertedBudgetDecision): boolean {
  if (decision.reason !== 'over_budget' || decision.rule.escalation === null) return false;
  if (!decision.rule.refuseWithoutApprovals || (decision.approvals ?? 0) >= 1) return true;
  // Refused as a whole only once it has been watched long enough for its real users to convert.
  return decision.observedMs < REFUSAL_WARM_UP_MS;
}

/**
 * How long a scope with `refuseWithoutApprovals` is watched (from the oldest start in its
 * window) before it may be refused as a whole for having no approvals. Without it, a pumper that
 * reaches a country of real users in the first minutes of its window (a fresh deployment, a
 * quiet day) would exhaust it before any of them entered a code, and refused users enter none:
 * in the tune set's identity-rotator a third of the real users were refused all day that way in
 * one seed of three, and still with a 10-minute watch (its first real user in that country came
 * at minute 7 and did not convert). Thirty minutes gives a country with a few real users an hour
 * several chances to convert; a pumper gets its escalated budget (two codes per 8-digit range)
 * for those thirty minutes of each window.
 */
export const REFUSAL_WARM_UP_MS = 1_800_000;

/**
 * The budget a scope with `approvals` approvals in the window has.
 *
 * @example
 * unconvertedBudget({ floor: 10, perApproval: 0.5, cap: 300 } as UnconvertedBudgetRule, 100) // 60
 */
export function unconvertedBudget(rule: UnconvertedBudgetRule, approvals: number): number {
  return Math.min(rule.cap, rule.floor + Math.floor(rule.perApproval * approvals));
}

function insideWindow(timestamps: readonly number[], now: number, windowMs: number): number[] {
  return timestamps.filter((time) => now - time < windowMs);
}

/**
 * Judges one start to a scope. Refused starts are never recorded, so waiting is enough: the
 * budget frees as old starts leave the window, and sooner as codes are approved.
 *
 * @example
 * const rule = { scope: 'country', window: '1d', windowMs: 86_400_000, floor: 2, perApproval: 0.5, cap: 100, escalation: null, refuseWithoutApprovals: false };
 * evaluateUnconvertedBudget(rule, [1000, 2000], [], 3000)
 * // { rule, allowed: false, reason: 'over_budget', starts: 2, approvals: 0, outstanding: 2, budget: 2, liftsInMs: 86_398_000 }
 */
export function evaluateUnconvertedBudget(
  rule: UnconvertedBudgetRule,
  starts: readonly number[] | undefined,
  approvals: readonly number[] | undefined,
  now: number,
): UnconvertedBudgetDecision {
  const unknown = { starts: null, approvals: null, outstanding: null, budget: null, liftsInMs: 0, observedMs: 0 };
  if (!starts) return { rule, allowed: true, reason: 'starts_unknown', ...unknown };
  const inside = insideWindow(starts, now, rule.windowMs).sort((a, b) => a - b);
  if (!approvals) return { rule, allowed: true, reason: 'approvals_unknown', ...unknown, starts: inside.length };
  const approved = insideWindow(approvals, now, rule.windowMs).length;
  const outstanding = Math.max(0, inside.length - approved);
  const budget = unconvertedBudget(rule, approved);
  const counts = { starts: inside.length, approvals: approved, outstanding, budget, observedMs: inside.length > 0 ? now - inside[0] : 0 };
  if (outstanding < budget) return { rule, allowed: true, reason: 'ok', ...counts, liftsInMs: 0 };
  // One more is admitted once (outstanding - budget + 1) of the oldest starts have left the window.
  const leaving = inside[Math.min(inside.length - 1, outstanding - budget)];
  return { rule, allowed: false, reason: 'over_budget', ...counts, liftsInMs: Math.max(1, leaving + rule.windowMs - now) };
}
