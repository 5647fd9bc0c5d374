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
   * budget on a finer scope (e.g. each 8-digit range), judged over the same window. `null`: an
   * exhausted scope is refused until its oldest sends leave the window.
   */
  readonly escalation: UnconvertedBudgetRule | null;
}

/**
 * `ok` (within budget), `over_budget` (refuse until `liftsInMs`), `approvals_unknown` (the
 * approvals could not be read: not judged, so a store failure never refuses a whole country),
 * `starts_unknown` (no starts log was read).
 */
export type UnconvertedBudgetReason = 'ok' | 'over_budget' | 'approvals_unknown' | 'starts_unknown';

export interface UnconvertedBudgetDecision {
  readonly rule: UnconvertedBudgetRule;
  /** False only for `over_budget`. */
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
  /** Set when this is the stricter budget an exhausted scope escalated to: that scope's own decision. */
  readonly escalatedFrom?: UnconvertedBudgetDecision;
}

/**
 * True when an exhausted scope escalates to its stricter budget instead of refusing. Always,
 * when it has one: a scope is never refused as a whole, since refused users enter no codes and
 * a country a pumper reached first would stay refused all day (the simulator showed it: two
 * real users in three refused in naive-spread when a scope without approvals was refused).
 */
export function escalates(decision: UnconvertedBudgetDecision): boolean {
  return decision.reason === 'over_budget' && decision.rule.escalation !== null;
}

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
 * const rule = { scope: 'country', window: '1d', windowMs: 86_400_000, floor: 2, perApproval: 0.5, cap: 100, escalation: null };
 * evaluateUnconvertedBudget(rule, [1000, 2000], [], 3000)
 * // { rule, allowed: false, reason: 'over_budget', starts: 2, approvals: 0, outstanding: 2, budget: 2, liftsInMs: 86_398_000 }
 */
export function evaluateUnconvertedBudget(
  rule: UnconvertedBudgetRule,
  starts: readonly number[] | undefined,
  approvals: readonly number[] | undefined,
  now: number,
): UnconvertedBudgetDecision {
  const unknown = { starts: null, approvals: null, outstanding: null, budget: null, liftsInMs: 0 };
  if (!starts) return { rule, allowed: true, reason: 'starts_unknown', ...unknown };
  const inside = insideWindow(starts, now, rule.windowMs).sort((a, b) => a - b);
  if (!approvals) return { rule, allowed: true, reason: 'approvals_unknown', ...unknown, starts: inside.length };
  const approved = insideWindow(approvals, now, rule.windowMs).length;
  const outstanding = Math.max(0, inside.length - approved);
  const budget = unconvertedBudget(rule, approved);
  const counts = { starts: inside.length, approvals: approved, outstanding, budget };
  if (outstanding < budget) return { rule, allowed: true, reason: 'ok', ...counts, liftsInMs: 0 };
  // One more is admitted once (outstanding - budget + 1) of the oldest starts have left the window.
  const leaving = inside[Math.min(inside.length - 1, outstanding - budget)];
  return { rule, allowed: false, reason: 'over_budget', ...counts, liftsInMs: Math.max(1, leaving + rule.windowMs - now) };
}
