/**
 * The range-repeat budget of outbound calls (`callRangeRepeats` in the policy). Real users'
 * numbers are scattered over their country: in a day, nearly every call goes to a number range
 * (`prefix:8`, the `voice-outbound-prefix` log) that no other call reached. A call-pumper's
 * numbers sit in the few hundred ranges it rents, so nearly all its calls go to a range already
 * called that day: a repeat. Each country may place repeats up to a budget that grows with its
 * own scattered calls (`floor + perScattered * scattered`, at most `cap`), counted over the day:
 *
 * - a country of real users, whose few repeats are people calling the same number again, keeps
 *   room in proportion to its traffic and never reaches it;
 * - a country where the app has no users is held to `floor` repeats a day, whatever the rate;
 * - a pumper hidden in the app's own country gets a share (`perScattered`) of that country's
 *   real traffic in repeats, plus one call per range it holds.
 *
 * A first call to a range is never refused by it, so what an attacker gets is bounded by the
 * ranges it holds, not by its rate; the global and country caps bound the rest. Pure: the caller
 * passes the counts.
 */
export interface RangeRepeatRule {
  /** Calls a range takes in a day before the next is a repeat (1: the first call is free). */
  readonly freePerRange: number;
  /** Repeats a day every country may place, with or without scattered calls. */
  readonly floor: number;
  /** Extra repeats a day per scattered call (a call that was not a repeat) to the country. */
  readonly perScattered: number;
  /** The most repeats a day a country may place, however large its traffic. */
  readonly cap: number;
}

/** A range's first call a day is free; 10 repeats a day per country, one more per 10 scattered calls, at most 500. */
export const DEFAULT_RANGE_REPEATS: RangeRepeatRule = { freePerRange: 1, floor: 10, perScattered: 0.1, cap: 500 };

/** The day the counts cover: the range, country and repeat logs all keep a `1d` window. */
export const RANGE_REPEAT_WINDOW_MS = 86_400_000;

/** The country's counts over the day, or undefined when they could not be read. */
export interface CountryCallCounts {
  /** Calls placed to the country (repeats included). */
  readonly calls: number;
  /** Repeats placed to the country. */
  readonly repeats: number;
}

/**
 * `scattered`: the range had fewer than `freePerRange` calls (nothing more is read);
 * `within_budget` / `over_budget`: a repeat, judged on the country's counts;
 * `counts_unknown`: a repeat whose country counts could not be read (refused: money is at stake).
 */
export type RangeRepeatReason = 'scattered' | 'within_budget' | 'over_budget' | 'counts_unknown';

export interface RangeRepeatDecision {
  readonly allowed: boolean;
  readonly reason: RangeRepeatReason;
  /** Calls to the range in the day, before this one. */
  readonly rangeCalls: number;
  /** The country's repeats in the day (null when not read). */
  readonly repeats: number | null;
  /** The country's scattered calls in the day (null when not read). */
  readonly scattered: number | null;
  /** The repeats the country may place in the day (null when not read). */
  readonly budget: number | null;
}

/**
 * The repeats a country may place in a day with `scattered` calls that were not repeats.
 *
 * @example
 * repeatBudget(DEFAULT_RANGE_REPEATS, 480) // 58
 * repeatBudget(DEFAULT_RANGE_REPEATS, 0) // 10
 */
export function repeatBudget(rule: RangeRepeatRule, scattered: number): number {
  return Math.min(rule.cap, rule.floor + Math.floor(rule.perScattered * Math.max(0, scattered)));
}

/** True when a call to a range that had `rangeCalls` calls today is a repeat, which the country's counts must judge. */
export function isRepeat(rule: RangeRepeatRule, rangeCalls: number): boolean {
  return rangeCalls >= rule.freePerRange;
}

/**
 * Judges one call. A range's first `freePerRange` calls a day pass; a repeat passes while the
 * country's repeats are below its budget. The country's calls count the repeats too, so its
 * scattered calls are `calls - repeats`.
 *
 * @example
 * judgeRangeRepeat(DEFAULT_RANGE_REPEATS, 0, undefined).allowed // true (first call to the range)
 * judgeRangeRepeat(DEFAULT_RANGE_REPEATS, 3, { calls: 200, repeats: 190 }).allowed // false (budget 11)
 */
export function judgeRangeRepeat(rule: RangeRepeatRule, rangeCalls: number, country: CountryCallCounts | undefined): RangeRepeatDecision {
  if (!isRepeat(rule, rangeCalls)) return { allowed: true, reason: 'scattered', rangeCalls, repeats: null, scattered: null, budget: null };
  if (!country) return { allowed: false, reason: 'counts_unknown', rangeCalls, repeats: null, scattered: null, budget: null };
  const scattered = Math.max(0, country.calls - country.repeats);
  const budget = repeatBudget(rule, scattered);
  const allowed = country.repeats < budget;
  return { allowed, reason: allowed ? 'within_budget' : 'over_budget', rangeCalls, repeats: country.repeats, scattered, budget };
}

/**
 * Calls in the day among a log's event times (epoch ms), as of `now`.
 *
 * @example
 * callsInDay([now - 90_000_000, now - 60_000], now) // 1
 */
export function callsInDay(times: readonly number[], now: number): number {
  return times.filter((time) => now - time < RANGE_REPEAT_WINDOW_MS).length;
}
