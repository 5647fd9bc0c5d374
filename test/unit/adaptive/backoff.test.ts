import fc from 'fast-check';
import { backoffWaitMs, DEFAULT_BACKOFF, evaluateBackoff, type BackoffRule } from '../../../src/core/adaptive';

const RULE: BackoffRule = DEFAULT_BACKOFF;
const T0 = 1_700_000_000_000;
const S = 1000;

describe('backoffWaitMs', () => {
  it('waits nothing before the first start, then 30 s, 1 m, 2 m, 4 m ... up to 1 h', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffWaitMs(RULE, n) / S)).toEqual([0, 30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(backoffWaitMs(RULE, 1_000_000)).toBe(3_600_000);
  });

  it('never exceeds the cap and never shrinks as unconverted starts grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600 }), fc.integer({ min: 0, max: 3_600 }), fc.integer({ min: 0, max: 200 }), (first, extra, n) => {
        const rule = { first: `${first}s`, firstMs: first * S, max: `${first + extra}s`, maxMs: (first + extra) * S };
        const wait = backoffWaitMs(rule, n);
        expect(wait).toBeLessThanOrEqual(rule.maxMs);
        expect(backoffWaitMs(rule, n + 1)).toBeGreaterThanOrEqual(wait);
        expect(Number.isFinite(wait)).toBe(true);
      }),
    );
  });
});

describe('evaluateBackoff (injected times)', () => {
  it('allows the first start to a number', () => {
    expect(evaluateBackoff(RULE, [], [], T0)).toEqual({ rule: RULE, allowed: true, reason: 'ok', unconvertedStarts: 0, waitMs: 0, liftsInMs: 0 });
  });

  it('refuses a second start within 30 s of the first, and says when it lifts', () => {
    expect(evaluateBackoff(RULE, [T0], [], T0 + 10 * S)).toEqual({ rule: RULE, allowed: false, reason: 'backoff', unconvertedStarts: 1, waitMs: 30 * S, liftsInMs: 20 * S });
  });

  it('allows it at exactly 30 s after the latest start', () => {
    expect(evaluateBackoff(RULE, [T0], [], T0 + 30 * S - 1).allowed).toBe(false);
    expect(evaluateBackoff(RULE, [T0], [], T0 + 30 * S)).toMatchObject({ allowed: true, reason: 'ok', unconvertedStarts: 1 });
  });

  it('doubles the wait with each unconverted start, counted from the latest', () => {
    const starts = [T0, T0 + 30 * S, T0 + 90 * S];
    // Three unconverted starts: 2 minutes after the third.
    expect(evaluateBackoff(RULE, starts, [], T0 + 150 * S)).toMatchObject({ allowed: false, unconvertedStarts: 3, waitMs: 120 * S, liftsInMs: 60 * S });
    expect(evaluateBackoff(RULE, starts, [], T0 + 210 * S).allowed).toBe(true);
  });

  it('counts only the starts after the latest approval', () => {
    const starts = [T0, T0 + 30 * S, T0 + 90 * S];
    expect(evaluateBackoff(RULE, starts, [T0 + 100 * S], T0 + 101 * S)).toMatchObject({ allowed: true, reason: 'ok', unconvertedStarts: 0 });
    // An approval between the second and third start leaves one unconverted start: 30 s.
    expect(evaluateBackoff(RULE, starts, [T0 + 40 * S], T0 + 100 * S)).toMatchObject({ allowed: false, unconvertedStarts: 1, waitMs: 30 * S, liftsInMs: 20 * S });
  });

  it('does not judge when either log is unknown (a store failure never locks users out)', () => {
    expect(evaluateBackoff(RULE, undefined, [], T0)).toMatchObject({ allowed: true, reason: 'starts_unknown', unconvertedStarts: null });
    expect(evaluateBackoff(RULE, [T0], undefined, T0 + 1)).toMatchObject({ allowed: true, reason: 'approvals_unknown', unconvertedStarts: null });
  });

  it('always lifts within the cap after the latest start', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 86_400 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 4_000 }), (offsets, after) => {
        const starts = offsets.map((offset) => T0 + offset * S).sort((a, b) => a - b);
        const now = Math.max(...starts) + after * S;
        const decision = evaluateBackoff(RULE, starts, [], now);
        expect(decision.allowed).toBe(after * S >= decision.waitMs);
        if (!decision.allowed) {
          expect(decision.liftsInMs).toBeGreaterThan(0);
          expect(decision.liftsInMs).toBeLessThanOrEqual(RULE.maxMs);
          expect(now + decision.liftsInMs).toBe(Math.max(...starts) + decision.waitMs);
        }
      }),
    );
  });
});
