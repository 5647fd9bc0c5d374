import fc from 'fast-check';
import { countrySpentAt, DEFAULT_COUNTRY_BUDGET, effectiveApprovals, judgeCountry, nearThreshold, type CountryBudgetRule, type CountryBudgetState, type CountryCounts } from '../../../src/core/adaptive';

const RULE = DEFAULT_COUNTRY_BUDGET;
/** Enough approvals known to the instance that the warm-up is over and a country with 40 approvals holds 4% of them. */
const WARM = { knownApprovals: 1000 };

function counts(starts: number, approvals: number, baselineApprovals = 0): CountryCounts {
  return { starts, approvals, baselineApprovals, observedMs: 3_600_000 };
}

/** Outstanding sends `outstanding` over `approvals` approvals. */
function outstandingOver(outstanding: number, approvals: number, baselineApprovals = 0): CountryCounts {
  return counts(outstanding + approvals, approvals, baselineApprovals);
}

const RANK: Record<CountryBudgetState, number> = { unknown: -1, normal: 0, strict: 1, spent: 2 };

describe('DEFAULT_COUNTRY_BUDGET', () => {
  it('gives a country nobody converts in 10 unconverted sends, half a send per approval before strict and one more before spent', () => {
    expect(RULE).toMatchObject({ scope: 'country', floor: 10, perApproval: 0.5, strictPerApproval: 1, refreshMs: 10_000, warmUpApprovals: 20, minShare: 0.05 });
  });
});

describe('effectiveApprovals', () => {
  it("takes the day's approvals or the baseline's daily average, whichever is higher", () => {
    expect(effectiveApprovals({ approvals: 3, baselineApprovals: 7 })).toBe(7);
    expect(effectiveApprovals({ approvals: 10, baselineApprovals: 7 })).toBe(10);
    expect(effectiveApprovals({ approvals: 0, baselineApprovals: 0 })).toBe(0);
  });
});

describe('countrySpentAt', () => {
  it('is the floor plus perApproval and strictPerApproval per approval', () => {
    expect(countrySpentAt(RULE, 0)).toBe(10);
    // 10 + 0.5 * 40 + 1 * 40
    expect(countrySpentAt(RULE, 40)).toBe(70);
  });

  it('stays within the cap', () => {
    expect(countrySpentAt({ ...RULE, cap: 50 }, 40)).toBe(50);
    expect(countrySpentAt({ ...RULE, cap: 50 }, 0)).toBe(10);
  });
});

describe('judgeCountry', () => {
  it('keeps a country normal while its outstanding sends are below floor + perApproval * approvals', () => {
    // 40 approvals: a budget of 10 + 20.
    const judgement = judgeCountry(RULE, outstandingOver(29, 40), WARM);
    expect(judgement.state).toBe('normal');
    expect(judgement.decision).toMatchObject({ allowed: true, reason: 'ok', starts: 69, approvals: 40, outstanding: 29, budget: 30, liftsInMs: 0 });
    expect(judgement.spentAt).toBe(70);
  });

  it('turns a country strict once its outstanding sends reach the budget, refusing as a country until the next counts', () => {
    const judgement = judgeCountry(RULE, outstandingOver(30, 40), WARM);
    expect(judgement.state).toBe('strict');
    expect(judgement.decision).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 30, budget: 30, liftsInMs: RULE.refreshMs });
  });

  it('spends a warm, minor country once its outstanding sends reach spentAt, and not one send before', () => {
    expect(judgeCountry(RULE, outstandingOver(69, 40), WARM).state).toBe('strict');
    const spent = judgeCountry(RULE, outstandingOver(70, 40), WARM);
    expect(spent.state).toBe('spent');
    expect(spent.decision).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 70, liftsInMs: RULE.refreshMs });
  });

  it('spends a country where the app has no approvals at its floor', () => {
    expect(judgeCountry(RULE, outstandingOver(9, 0), WARM).state).toBe('normal');
    expect(judgeCountry(RULE, outstandingOver(10, 0), WARM)).toMatchObject({ state: 'spent', spentAt: 10 });
  });

  it('spends no country while the instance knows fewer than warmUpApprovals approvals, however many sends are outstanding', () => {
    expect(judgeCountry(RULE, outstandingOver(100_000, 0), { knownApprovals: RULE.warmUpApprovals - 1 }).state).toBe('strict');
    expect(judgeCountry(RULE, outstandingOver(100_000, 0), { knownApprovals: RULE.warmUpApprovals }).state).toBe('spent');
  });

  it('never spends a country holding minShare or more of the known approvals, however many sends are outstanding', () => {
    // 50 of 1000 known approvals is exactly 5%.
    for (const outstanding of [70, 110, 10_000, 1_000_000]) {
      expect(judgeCountry(RULE, outstandingOver(outstanding, 50), WARM).state).toBe('strict');
    }
    // Just under the share, the same country is spent.
    expect(judgeCountry(RULE, outstandingOver(10_000, 49), WARM).state).toBe('spent');
  });

  it('counts a country that is the only one the instance knows as its own', () => {
    expect(judgeCountry(RULE, outstandingOver(10_000, 30), { knownApprovals: 30 }).state).toBe('strict');
  });

  it('leaves unknown counts unjudged: allowed, starts_unknown, state unknown', () => {
    const judgement = judgeCountry(RULE, undefined, WARM);
    expect(judgement.state).toBe('unknown');
    expect(judgement.spentAt).toBeNull();
    expect(judgement.decision).toMatchObject({ allowed: true, reason: 'starts_unknown', starts: null, approvals: null, outstanding: null, budget: null, liftsInMs: 0 });
  });

  it("raises the budget with the baseline's daily approvals when they exceed the day's", () => {
    // 0 approvals today, 40 a day over the week: the budget of 40 approvals (30), not the floor.
    const withBaseline = judgeCountry(RULE, outstandingOver(25, 0, 40), WARM);
    expect(withBaseline.state).toBe('normal');
    expect(withBaseline.decision).toMatchObject({ budget: 30, approvals: 0, outstanding: 25 });
    expect(withBaseline.spentAt).toBe(70);
    expect(judgeCountry(RULE, outstandingOver(25, 0), WARM).state).toBe('spent');
  });

  it("counts a country's baseline approvals towards its share, so a country whose users are quiet today is still never spent", () => {
    // No approvals today, 60 a day over the week: 6% of the 1000 known.
    expect(judgeCountry(RULE, outstandingOver(10_000, 0, 60), WARM).state).toBe('strict');
    expect(judgeCountry(RULE, outstandingOver(10_000, 0, 40), WARM).state).toBe('spent');
  });

  it("takes the day's approvals when they exceed the baseline", () => {
    expect(judgeCountry(RULE, outstandingOver(25, 40, 4), WARM).decision).toMatchObject({ budget: 30 });
  });

  it('never counts outstanding sends below zero when approvals outnumber the starts', () => {
    expect(judgeCountry(RULE, counts(3, 8), WARM).decision).toMatchObject({ outstanding: 0, allowed: true });
  });

  it('refuses for the refresh time of the rule, whatever it is', () => {
    const rule: CountryBudgetRule = { ...RULE, refresh: '1m', refreshMs: 60_000 };
    expect(judgeCountry(rule, outstandingOver(10, 0), WARM).decision.liftsInMs).toBe(60_000);
  });
});

describe('judgeCountry over random counts', () => {
  // Rules and counts around the defaults, where the three states all occur (large values as well).
  const rules = fc
    .record({
      floor: fc.integer({ min: 1, max: 50 }),
      perApproval: fc.double({ min: 0, max: 2, noNaN: true }),
      strictPerApproval: fc.double({ min: 0, max: 2, noNaN: true }),
      cap: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constant(RULE.cap)),
      warmUpApprovals: fc.integer({ min: 0, max: 100 }),
      minShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    })
    .map((amounts): CountryBudgetRule => ({ ...RULE, ...amounts, cap: Math.max(amounts.cap, amounts.floor) }));
  const count = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 100_000 }));
  const more = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 100_000 }));
  const RUNS = { numRuns: 2000 };

  it('never moves a country back (spent to strict to normal) as its outstanding sends grow', () => {
    fc.assert(
      fc.property(rules, count, count, count, count, more, (rule, outstanding, approvals, baseline, known, extra) => {
        const context = { knownApprovals: known };
        const before = judgeCountry(rule, outstandingOver(outstanding, approvals, baseline), context).state;
        const after = judgeCountry(rule, outstandingOver(outstanding + extra, approvals, baseline), context).state;
        expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
      }),
      RUNS,
    );
  });

  it('never makes a country stricter for more approvals, today or in its baseline, its starts unchanged', () => {
    fc.assert(
      fc.property(rules, count, count, count, count, more, (rule, starts, approvals, baseline, known, extra) => {
        const context = { knownApprovals: known };
        const before = judgeCountry(rule, counts(starts, approvals, baseline), context).state;
        expect(RANK[judgeCountry(rule, counts(starts, approvals + extra, baseline), context).state]).toBeLessThanOrEqual(RANK[before]);
        expect(RANK[judgeCountry(rule, counts(starts, approvals, baseline + extra), context).state]).toBeLessThanOrEqual(RANK[before]);
      }),
      RUNS,
    );
  });

  it('never makes a country stricter for more approvals of its own, counted in what the instance knows too (default rule)', () => {
    fc.assert(
      fc.property(count, count, count, count, more, (starts, approvals, baseline, others, extra) => {
        const judge = (day: number) => {
          const country = counts(starts, day, baseline);
          return judgeCountry(RULE, country, { knownApprovals: others + effectiveApprovals(country) }).state;
        };
        expect(RANK[judge(approvals + extra)]).toBeLessThanOrEqual(RANK[judge(approvals)]);
      }),
      RUNS,
    );
  });

  it('is spent only when warm, minor and at spentAt; strict or spent exactly when at or over the budget', () => {
    fc.assert(
      fc.property(rules, count, count, count, count, (rule, starts, approvals, baseline, known) => {
        const country = counts(starts, approvals, baseline);
        const judgement = judgeCountry(rule, country, { knownApprovals: known });
        const outstanding = Math.max(0, starts - approvals);
        const effective = effectiveApprovals(country);
        const budget = Math.min(rule.cap, rule.floor + Math.floor(rule.perApproval * effective));
        expect(judgement.state === 'normal').toBe(outstanding < budget);
        expect(judgement.decision.allowed).toBe(judgement.state === 'normal');
        if (judgement.state === 'spent') {
          expect(outstanding).toBeGreaterThanOrEqual(judgement.spentAt as number);
          expect(known).toBeGreaterThanOrEqual(rule.warmUpApprovals);
          expect(effective).toBeLessThan(Math.max(1, rule.minShare * Math.max(effective, known)));
        }
      }),
      RUNS,
    );
  });
});

describe('nearThreshold', () => {
  const judge = (starts: number, approvals: number, knownApprovals = 1000) => judgeCountry(RULE, { starts, approvals, baselineApprovals: 0, observedMs: 0 }, { knownApprovals });

  it('is true within a few starts of the budget of a normal country, false far from it', () => {
    // Budget 10 with no approvals: 8 and 9 outstanding are within 2 of it.
    expect(nearThreshold(judge(7, 0))).toBe(false);
    expect(nearThreshold(judge(8, 0))).toBe(true);
    expect(nearThreshold(judge(9, 0))).toBe(true);
    // Budget 10 + 500 = 510: within a tenth (51) of it.
    expect(nearThreshold(judge(1000 + 458, 1000))).toBe(false);
    expect(nearThreshold(judge(1000 + 460, 1000))).toBe(true);
  });

  it('is true for a strict country approaching the point where it is spent, false once past it or spent', () => {
    // 10 approvals: budget 15, spent at 25 (not the app's own among 1000 known).
    expect(judge(10 + 22, 10).state).toBe('strict');
    expect(nearThreshold(judge(10 + 22, 10))).toBe(true);
    expect(nearThreshold(judge(10 + 16, 10))).toBe(false);
    expect(judge(10 + 25, 10).state).toBe('spent');
    expect(nearThreshold(judge(10 + 25, 10))).toBe(false);
    // The app's own country (10 of 100 known) stays strict past its spent point: nothing ahead.
    expect(nearThreshold(judge(10 + 40, 10, 100))).toBe(false);
  });

  it('is false when the counts are unknown', () => {
    expect(nearThreshold(judgeCountry(RULE, undefined, { knownApprovals: 0 }))).toBe(false);
  });
});
