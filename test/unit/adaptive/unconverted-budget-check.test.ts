import { createBudgetMemory, REFUSAL_WARM_UP_MS, rememberedBudgetRefusal, startUnconvertedBudgetCheck, type UnconvertedBudgetRule } from '../../../src/core/adaptive';
import { policyDefaultRuleSets } from '../../../src/core/policy/load-policy';
import { createThrottle, parseRuleSets } from '../../../src/core/throttle';
import { createRecordingStore } from './recording-store';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const DAY = 86_400_000;
const PRANGE: UnconvertedBudgetRule = { scope: 'prefix:8', window: '1d', windowMs: DAY, floor: 2, perApproval: 1, cap: 20, escalation: null, refuseWithoutApprovals: false };
const COUNTRY: UnconvertedBudgetRule = { scope: 'country', window: '1d', windowMs: DAY, floor: 3, perApproval: 0.5, cap: 100, escalation: PRANGE, refuseWithoutApprovals: false };
/** Numbers in range i (8 digits: 447400 + two digits), one per j. */
const number = (range: number, j: number) => `+447400${String(range).padStart(2, '0')}${String(j).padStart(4, '0')}`;

function setup(rules: readonly UnconvertedBudgetRule[] = [COUNTRY]) {
  let now = T0;
  const { store, reads } = createRecordingStore(() => now);
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(undefined, policyDefaultRuleSets([COUNTRY])), now: () => now });
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
    const { startTo, throttle } = setup([{ ...COUNTRY, escalation: null }]);
    for (let range = 0; range < 3; range += 1) expect((await startTo(number(range, 0))).admitted).toBe(true);
    const refused = await startTo(number(3, 0));
    expect(refused.admitted).toBe(false);
    expect(refused.budget).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 3, budget: 3, approvals: 0 });
    expect(refused.budget?.rule.scope).toBe('country');
    // Nothing of the refused start was written.
    expect(await throttle.peek('verify-start-country-day', { country: 'GB' })).toMatchObject({ ok: true, events: [T0, T0, T0] });
  });

  it('frees room as codes are approved', async () => {
    const { startTo, approve } = setup([{ ...COUNTRY, escalation: null }]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    expect((await startTo(number(3, 0))).admitted).toBe(false);
    await approve(number(0, 0));
    expect((await startTo(number(4, 0))).admitted).toBe(true);
  });

  it('escalates a converting country to the per-range budget instead of refusing everyone in it', async () => {
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
    expect(fresh.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', rule: { scope: 'country' } });
    // ... and the pumper's ranges are refused once each holds two unconverted sends.
    expect((await startTo(number(0, 2))).admitted).toBe(true);
    const refused = await startTo(number(0, 3));
    expect(refused.admitted).toBe(false);
    expect(refused.budget).toMatchObject({ allowed: false, reason: 'over_budget', outstanding: 2, budget: 2, rule: { scope: 'prefix:8' } });
  });

  it('remembers a refusal for the scope that refused: the range under escalation, not the country', async () => {
    const { startTo, approve, memory, now } = setup();
    for (let user = 0; user < 3; user += 1) {
      await startTo(number(50 + user, 0));
      await approve(number(50 + user, 0));
    }
    for (let range = 0; range < 4; range += 1) await startTo(number(range, 1));
    await startTo(number(0, 2));
    await startTo(number(0, 3));
    expect(rememberedBudgetRefusal(memory, [COUNTRY], { number: number(0, 9), country: 'GB' }, now())).toMatchObject({ rule: { scope: 'prefix:8' } });
    expect(rememberedBudgetRefusal(memory, [COUNTRY], { number: number(61, 0), country: 'GB' }, now())).toBeUndefined();
  });

  it('reads no approvals while the starts alone stay under the budget, and reuses a recent read', async () => {
    const rich: UnconvertedBudgetRule = { ...COUNTRY, floor: 1, escalation: null };
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

  it('refuses a country nobody converts in as a whole once it has been watched for REFUSAL_WARM_UP_MS, and escalates before that', async () => {
    const strictCountry: UnconvertedBudgetRule = { ...COUNTRY, refuseWithoutApprovals: true };
    const { startTo, advance } = setup([strictCountry]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    // Exhausted, no approvals, watched for less than the warm-up: a fresh range still gets its code.
    const early = await startTo(number(10, 0));
    expect(early.admitted).toBe(true);
    expect(early.budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', approvals: 0 });
    advance(REFUSAL_WARM_UP_MS);
    const late = await startTo(number(11, 0));
    expect(late.admitted).toBe(false);
    expect(late.budget).toMatchObject({ reason: 'over_budget', approvals: 0, rule: { scope: 'country' } });
    expect(late.budget?.escalatedFrom).toBeUndefined();
  });

  it('keeps escalating a watched country once one code there is approved', async () => {
    const strictCountry: UnconvertedBudgetRule = { ...COUNTRY, refuseWithoutApprovals: true };
    const { startTo, approve, advance } = setup([strictCountry]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0));
    await approve(number(0, 0));
    for (let range = 3; range < 5; range += 1) await startTo(number(range, 0));
    advance(REFUSAL_WARM_UP_MS);
    expect((await startTo(number(12, 0))).budget?.escalatedFrom).toMatchObject({ reason: 'over_budget', approvals: 1 });
  });

  it('judges but never refuses in monitor mode', async () => {
    const { startTo } = setup([{ ...COUNTRY, escalation: null }]);
    for (let range = 0; range < 3; range += 1) await startTo(number(range, 0), true);
    const over = await startTo(number(3, 0), true);
    expect(over.admitted).toBe(true);
    expect(over.budget).toMatchObject({ allowed: false, reason: 'over_budget' });
  });
});
