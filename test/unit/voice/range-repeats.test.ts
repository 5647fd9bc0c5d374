import { callsInDay, DEFAULT_RANGE_REPEATS, judgeRangeRepeat, repeatBudget, type RangeRepeatRule } from '../../../src/core/voice/range-repeats';

const RULE: RangeRepeatRule = { freePerRange: 1, floor: 10, perScattered: 0.1, cap: 50 };

describe('repeatBudget', () => {
  it('gives every country its floor and one more repeat per ten scattered calls, up to the cap', () => {
    expect(repeatBudget(RULE, 0)).toBe(10);
    expect(repeatBudget(RULE, 480)).toBe(50);
    expect(repeatBudget(RULE, 199)).toBe(29);
    expect(repeatBudget(DEFAULT_RANGE_REPEATS, 480)).toBe(58);
  });
});

describe('judgeRangeRepeat', () => {
  it('passes the first call of the day to a range without reading the country', () => {
    expect(judgeRangeRepeat(RULE, 0, undefined)).toMatchObject({ allowed: true, reason: 'scattered', repeats: null, budget: null });
  });

  it('passes repeats while the country is below its budget, and refuses them at it', () => {
    expect(judgeRangeRepeat(RULE, 2, { calls: 120, repeats: 19 })).toMatchObject({ allowed: true, reason: 'within_budget', scattered: 101, budget: 20 });
    expect(judgeRangeRepeat(RULE, 2, { calls: 120, repeats: 20 })).toMatchObject({ allowed: false, reason: 'over_budget', scattered: 100, budget: 20 });
  });

  it("holds a country whose calls are nearly all repeats (a pumper's rented ranges) to its floor", () => {
    // 35 ranges, each called again and again: 35 scattered calls, a budget of 13 repeats.
    expect(judgeRangeRepeat(RULE, 40, { calls: 48, repeats: 13 })).toMatchObject({ allowed: false, budget: 13 });
  });

  it('refuses a repeat whose country counts are unknown (money is at stake)', () => {
    expect(judgeRangeRepeat(RULE, 1, undefined)).toMatchObject({ allowed: false, reason: 'counts_unknown' });
  });

  it('lets a range take freePerRange calls before the next is a repeat', () => {
    const two = { ...RULE, freePerRange: 2 };
    expect(judgeRangeRepeat(two, 1, undefined)).toMatchObject({ allowed: true, reason: 'scattered' });
    expect(judgeRangeRepeat(two, 2, { calls: 10, repeats: 10 })).toMatchObject({ allowed: false, reason: 'over_budget' });
  });
});

describe('callsInDay', () => {
  it('counts the events of the last 24 hours only', () => {
    const now = 200_000_000;
    expect(callsInDay([now - 86_400_000, now - 86_399_999, now - 1], now)).toBe(2);
    expect(callsInDay([], now)).toBe(0);
  });
});
