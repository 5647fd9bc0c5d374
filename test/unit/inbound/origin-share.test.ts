import { DEFAULT_ORIGIN_SHARE, judgeOriginShare, originRoom, type OriginCounts, type OverallPressure } from '../../../src/core/inbound';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const rule = DEFAULT_ORIGIN_SHARE;

function pressure(fillMinute: number, fillHour: number): OverallPressure[] {
  return [
    { per: '1m', windowMs: MINUTE, limit: 200, fill: fillMinute },
    { per: '1h', windowMs: HOUR, limit: 1000, fill: fillHour },
  ];
}

function origin(minute: number, hour: number, baselineCalls: number, baselineSpanMs: number): OriginCounts {
  return { recent: new Map([[MINUTE, minute], [HOUR, hour]]), baselineCalls, baselineSpanMs };
}

describe('originRoom', () => {
  it('is headroom times the usual calls in a window that long', () => {
    // 240 calls over 4 hours: 60 an hour, 180 with the headroom of 3.
    expect(originRoom(rule, { limit: 1000, windowMs: HOUR }, { baselineCalls: 240, baselineSpanMs: 4 * HOUR }, 0.5)).toBe(180);
  });

  it('is never below the floor, so an origin with no baseline still gets calls through', () => {
    expect(originRoom(rule, { limit: 1000, windowMs: HOUR }, { baselineCalls: 0, baselineSpanMs: 0 }, 0)).toBe(50);
    expect(originRoom(rule, { limit: 200, windowMs: MINUTE }, { baselineCalls: 240, baselineSpanMs: 4 * HOUR }, 0.5)).toBe(10);
  });

  it('is never above the origin share of the limit, so a flood that earned a baseline cannot take the others\u2019 room', () => {
    expect(originRoom(rule, { limit: 1000, windowMs: HOUR }, { baselineCalls: 2400, baselineSpanMs: 4 * HOUR }, 0.6)).toBe(600);
  });
});

describe('judgeOriginShare', () => {
  it('admits every origin while no overall window is at the pressure share', () => {
    expect(judgeOriginShare(rule, pressure(0.49, 0.2), origin(500, 900, 0, 0), 1000)).toMatchObject({ allowed: true, state: 'no_pressure' });
  });

  it('holds an origin that has used its room in a window under pressure, naming the window', () => {
    expect(judgeOriginShare(rule, pressure(0.1, 0.6), origin(1, 50, 0, 0), 500)).toEqual({ allowed: false, state: 'over_room', window: '1h', room: 50, count: 50 });
  });

  it('admits an origin within its room while another fills the overall rate', () => {
    expect(judgeOriginShare(rule, pressure(0.9, 0.9), origin(2, 40, 240, 4 * HOUR), 480)).toMatchObject({ allowed: true, state: 'within_room' });
  });

  it('judges only the windows under pressure', () => {
    // 30 calls this minute is over the minute room (10), but only the hour is under pressure.
    expect(judgeOriginShare(rule, pressure(0.2, 0.6), origin(30, 30, 240, 4 * HOUR), 480)).toMatchObject({ allowed: true, state: 'within_room' });
    expect(judgeOriginShare(rule, pressure(0.6, 0.2), origin(30, 30, 240, 4 * HOUR), 480)).toMatchObject({ allowed: false, window: '1m', room: 10 });
  });

  it('holds an origin at its floor when no origin has a baseline and warmUpCalls is 0', () => {
    expect(judgeOriginShare({ ...rule, warmUpCalls: 0 }, pressure(0.6, 0.2), origin(10, 10, 0, 0), 0)).toEqual({ allowed: false, state: 'over_room', window: '1m', room: 10, count: 10 });
  });

  it('admits when the counts are unknown: a store failure is not a flood', () => {
    expect(judgeOriginShare(rule, pressure(1, 1), undefined, 1000)).toMatchObject({ allowed: true, state: 'counts_unknown' });
  });

  it('holds nobody while the origins known show fewer baseline calls than warmUpCalls (a new deployment)', () => {
    expect(judgeOriginShare(rule, pressure(1, 1), origin(100, 100, 0, 0), rule.warmUpCalls - 1)).toMatchObject({ allowed: true, state: 'warming_up' });
    expect(judgeOriginShare(rule, pressure(1, 1), origin(100, 100, 0, 0), rule.warmUpCalls)).toMatchObject({ allowed: false, state: 'over_room' });
  });
});
