/**
 * Low-conversion blocking per number range: a range whose verification codes are sent but never
 * entered is what SMS pumping looks like, however thinly it is spread. Pure: the caller passes the
 * range's start and approval timestamps (the `verify-start-prefix` and `verify-conversion-prefix`
 * logs) and the time.
 */

/** The resolved `adaptive.lowConversion` rule (see docs/configuration.md). */
export interface LowConversionRule {
  /** The range unit, `prefix:N`: numbers sharing their first N digits (default 8). */
  readonly scope: `prefix:${number}`;
  /** N of the scope. */
  readonly digits: number;
  /** As written (`1h`), for logs. */
  readonly window: string;
  readonly windowMs: number;
  /** Starts to the range in the window before the rule judges it. */
  readonly minStarts: number;
  /** Approvals over starts below this refuses new starts (0 to 1). */
  readonly minConversion: number;
}

/**
 * `ok` (conversion high enough), `too_few_starts` (not judged yet), `low_conversion` (refuse),
 * `approvals_unknown` (the approvals log could not be read: not judged, so a store failure never
 * blocks everyone), `starts_unknown` (no starts log was read, e.g. `verify-start-prefix` is off).
 */
export type LowConversionReason = 'ok' | 'too_few_starts' | 'low_conversion' | 'approvals_unknown' | 'starts_unknown';

export interface LowConversionDecision {
  /** The rule applied, for the decision log. */
  readonly rule: LowConversionRule;
  /** False only for `low_conversion`. */
  readonly allowed: boolean;
  readonly reason: LowConversionReason;
  /** Starts in the window, before this request (null when unknown). */
  readonly starts: number | null;
  /** Approved checks in the window (null when unknown). */
  readonly approvals: number | null;
  /** Until the block lifts at the latest with no new approval: when enough starts have left the window. 0 when allowed. */
  readonly liftsInMs: number;
}

// Index of the first timestamp inside the window ending at `now` (an event at t counts while now - t < W).
function firstInside(timestamps: readonly number[], now: number, windowMs: number): number {
  let index = 0;
  while (index < timestamps.length && timestamps[index] <= now - windowMs) index += 1;
  return index;
}

/**
 * Judges one start to a range. Refused starts are never recorded, so a block lifts as the
 * window slides: at the latest when the range's starts fall below `minStarts`, which is what
 * `liftsInMs` reports (a new approval can lift it sooner).
 *
 * @example
 * const rule = { scope: 'prefix:8', digits: 8, window: '1h', windowMs: 3_600_000, minStarts: 3, minConversion: 0.2 } as const;
 * evaluateLowConversion(rule, [1000, 2000, 3000], [], 4000)
 * // { rule, allowed: false, reason: 'low_conversion', starts: 3, approvals: 0, liftsInMs: 3_597_000 }
 */
export function evaluateLowConversion(
  rule: LowConversionRule,
  starts: readonly number[] | undefined,
  approvals: readonly number[] | undefined,
  now: number,
): LowConversionDecision {
  if (!starts) return { rule, allowed: true, reason: 'starts_unknown', starts: null, approvals: null, liftsInMs: 0 };
  const first = firstInside(starts, now, rule.windowMs);
  const startCount = starts.length - first;
  const approvalCount = approvals ? approvals.length - firstInside(approvals, now, rule.windowMs) : null;
  if (startCount < rule.minStarts) return { rule, allowed: true, reason: 'too_few_starts', starts: startCount, approvals: approvalCount, liftsInMs: 0 };
  if (approvalCount === null) return { rule, allowed: true, reason: 'approvals_unknown', starts: startCount, approvals: null, liftsInMs: 0 };
  if (approvalCount / startCount >= rule.minConversion) return { rule, allowed: true, reason: 'ok', starts: startCount, approvals: approvalCount, liftsInMs: 0 };
  // Below minStarts once the (startCount - minStarts + 1) oldest starts in the window have left it.
  const leaves = starts[first + startCount - rule.minStarts] + rule.windowMs;
  return { rule, allowed: false, reason: 'low_conversion', starts: startCount, approvals: approvalCount, liftsInMs: Math.max(1, leaves - now) };
}
