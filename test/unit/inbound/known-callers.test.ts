import { countryHold, DAY_MS, DEFAULT_KNOWN_CALLERS, isKnownSince, judgeKnownCaller, knownCallersMayPass, utcDay, type OriginShareJudgement, type OverallPressure } from '../../../src/core/inbound';

const MONDAY = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const overRoom: OriginShareJudgement = { allowed: false, state: 'over_room', window: '1h', room: 180, count: 181 };
const pressure = (fill: number): OverallPressure[] => [
  { per: '1m', windowMs: 60_000, limit: 200, fill: 0.2 },
  { per: '1h', windowMs: HOUR, limit: 1000, fill },
];

describe('DEFAULT_KNOWN_CALLERS', () => {
  it('remembers callers for 60 days and lets them past their room up to 80% of each overall window', () => {
    expect(DEFAULT_KNOWN_CALLERS).toEqual({ remember: '60d', rememberMs: 60 * DAY_MS, maxFill: 0.8 });
  });
});

describe('isKnownSince', () => {
  it.each([
    ['the same UTC day, a minute after midnight', MONDAY, MONDAY + 60_000, false],
    ['the same UTC day, a second before its end', MONDAY, MONDAY + DAY_MS - 1000, false],
    ['the next UTC day, an hour after an evening call', MONDAY + 23 * HOUR, MONDAY + DAY_MS + HOUR, true],
    ['59 days later', MONDAY, MONDAY + 59 * DAY_MS, true],
  ])('a caller first admitted at the start and asked on %s is known: %s', (_name, first, now, known) => {
    expect(isKnownSince(utcDay(first), now)).toBe(known);
  });
});

describe('judgeKnownCaller', () => {
  it('lets a known caller past its country\u2019s room, keeping the window that held the country', () => {
    expect(judgeKnownCaller(DEFAULT_KNOWN_CALLERS, pressure(0.6), overRoom, true)).toEqual({ ...overRoom, allowed: true, state: 'known_caller' });
  });

  it('leaves a stranger (or a caller whose record could not be read) held', () => {
    expect(judgeKnownCaller(DEFAULT_KNOWN_CALLERS, pressure(0.6), overRoom, false)).toBe(overRoom);
  });

  it('holds known callers too once an overall window reaches maxFill: the reserve stays for callers within their rooms', () => {
    expect(judgeKnownCaller(DEFAULT_KNOWN_CALLERS, pressure(0.8), overRoom, true)).toBe(overRoom);
    expect(knownCallersMayPass(DEFAULT_KNOWN_CALLERS, pressure(0.79))).toBe(true);
  });

  it.each(['no_pressure', 'within_room', 'warming_up', 'counts_unknown'] as const)('changes nothing of a %s judgement', (state) => {
    const judgement: OriginShareJudgement = { allowed: true, state, window: null, room: null, count: null };
    expect(judgeKnownCaller(DEFAULT_KNOWN_CALLERS, pressure(0.6), judgement, true)).toBe(judgement);
  });
});

describe('countryHold', () => {
  it('holds the country of a known caller let past its room, for everyone else', () => {
    expect(countryHold({ ...overRoom, allowed: true, state: 'known_caller' })).toEqual(overRoom);
  });

  it('holds a country over its room, and none within it', () => {
    expect(countryHold(overRoom)).toBe(overRoom);
    expect(countryHold({ allowed: true, state: 'within_room', window: null, room: null, count: null })).toBeNull();
    expect(countryHold(null)).toBeNull();
  });
});
