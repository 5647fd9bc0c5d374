import { DEFAULT_LOW_CONVERSION, evaluateLowConversion, type LowConversionRule } from '../../../src/core/adaptive';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const RULE: LowConversionRule = DEFAULT_LOW_CONVERSION;
const at = (...offsets: number[]) => offsets.map((offset) => T0 + offset);

describe('evaluateLowConversion', () => {
  it.each([
    ['no starts yet', [], [], true, 'too_few_starts'],
    ['two starts and no approvals (below minStarts)', at(0, 1000), [], true, 'too_few_starts'],
    ['three starts and no approvals', at(0, 1000, 2000), [], false, 'low_conversion'],
    ['three starts and one approval (1/3 ≥ 0.2)', at(0, 1000, 2000), at(1500), true, 'ok'],
    ['five starts and one approval (exactly 0.2)', at(0, 1, 2, 3, 4), at(5), true, 'ok'],
    ['six starts and one approval (1/6 < 0.2)', at(0, 1, 2, 3, 4, 5), at(6), false, 'low_conversion'],
    ['starts older than the window (they have left it)', at(-HOUR, -HOUR + 1, -HOUR + 2, 0), [], true, 'too_few_starts'],
  ] as const)('judges %s', (_name, starts, approvals, allowed, reason) => {
    const decision = evaluateLowConversion(RULE, starts, approvals, T0 + 10_000);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it('reports observed starts and approvals, and when the block lifts', () => {
    const decision = evaluateLowConversion(RULE, at(0, 60_000, 120_000, 180_000), [], T0 + 200_000);
    // Four starts: the block lifts when two have left, i.e. when the one at +60 s leaves the hour.
    expect(decision).toMatchObject({ allowed: false, starts: 4, approvals: 0, liftsInMs: 60_000 + HOUR - 200_000 });
  });

  it('lifts as the window slides, since refused starts are never recorded', () => {
    const starts = at(0, 1000, 2000);
    const blocked = evaluateLowConversion(RULE, starts, [], T0 + 5000);
    expect(blocked.allowed).toBe(false);
    expect(evaluateLowConversion(RULE, starts, [], T0 + 5000 + blocked.liftsInMs - 1).allowed).toBe(false);
    expect(evaluateLowConversion(RULE, starts, [], T0 + 5000 + blocked.liftsInMs).allowed).toBe(true);
  });

  it('does not judge a range whose approvals could not be read (a store failure never blocks everyone)', () => {
    expect(evaluateLowConversion(RULE, at(0, 1, 2, 3), undefined, T0 + 10)).toMatchObject({ allowed: true, reason: 'approvals_unknown', starts: 4, approvals: null });
  });

  it('does not judge without a starts log', () => {
    expect(evaluateLowConversion(RULE, undefined, [], T0)).toMatchObject({ allowed: true, reason: 'starts_unknown' });
  });

  it('follows minStarts and minConversion', () => {
    const strict = { ...RULE, minStarts: 1, minConversion: 0.5 };
    expect(evaluateLowConversion(strict, at(0), [], T0 + 1).allowed).toBe(false);
    expect(evaluateLowConversion(strict, at(0, 1), at(2), T0 + 3).allowed).toBe(true);
  });
});
