import { DEFAULT_COUNTRY_BUDGET, evaluateUnconvertedBudget, parseUnconvertedBudgets, UNCONVERTED_BUDGET_BASES, unconvertedBudget, type UnconvertedBudgetRule } from '../../../src/core/adaptive';

const DAY = 86_400_000;
const RULE: UnconvertedBudgetRule = { scope: 'country', window: '1d', windowMs: DAY, floor: 3, perApproval: 0.5, cap: 10, escalation: null, refuseWithoutApprovals: false };
const T0 = 1_700_000_000_000;

describe('unconvertedBudget', () => {
  it('grows from the floor by perApproval per approval, rounded down, up to the cap', () => {
    expect(unconvertedBudget(RULE, 0)).toBe(3);
    expect(unconvertedBudget(RULE, 3)).toBe(4);
    expect(unconvertedBudget(RULE, 8)).toBe(7);
    expect(unconvertedBudget(RULE, 1000)).toBe(10);
  });
});

describe('evaluateUnconvertedBudget', () => {
  it('allows starts while the outstanding ones stay below the floor of a scope with no approvals', () => {
    expect(evaluateUnconvertedBudget(RULE, [T0, T0 + 1], [], T0 + 2)).toMatchObject({ allowed: true, reason: 'ok', outstanding: 2, budget: 3 });
  });

  it('refuses once the outstanding starts reach the budget, and says when the oldest leaves the window', () => {
    const decision = evaluateUnconvertedBudget(RULE, [T0, T0 + 1000, T0 + 2000], [], T0 + 5000);
    expect(decision).toMatchObject({ allowed: false, reason: 'over_budget', starts: 3, approvals: 0, outstanding: 3, budget: 3 });
    expect(decision.liftsInMs).toBe(DAY - 5000);
  });

  it('frees room with every approval: it removes an outstanding start and earns perApproval more', () => {
    const starts = [T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4];
    expect(evaluateUnconvertedBudget(RULE, starts, [], T0 + 10).allowed).toBe(false);
    // 5 starts, 2 approved: 3 outstanding against a budget of 3 + 1.
    expect(evaluateUnconvertedBudget(RULE, starts, [T0 + 5, T0 + 6], T0 + 10)).toMatchObject({ allowed: true, outstanding: 3, budget: 4 });
  });

  it('counts only starts and approvals inside the window', () => {
    const old = [T0 - DAY - 1, T0 - DAY, T0 - DAY + 1];
    expect(evaluateUnconvertedBudget(RULE, old, [], T0)).toMatchObject({ allowed: true, starts: 1, outstanding: 1 });
    expect(evaluateUnconvertedBudget(RULE, [T0, T0, T0], [T0 - DAY], T0 + 1)).toMatchObject({ allowed: false, approvals: 0 });
  });

  it('never counts outstanding below zero when approvals outnumber the starts in the window', () => {
    expect(evaluateUnconvertedBudget(RULE, [T0], [T0, T0, T0], T0 + 1)).toMatchObject({ allowed: true, outstanding: 0 });
  });

  it('leaves the scope unjudged when a log is unknown, so a store failure refuses no country', () => {
    expect(evaluateUnconvertedBudget(RULE, undefined, [], T0)).toMatchObject({ allowed: true, reason: 'starts_unknown' });
    expect(evaluateUnconvertedBudget(RULE, [T0, T0, T0, T0], undefined, T0)).toMatchObject({ allowed: true, reason: 'approvals_unknown', starts: 4 });
  });

  it('bounds a pumper that never converts to the floor per window however its starts are paced', () => {
    let starts: number[] = [];
    let admitted = 0;
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const now = T0 + minute * 60_000;
      if (evaluateUnconvertedBudget(RULE, starts, [], now).allowed) {
        starts = [...starts, now];
        admitted += 1;
      }
    }
    expect(admitted).toBe(RULE.floor);
  });
});

describe('parseUnconvertedBudgets', () => {
  it('switches the country budget on by default (false switches every budget off); an object adds the scopes it names', () => {
    expect(parseUnconvertedBudgets(undefined)).toEqual([DEFAULT_COUNTRY_BUDGET]);
    expect(parseUnconvertedBudgets(false)).toEqual([]);
    expect(parseUnconvertedBudgets(true)).toEqual([UNCONVERTED_BUDGET_BASES[0]]);
    expect(UNCONVERTED_BUDGET_BASES.map((rule) => rule.scope)).toEqual(['country', 'prefix:6', 'prefix:5']);
    expect(parseUnconvertedBudgets({ 'prefix:6': {} }).map((rule) => rule.scope)).toEqual(['country', 'prefix:6']);
  });

  it('replaces only the fields given, adds new scopes and switches scopes off', () => {
    expect(parseUnconvertedBudgets({ country: { floor: 5 } })[0]).toEqual({ ...UNCONVERTED_BUDGET_BASES[0], floor: 5 });
    expect(parseUnconvertedBudgets({ global: { window: '1h', floor: 50, cap: 300 } }).at(-1)).toEqual({ scope: 'global', window: '1h', windowMs: 3_600_000, floor: 50, perApproval: 0, cap: 300, escalation: null, refuseWithoutApprovals: false });
    expect(parseUnconvertedBudgets({ country: false, 'prefix:5': {} }).map((rule) => rule.scope)).toEqual(['prefix:5']);
    expect(parseUnconvertedBudgets({ country: { escalate: { floor: 2 } } })[0].escalation).toMatchObject({ scope: 'prefix:8', floor: 2, cap: 20 });
    expect(parseUnconvertedBudgets({ country: { refresh: '30s', warmUpApprovals: 0, minShare: 0.1, strictPerApproval: 0 } })[0]).toMatchObject({ refreshMs: 30_000, warmUpApprovals: 0, minShare: 0.1, strictPerApproval: 0 });
    // Counted logs: the country budget may be as large as the counts they keep.
    expect(parseUnconvertedBudgets({ country: { cap: 5000 } })[0].cap).toBe(5000);
  });

  it.each([
    [{ country: { floor: -1 } }, /adaptive\.unconverted\.country\.floor: must be a whole number from 1 to 1000000000 .*not -1/],
    [{ 'prefix:6': { cap: 5000 } }, /adaptive\.unconverted\.prefix:6\.cap: must be a whole number from 1 to 1000/],
    [{ 'prefix:6': { floor: -1 } }, /adaptive\.unconverted\.prefix:6\.floor: must be a whole number from 1 to 1000 .*not -1/],
    [{ country: { escalate: false } }, /adaptive\.unconverted\.country\.escalate: cannot be false/],
    [{ country: { minShare: 1.5 } }, /adaptive\.unconverted\.country\.minShare: must be a number from 0 to 1/],
    [{ country: { strictPerApproval: -1 } }, /adaptive\.unconverted\.country\.strictPerApproval: must be a number from 0 to 10/],
    [{ country: { refresh: '10m' } }, /adaptive\.unconverted\.country\.refresh: "10m" is out of range; use 1s to 5m/],
    [{ country: { warmUpApprovals: -3 } }, /adaptive\.unconverted\.country\.warmUpApprovals: must be a whole number from 0/],
    [{ country: { floor: 50, cap: 10 } }, /adaptive\.unconverted\.country\.cap: must be at least 'floor' \(50\), not 10/],
    [{ country: { perApproval: -0.5 } }, /adaptive\.unconverted\.country\.perApproval: must be a number from 0 to 10/],
    [{ country: { window: '2d' } }, /adaptive\.unconverted\.country\.window: "2d" is out of range; use 10m to 1d/],
    [{ country: { windw: '1d' } }, /adaptive\.unconverted\.country\.windw: unknown key; did you mean 'window'\?/],
    [{ 'prefix:16': { floor: 1, cap: 2 } }, /adaptive\.unconverted\.prefix:16: "prefix:16" is not a budget scope; use 'country', 'global' or 'prefix:N'/],
    [{ number: { floor: 1, cap: 2 } }, /"number" is not a budget scope/],
    [{ 'prefix:4': { floor: 3 } }, /adaptive\.unconverted\.prefix:4: needs 'floor' and 'cap'/],
    [[], /adaptive\.unconverted: must be an object/],
    [{ 'prefix:6': { refuseWithoutApprovals: 'yes' } }, /adaptive\.unconverted\.prefix:6\.refuseWithoutApprovals: must be true or false/],
    [{ country: { refuseWithoutApprovals: true } }, /adaptive\.unconverted\.country\.refuseWithoutApprovals: unknown key/],
    [{ country: { escalate: { scope: 'country', floor: 1, cap: 2 } } }, /adaptive\.unconverted\.country\.escalate\.scope: "country" is not finer than a country; use 'prefix:N'/],
    [{ country: { escalate: { floor: 0 } } }, /adaptive\.unconverted\.country\.escalate\.floor: must be a whole number from 1 to 1000/],
  ])('refuses %j with one clear error', (input, message) => {
    expect(() => parseUnconvertedBudgets(input)).toThrow(message);
  });
});
