import { createBudgetMemory, DEFAULT_COUNTRY_BUDGET, REFUSAL_WARM_UP_MS, rememberedBudgetRefusal, startUnconvertedBudgetCheck, type CountryBudgetRule, type UnconvertedBudgetRule } from '../../../src/core/adaptive';
import { policyDefaultRuleSets } from '../../../src/core/policy/load-policy';
import { createThrottle, parseRuleSets } from '../../../src/core/throttle';
import { createRecordingStore } from './recording-store';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const PRANGE: UnconvertedBudgetRule = { scope: 'prefix:8', window: '1d', windowMs: DAY, floor: 2, perApproval: 1, cap: 20, escalation: null, refuseWithoutApprovals: false };
// The exact-log budgets (opt-in 5- and 6-digit prefixes): every test number shares the prefix 447400.
const P6: UnconvertedBudgetRule = { scope: 'prefix:6', window: '1d', windowMs: DAY, floor: 3, perApproval: 0.5, cap: 100, escalation: PRANGE, refuseWithoutApprovals: false };
/** Numbers in range i (8 digits: 447400 + two digits), one per j. */
const number = (range: number, j: number) => `+447400${String(range).padStart(2, '0')}${String(j).padStart(4, '0')}`;

function setup(rules: readonly UnconvertedBudgetRule[] = [P6]) {
  let now = T0;
  const { store, reads } = createRecordingStore(() => now);
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(undefined, policyDefaultRuleSets([P6])), now: () => now });
  const memory = createBudgetMemory();
  const startTo = async (to: string, monitor = false) => {
    const subject = { number: to, country: 'GB' };
    const check = startUnconvertedBudgetCheck(throttle, rules, subject, monitor, memory);
    const decision = await throttle.evaluate('verify-start', subject, { veto: check?.veto });
    return { admitted: decision.allowed && !decision.vetoed, decision, budget: check?.result() };
  };
  const approve = (to: string) => throttle.evaluate('verify-conversion', { number: to, country: 'GB' });
  return { throttle, memory, reads, startTo, approve, advance: (ms: number) => (now += ms), now: () => now };
}

describe('startUnconvertedBudgetCheck', () => {
  it('refuses a scope without escalation once its floor of unconverted sends is spent, however the sends spread', async () => {
    const { startTo, throttle } = setup([{ ...P6, escalation: null }]);
    for (let range = 0; range < 3; range += 1) expect((await startTo(number(range, 0))).admitted).toBe(true);
    const refused = await startTo(number(3, 0));
    expect(refused.admitted).toBe(false);
    expect(refused.budget).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 3, budget: 3, approvals: 0 });
    expect(refused.budget?.rule.scope).toBe('prefix:6');
    // Nothing of the refused start was written.
    expect(await throttle.peek('verify-start-prefix6', { number: number(0, 0) })).toMatchObject({ ok: true, events: [T0, T0, T0] });
  });

  it('frees room as codes are approved', async () => {
    const { startTo, approve } = setup([{ ...P6, escalation: null }]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    expect((await startTo(number(3, 0))).admitted).toBe(false);
    await approve(number(0, 0));
    expect((await startTo(number(4, 0))).admitted).toBe(true);
  });

  it('escalates a converting prefix to the per-range budget instead of refusing everyone in it', async () => {
    const { startTo, approve } = setup();
    // Three users convert: the country has approvals and earns room.
    for (let user = 0; user < 3; user += 1) {
      await startTo(number(50 + user, 0));
      await approve(number(50 + user, 0));
    }
    // A pumper spends the rest of the budget: 3 + 1 = 4 outstanding.
    for (let range = 0; range < 4; range += 1) expect((await startTo(number(range, 1))).admitted).toBe(true);
    // Over budget now: a fresh range (a real user elsewhere) still gets its code ...
    const fresh = await startTo(number(60, 0));
    expect(fresh.admitted).toBe(true);
    expect(fresh.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', rule: { scope: 'prefix:6' } });
    // ... and the pumper's ranges are refused once each holds two unconverted sends.
    expect((await startTo(number(0, 2))).admitted).toBe(true);
    const refused = await startTo(number(0, 3));
    expect(refused.admitted).toBe(false);
    expect(refused.budget).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 2, budget: 2, rule: { scope: 'prefix:8' } });
  });

  it('remembers a refusal for the scope that refused: the range under escalation, not the prefix', async () => {
    const { startTo, approve, memory, now } = setup();
    for (let user = 0; user < 3; user += 1) {
      await startTo(number(50 + user, 0));
      await approve(number(50 + user, 0));
    }
    for (let range = 0; range < 4; range += 1) await startTo(number(range, 1));
    await startTo(number(0, 2));
    await startTo(number(0, 3));
    expect(rememberedBudgetRefusal(memory, [P6], { number: number(0, 9), country: 'GB' }, now())).toMatchObject({ rule: { scope: 'prefix:8' } });
    expect(rememberedBudgetRefusal(memory, [P6], { number: number(61, 0), country: 'GB' }, now())).toBeUndefined();
  });

  it('reads no approvals while the starts alone stay under the budget, and reuses a recent read', async () => {
    const rich: UnconvertedBudgetRule = { ...P6, floor: 1, escalation: null };
    const { startTo, approve, reads } = setup([rich]);
    await startTo(number(0, 0));
    expect(reads.filter((key) => key.startsWith('verify-conversion'))).toEqual([]);
    await approve(number(0, 0));
    await approve(number(1, 0));
    reads.length = 0;
    // Starts now reach the floor: one read of the approvals, then none while they are fresh.
    expect((await startTo(number(2, 0))).admitted).toBe(true);
    expect((await startTo(number(3, 0))).admitted).toBe(true);
    expect(reads.filter((key) => key.startsWith('verify-conversion'))).toHaveLength(1);
  });

  it('refuses a prefix nobody converts in as a whole (refuseWithoutApprovals) once it has been watched for REFUSAL_WARM_UP_MS, and escalates before that', async () => {
    const strictPrefix: UnconvertedBudgetRule = { ...P6, refuseWithoutApprovals: true };
    const { startTo, advance } = setup([strictPrefix]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    // Exhausted, no approvals, watched for less than the warm-up: a fresh range still gets its code.
    const early = await startTo(number(10, 0));
    expect(early.admitted).toBe(true);
    expect(early.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', approvals: 0 });
    advance(REFUSAL_WARM_UP_MS);
    const late = await startTo(number(11, 0));
    expect(late.admitted).toBe(false);
    expect(late.budget).toMatchObject({ reason: 'over_budget', approvals: 0, rule: { scope: 'prefix:6' } });
    expect(late.budget?.escalatedFrom).toBeUndefined();
  });

  it('keeps escalating a watched prefix once one code there is approved', async () => {
    const strictPrefix: UnconvertedBudgetRule = { ...P6, refuseWithoutApprovals: true };
    const { startTo, approve, advance } = setup([strictPrefix]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    await approve(number(0, 0));
    for (let range = 3; range < 5; range += 1) await startTo(number(range, 0));
    advance(REFUSAL_WARM_UP_MS);
    expect((await startTo(number(12, 0))).budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', approvals: 1 });
  });

  it('judges but never refuses in monitor mode', async () => {
    const { startTo } = setup([{ ...P6, escalation: null }]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0), true);
    const over = await startTo(number(3, 0), true);
    expect(over.admitted).toBe(true);
    expect(over.budget).toMatchObject({ allowed: false, reason: 'over_budget' });
  });
});

describe('startUnconvertedBudgetCheck: the country budget (tallies of the country logs)', () => {
  const RULE: CountryBudgetRule = { ...DEFAULT_COUNTRY_BUDGET, floor: 3, warmUpApprovals: 2, minShare: 0.2 };
  const usNumber = (j: number) => `+1201555${String(j).padStart(4, '0')}`;

  function countrySetup(rule: CountryBudgetRule = RULE, failReadsOf?: string) {
    let now = T0;
    const { store, reads } = createRecordingStore(() => now, failReadsOf);
    const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(undefined, policyDefaultRuleSets([rule])), now: () => now });
    const memory = createBudgetMemory();
    const startTo = async (to: string, country = 'GB', channel = 'sms') => {
      const subject = { number: to, country };
      const check = startUnconvertedBudgetCheck(throttle, [rule], subject, false, memory, { now, channel });
      const decision = await throttle.evaluate('verify-start', subject, { veto: check?.veto });
      const admitted = decision.allowed && !decision.vetoed;
      // As verify/start does after a send: this instance counts it until its next read.
      if (admitted) memory.tallies.noteStart(country);
      return { admitted, budget: check?.result() };
    };
    const approve = (to: string, country = 'GB') => throttle.evaluate('verify-conversion', { number: to, country });
    const advance = (ms: number) => (now += ms);
    /** Real users elsewhere: `count` approvals in the US, and this instance has read them. */
    const usersElsewhere = async (count: number) => {
      for (let j = 0; j < count; j += 1) {
        await startTo(usNumber(j), 'US');
        await approve(usNumber(j), 'US');
      }
      advance(rule.refreshMs);
      await startTo(usNumber(count), 'US');
    };
    return { reads, memory, startTo, approve, advance, usersElsewhere };
  }

  it('refuses a country nobody converts in as a whole once its floor is spent, however the sends spread over ranges', async () => {
    const { startTo, usersElsewhere } = countrySetup();
    await usersElsewhere(5);
    for (let range = 0; range < 3; range += 1) expect((await startTo(number(range, 0))).admitted).toBe(true);
    const refused = await startTo(number(9, 0));
    expect(refused.admitted).toBe(false);
    expect(refused.budget).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 3, budget: 3, approvals: 0, rule: { scope: 'country' } });
    expect(refused.budget?.escalatedFrom).toBeUndefined();
  });

  it('turns a country of real users strict instead: a fresh range gets its code, a range with an unentered one does not', async () => {
    const { startTo, approve, usersElsewhere, advance } = countrySetup();
    await usersElsewhere(5);
    for (let user = 0; user < 4; user += 1) {
      await startTo(number(50 + user, 0));
      await approve(number(50 + user, 0));
    }
    // The next read shows the approvals.
    advance(RULE.refreshMs);
    // Budget 3 + 2; spent at 3 + 2 + 4 = 9 if it were not the app's own (4 of 9 approvals known: it is).
    for (let range = 0; range < 12; range += 1) await startTo(number(range, 1));
    const fresh = await startTo(number(60, 0));
    expect(fresh.admitted).toBe(true);
    expect(fresh.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', rule: { scope: 'country' } });
    const again = await startTo(number(0, 2));
    expect(again.admitted).toBe(false);
    expect(again.budget).toMatchObject({ reason: 'over_budget', outstanding: 1, budget: 1, rule: { scope: 'prefix:8' } });
  });

  it('judges the ranges of a normal country too, by their looser budget: three unentered codes a range a day', async () => {
    const { startTo } = countrySetup({ ...RULE, floor: 30 });
    for (let j = 0; j < 3; j += 1) expect((await startTo(number(0, j))).admitted).toBe(true);
    const fourth = await startTo(number(0, 3));
    expect(fourth.admitted).toBe(false);
    expect(fourth.budget).toMatchObject({ reason: 'over_budget', outstanding: 3, budget: 3, rule: { scope: 'prefix:8' } });
    expect(fourth.budget?.escalatedFrom).toBeUndefined();
    expect((await startTo(number(1, 0))).admitted).toBe(true);
    // Switched off, only the country's own state decides.
    const { startTo: unranged } = countrySetup({ ...RULE, floor: 30, range: null });
    for (let j = 0; j < 4; j += 1) expect((await unranged(number(0, j))).admitted).toBe(true);
  });

  it('refuses codes by call in a strict country, and only them', async () => {
    const { startTo, approve, usersElsewhere, advance } = countrySetup();
    await usersElsewhere(5);
    // Two real users: 2 of the 7 approvals this instance knows, over minShare.
    for (let user = 0; user < 2; user += 1) {
      await startTo(number(50 + user, 0));
      await approve(number(50 + user, 0));
    }
    advance(RULE.refreshMs);
    for (let range = 0; range < 8; range += 1) await startTo(number(range, 1));
    const call = await startTo(number(70, 0), 'GB', 'call');
    expect(call.admitted).toBe(false);
    expect(call.budget).toMatchObject({ reason: 'strict_channel', rule: { scope: 'country' } });
    expect((await startTo(number(71, 0))).admitted).toBe(true);
  });

  it('spends no country while the countries an instance knows show fewer approvals than warmUpApprovals (a new deployment)', async () => {
    const { startTo } = countrySetup({ ...RULE, warmUpApprovals: 50 });
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    const cold = await startTo(number(9, 0));
    expect(cold.admitted).toBe(true);
    expect(cold.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', approvals: 0 });
  });

  it("reads a country's logs once per refresh time while its budget is out of reach, counting its own starts in between", async () => {
    const { startTo, reads, advance } = countrySetup({ ...RULE, floor: 30 });
    // Only the budget reads the approvals log (the throttle reads the starts log with its limits).
    const tallies = () => reads.filter((key) => key.startsWith('verify-conversion-country:')).length;
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    expect(tallies()).toBe(1);
    advance(RULE.refreshMs);
    await startTo(number(3, 0));
    expect(tallies()).toBe(2);
  });

  it('reads afresh for every start once the budget is within reach, so instances do not each admit their own few past it', async () => {
    const { startTo, reads } = countrySetup();
    const tallies = () => reads.filter((key) => key.startsWith('verify-conversion-country:')).length;
    await startTo(number(0, 0));
    await startTo(number(1, 0));
    expect(tallies()).toBe(1);
    // The second start found 1 of 3 outstanding: within 2 of the budget, so every start from now on reads again.
    await startTo(number(2, 0));
    await startTo(number(3, 0));
    expect(tallies()).toBe(3);
  });

  it('leaves the country unjudged when its logs cannot be read: a store failure refuses no country', async () => {
    const { startTo, usersElsewhere } = countrySetup(RULE, 'verify-conversion-country');
    await usersElsewhere(5);
    for (let range = 0; range < 5; range += 1) expect((await startTo(number(range, 0))).admitted).toBe(true);
    expect((await startTo(number(9, 0))).budget).toMatchObject({ allowed: true, reason: 'starts_unknown' });
  });
});
