import type { OriginShareJudgement, OverallPressure } from './origin-share';

/**
 * Known callers (`inbound.knownCallers`): a caller first admitted on an earlier UTC day than
 * today is let past its country's room (`inbound.originShare`) while the overall inbound rate is
 * under pressure. A flood that spoofs the app's own main country takes that country's room; its
 * numbers are fresh on the day of the flood, the country's real callers mostly are not. To pass
 * as known, a flood's numbers must have been admitted on an earlier day, each call of which
 * passed every throttle of that day (per caller, per range, overall, the fair share), and must
 * then stay within `maxFill`. Pure: the caller passes what the memory read.
 */
export interface KnownCallersRule {
  /** How long a caller's first admission is remembered (the store item's TTL), as written (`60d`). */
  readonly remember: string;
  readonly rememberMs: number;
  /**
   * Known callers pass their country's room only while every window of the overall rate is less
   * full than this share (0 to 1]; above it they are held like anyone else, so a flood of numbers
   * warmed on earlier days cannot take the rest of the overall rate from the countries' rooms.
   */
  readonly maxFill: number;
}

export const DAY_MS = 86_400_000;

/**
 * On by default (a same-country flood otherwise refuses every real caller of that country):
 * callers are remembered for 60 days from their first admission (monthly callers with a margin;
 * a longer memory keeps more hashed records for callers who rarely come back), and pass their
 * country's room up to 80% of each overall window, keeping a fifth of it for callers within
 * their countries' rooms. Reasoned, not tuned: docs/configuration.md says why.
 */
export const DEFAULT_KNOWN_CALLERS: KnownCallersRule = { remember: '60d', rememberMs: 60 * DAY_MS, maxFill: 0.8 };

/** The UTC day (days since the epoch) of an epoch-ms time: what a caller's first admission is stored as. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * Whether a caller first admitted on UTC day `firstDay` is known at `now`: only from the next UTC
 * day on, so numbers first admitted on the day of a flood (the flood's own) never are.
 *
 * @example
 * isKnownSince(utcDay(Date.UTC(2026, 0, 4, 23)), Date.UTC(2026, 0, 5, 1)) // true: the day before
 * isKnownSince(utcDay(Date.UTC(2026, 0, 5, 0)), Date.UTC(2026, 0, 5, 23)) // false: the same day
 */
export function isKnownSince(firstDay: number, now: number): boolean {
  return firstDay < utcDay(now);
}

/**
 * Judges a caller its country's room held (`over_room`): a known caller passes (`known_caller`,
 * with the window, room and count that held its country) while no overall window is at `maxFill`.
 * Every other judgement, and a caller not known (or whose memory could not be read), is left as
 * it was. The overall rate's own limits and the caller's own throttles still apply afterwards.
 *
 * @example
 * judgeKnownCaller(DEFAULT_KNOWN_CALLERS, [{ per: '1h', windowMs: 3_600_000, limit: 1000, fill: 0.6 }], overRoom, true).state // 'known_caller'
 */
export function judgeKnownCaller(rule: KnownCallersRule, pressure: readonly OverallPressure[], judgement: OriginShareJudgement, known: boolean): OriginShareJudgement {
  if (judgement.state !== 'over_room' || !known || !knownCallersMayPass(rule, pressure)) return judgement;
  return { ...judgement, allowed: true, state: 'known_caller' };
}

/**
 * Whether known callers may pass their country's room at this pressure: while every overall
 * window is below `maxFill` (the reserve above it is kept for callers within their rooms). Asked
 * before a caller's record is read, so none is read once the reserve is reached.
 *
 * @example
 * knownCallersMayPass(DEFAULT_KNOWN_CALLERS, [{ per: '1m', windowMs: 60_000, limit: 200, fill: 0.85 }]) // false
 */
export function knownCallersMayPass(rule: KnownCallersRule, pressure: readonly OverallPressure[]): boolean {
  return !pressure.some((window) => window.fill >= rule.maxFill);
}

/**
 * The judgement that holds the caller's country in the instance's memory after this call, or
 * null: a known caller let past its room leaves its country over the room for everyone else.
 *
 * @example
 * countryHold({ allowed: true, state: 'known_caller', window: '1m', room: 10, count: 12 }) // { allowed: false, state: 'over_room', ... }
 */
export function countryHold(judgement: OriginShareJudgement | null): OriginShareJudgement | null {
  if (!judgement) return null;
  if (judgement.state === 'known_caller') return { ...judgement, allowed: false, state: 'over_room' };
  return judgement.allowed ? null : judgement;
}
