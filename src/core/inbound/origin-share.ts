/**
 * Fair share by caller origin under overload (`inbound.originShare`). The overall inbound rate
 * (`voice-inbound-global`) is one pool: a spoofed flood fills it in minutes and real callers are
 * refused with everyone. While that pool is under pressure, each calling country is held to a
 * room sized by what it normally sends (its baseline: calls admitted before the overall rate's
 * longest window, within the origin log's longest window) and by its share of all the baselines,
 * with a floor so a country new to the app is never shut out. A flood from one country then takes that country's room, not the room
 * real callers from other countries need. Pure: the caller passes the counts.
 */
export interface OriginShareRule {
  /** Share (0 to 1] of a window of the overall rate in use from which origins are held to their room. */
  readonly pressure: number;
  /** Smallest room of any origin, as a share (0 to 0.5] of each overall window's limit. */
  readonly floor: number;
  /** An origin's room in a window: this many times its usual calls in a window that long (at least 1). */
  readonly headroom: number;
  /** How old the origin counts an instance judges on may be. */
  readonly refresh: string;
  readonly refreshMs: number;
  /** No origin is held while the origins an instance knows show fewer baseline calls than this (a new deployment). */
  readonly warmUpCalls: number;
}

/**
 * On by default: from half of any overall window in use, each country gets three times its usual
 * calls in that window, and never less than 5% of the window's limit (10 a minute and 50 an hour
 * of the default 200/1m, 1000/1h). Counts at most 10 s old; nobody held before the countries an
 * instance knows show 20 baseline calls. Tuned on bench/scenarios/tdos.json only.
 */
export const DEFAULT_ORIGIN_SHARE: OriginShareRule = { pressure: 0.5, floor: 0.05, headroom: 3, refresh: '10s', refreshMs: 10_000, warmUpCalls: 20 };

/** One window of the overall rate: its limit and how full it is, as a share (0 to 1 and above). */
export interface OverallPressure {
  readonly per: string;
  readonly windowMs: number;
  readonly limit: number;
  readonly fill: number;
}

/** An origin's counts: its admitted calls per overall window length, and its baseline. */
export interface OriginCounts {
  /** Admitted calls of the origin in each window of the overall rate, by window length (ms). */
  readonly recent: ReadonlyMap<number, number>;
  /** Calls admitted before the overall rate's longest window (within the log's longest). */
  readonly baselineCalls: number;
  /** The time those baseline calls span, in ms; 0 while the log is younger than the overall rate's longest window. */
  readonly baselineSpanMs: number;
}

/** `known_caller`: the country is over its room, and the caller, known from an earlier day, was let past it (`inbound.knownCallers`). */
export type OriginShareState = 'no_pressure' | 'within_room' | 'over_room' | 'warming_up' | 'counts_unknown' | 'known_caller';

/** How one call's origin was judged; `window`, `room` and `count` name the window that decided when held. */
export interface OriginShareJudgement {
  readonly allowed: boolean;
  readonly state: OriginShareState;
  readonly window: string | null;
  readonly room: number | null;
  readonly count: number | null;
}

/**
 * The origin's room in one overall window: `headroom` times its usual calls in a window that long
 * (its baseline rate), but no more than its share of the known baseline times the window's limit
 * (so origins that keep to their rooms never fill the overall rate together, and a flood that has
 * earned itself a baseline cannot take what the others need), and never below `floor` of the limit.
 *
 * @example
 * originRoom(DEFAULT_ORIGIN_SHARE, { limit: 1000, windowMs: 3_600_000 }, { baselineCalls: 240, baselineSpanMs: 4 * 3_600_000 }, 0.5) // 180
 */
export function originRoom(
  rule: OriginShareRule,
  window: Pick<OverallPressure, 'limit' | 'windowMs'>,
  counts: Pick<OriginCounts, 'baselineCalls' | 'baselineSpanMs'>,
  share: number,
): number {
  const usual = counts.baselineSpanMs > 0 ? (counts.baselineCalls * window.windowMs) / counts.baselineSpanMs : 0;
  return Math.max(Math.ceil(rule.floor * window.limit), Math.min(Math.ceil(rule.headroom * usual), Math.floor(share * window.limit)));
}

const judgement = (allowed: boolean, state: OriginShareState, window: string | null = null, room: number | null = null, count: number | null = null): OriginShareJudgement => ({
  allowed,
  state,
  window,
  room,
  count,
});

/**
 * Judges one call's origin. Admits when no overall window is at `pressure`, when the counts are
 * unknown (a store failure is neither a flood nor a reason to refuse: the overall rate's own
 * limits still hold), and while the origins this instance knows show fewer than `warmUpCalls`
 * baseline calls; otherwise refuses when the origin has used its room in a window under pressure.
 *
 * @example
 * judgeOriginShare(DEFAULT_ORIGIN_SHARE, [{ per: '1h', windowMs: 3_600_000, limit: 1000, fill: 0.8 }],
 *   { recent: new Map([[3_600_000, 50]]), baselineCalls: 0, baselineSpanMs: 0 }, 500) // over_room: the floor is 50
 */
export function judgeOriginShare(rule: OriginShareRule, pressure: readonly OverallPressure[], origin: OriginCounts | undefined, knownBaselineCalls: number): OriginShareJudgement {
  const pressed = pressure.filter((window) => window.fill >= rule.pressure);
  if (pressed.length === 0) return judgement(true, 'no_pressure');
  if (!origin) return judgement(true, 'counts_unknown');
  if (knownBaselineCalls < rule.warmUpCalls) return judgement(true, 'warming_up');
  const known = Math.max(knownBaselineCalls, origin.baselineCalls);
  const share = known > 0 ? origin.baselineCalls / known : 0;
  for (const window of pressed) {
    const count = origin.recent.get(window.windowMs);
    if (count === undefined) continue;
    const room = originRoom(rule, window, origin, share);
    if (count >= room) return judgement(false, 'over_room', window.per, room, count);
  }
  return judgement(true, 'within_room');
}
