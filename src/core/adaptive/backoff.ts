/**
 * Per-number backoff: every verification start to a number whose codes are not being entered
 * waits twice as long as the one before. A person who mistyped their number or missed the text
 * asks again once or twice; a bot asks again and again, and each ask costs money. Pure: the
 * caller passes the number's start and approval timestamps (the `verify-start` and
 * `verify-conversion-number` logs) and the time.
 */

/** The resolved `adaptive.backoff` rule (see docs/configuration.md). */
export interface BackoffRule {
  /** The wait after the first unconverted start, as written (`30s`). */
  readonly first: string;
  readonly firstMs: number;
  /** The longest wait, as written (`1h`). */
  readonly max: string;
  readonly maxMs: number;
}

/**
 * `ok` (waited long enough, or nothing to wait for), `backoff` (refuse until `liftsInMs`),
 * `approvals_unknown` (the approvals log could not be read: not judged, so a store failure
 * never locks real users out), `starts_unknown` (no starts log was read).
 */
export type BackoffReason = 'ok' | 'backoff' | 'approvals_unknown' | 'starts_unknown';

export interface BackoffDecision {
  /** The rule applied, for the decision log. */
  readonly rule: BackoffRule;
  /** False only for `backoff`. */
  readonly allowed: boolean;
  readonly reason: BackoffReason;
  /** Starts to the number since its last approved check, in the starts log (null when unknown). */
  readonly unconvertedStarts: number | null;
  /** The wait those starts impose after the latest one, in ms (0 when none). */
  readonly waitMs: number;
  /** Until the next start is allowed. 0 when allowed. */
  readonly liftsInMs: number;
}

/**
 * The wait after `unconverted` starts without an approved check: none for 0, then `first`,
 * doubling each time, never more than `max`.
 *
 * @example
 * backoffWaitMs(rule, 3) // 120_000 with first 30 s: 30 s, 1 m, 2 m, ...
 */
export function backoffWaitMs(rule: BackoffRule, unconverted: number): number {
  if (unconverted <= 0) return 0;
  // 2^30 overflows nothing and is far past any cap; the exponent is bounded so the product stays finite.
  return Math.min(rule.maxMs, rule.firstMs * 2 ** Math.min(unconverted - 1, 30));
}

/**
 * Judges one start to a number. Refused starts are not recorded (the throttle writes nothing on
 * a veto), so waiting out the backoff is enough to be allowed again; an approved check resets
 * it, since only starts after the latest approval count. The starts log keeps the per-number
 * rule set's largest limit (10 a day by default), which bounds the count.
 *
 * @example
 * const rule = { first: '30s', firstMs: 30_000, max: '1h', maxMs: 3_600_000 };
 * evaluateBackoff(rule, [0, 40_000], [], 60_000)
 * // { allowed: false, reason: 'backoff', unconvertedStarts: 2, waitMs: 60_000, liftsInMs: 40_000, rule }
 */
export function evaluateBackoff(rule: BackoffRule, starts: readonly number[] | undefined, approvals: readonly number[] | undefined, now: number): BackoffDecision {
  if (!starts) return { rule, allowed: true, reason: 'starts_unknown', unconvertedStarts: null, waitMs: 0, liftsInMs: 0 };
  if (!approvals) return { rule, allowed: true, reason: 'approvals_unknown', unconvertedStarts: null, waitMs: 0, liftsInMs: 0 };
  const lastApproval = approvals.length > 0 ? Math.max(...approvals) : -Infinity;
  const unconverted = starts.filter((time) => time > lastApproval);
  const waitMs = backoffWaitMs(rule, unconverted.length);
  if (unconverted.length === 0) return { rule, allowed: true, reason: 'ok', unconvertedStarts: 0, waitMs, liftsInMs: 0 };
  const liftsAt = Math.max(...unconverted) + waitMs;
  if (now >= liftsAt) return { rule, allowed: true, reason: 'ok', unconvertedStarts: unconverted.length, waitMs, liftsInMs: 0 };
  return { rule, allowed: false, reason: 'backoff', unconvertedStarts: unconverted.length, waitMs, liftsInMs: liftsAt - now };
}
