import type { FaultKind } from '../../../emulator';
import type { OnStoreError, StoreErrorReason, ThrottleDecision } from '../../../src/core/throttle';
import { EmulatorHarness, ITEM_CREATE, ITEM_FETCH, ITEM_UPDATE, numbers } from './emulator-harness';

const harness = new EmulatorHarness();
const ALWAYS = 1_000_000;

beforeAll(() => harness.start());
afterAll(() => harness.stop());
beforeEach(() => harness.reset());
// Jest 30 fails the running test or hook on any unhandled rejection. Abandoned requests (cut off by
// the throttle's own timeouts, released when the faults are cleared) settle here, inside the hook.
afterEach(async () => {
  await harness.control.clearFaults();
  await new Promise((resolve) => setTimeout(resolve, 50));
});

const rulesWith = (onStoreError: OnStoreError) => ({ otp: { subject: 'number', windows: [{ limit: 4, per: '10m' }], onStoreError } }) as const;

// Short budgets keep the matrix fast; the default budget has its own test below.
const FAST = { storeTimeoutMs: 150, deadlineMs: 1000, maxConflictRetries: 4, clientTimeoutMs: 10_000 } as const;

const REASON: Record<FaultKind, StoreErrorReason> = {
  '429': 'rate_limited',
  '500-html': 'unavailable',
  '502-after-handling': 'unavailable',
  hang: 'timeout',
  reset: 'transport',
  conflict: 'conflict',
  'twilio-error': 'rejected',
};

/** What three requests in a row get under a store that keeps failing, by policy (local: half of 4 per instance). */
const EXPECTED: Record<OnStoreError, { allowed: boolean[]; reason: ThrottleDecision['reason'][] }> = {
  closed: { allowed: [false, false, false], reason: ['store_unavailable', 'store_unavailable', 'store_unavailable'] },
  open: { allowed: [true, true, true], reason: ['ok', 'ok', 'ok'] },
  local: { allowed: [true, true, false], reason: ['ok', 'ok', 'rate_limited'] },
};

async function threeDecisions(policy: OnStoreError, number: string, timing: { storeTimeoutMs?: number; deadlineMs?: number } = {}) {
  const { throttle } = harness.instance(rulesWith(policy), { ...FAST, ...timing });
  const decisions: ThrottleDecision[] = [];
  const elapsed: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    decisions.push(await throttle.evaluate('otp', { number }));
    elapsed.push(Date.now() - started);
  }
  return { decisions, elapsed };
}

const POLICIES: OnStoreError[] = ['closed', 'open', 'local'];
const READ_FAULTS: FaultKind[] = ['429', '500-html', 'hang', 'reset'];
const WRITE_FAULTS: FaultKind[] = ['429', '500-html', 'hang', 'reset'];

describe.each(POLICIES)('onStoreError %s', (policy) => {
  // Lost races are contention, not an outage: retried until the deadline, then refused whatever the policy.
  it('refuses every time when every write loses its race', async () => {
    await harness.control.injectFault({ route: ITEM_CREATE, kind: 'conflict', count: ALWAYS });
    // The shipped store timeout: on a loaded machine FAST's 150 ms turns some answers into timeouts (an outage).
    const { decisions } = await threeDecisions(policy, numbers(1)[0], { storeTimeoutMs: 1000, deadlineMs: 3000 });
    expect(decisions.map((decision) => decision.allowed)).toEqual([false, false, false]);
    expect(decisions.map((decision) => decision.reason)).toEqual(Array(3).fill('store_unavailable'));
    expect(decisions.map((decision) => decision.rules[0].storeError)).toEqual(Array(3).fill('conflict'));
  });

  it.each(READ_FAULTS)('follows the policy every time when every read fails with %s', async (kind) => {
    await harness.control.injectFault({ route: ITEM_FETCH, kind, count: ALWAYS });
    const { decisions, elapsed } = await threeDecisions(policy, numbers(1)[0]);
    expect(decisions.map((decision) => decision.allowed)).toEqual(EXPECTED[policy].allowed);
    expect(decisions.map((decision) => decision.reason)).toEqual(EXPECTED[policy].reason);
    expect(decisions.map((decision) => decision.path)).toEqual(['fallback', 'fallback', 'fallback']);
    expect(decisions.map((decision) => decision.rules[0].storeError)).toEqual(Array(3).fill(REASON[kind]));
    expect(Math.max(...elapsed)).toBeLessThan(FAST.deadlineMs + 500);
  });

  it.each(WRITE_FAULTS)('follows the policy every time when every write fails with %s', async (kind) => {
    const [number] = numbers(1);
    await harness.instance(rulesWith(policy)).throttle.evaluate('otp', { number });
    await harness.control.injectFault({ route: ITEM_UPDATE, kind, count: ALWAYS });
    await harness.control.injectFault({ route: ITEM_CREATE, kind, count: ALWAYS });
    const { decisions, elapsed } = await threeDecisions(policy, number);
    expect(decisions.map((decision) => decision.allowed)).toEqual(EXPECTED[policy].allowed);
    expect(decisions.map((decision) => decision.reason)).toEqual(EXPECTED[policy].reason);
    expect(decisions.map((decision) => decision.rules[0].storeError)).toEqual(Array(3).fill(REASON[kind]));
    expect(Math.max(...elapsed)).toBeLessThan(FAST.deadlineMs + 500);
  });
});

describe('the decision budget', () => {
  it('decides within 4 s with default timeouts when Sync hangs and the client would wait 10 s', async () => {
    await harness.control.injectFault({ route: ITEM_FETCH, kind: 'hang', count: ALWAYS });
    const { throttle } = harness.instance(rulesWith('closed'), { clientTimeoutMs: 10_000 });
    const started = Date.now();
    const decision = await throttle.evaluate('otp', { number: numbers(1)[0] });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(decision).toMatchObject({ allowed: false, reason: 'store_unavailable' });
    expect(decision.rules[0].storeError).toBe('timeout');
  });

  it('decides within the deadline when reads are slow and every write hangs, for all rule sets at once', async () => {
    const rules = {
      a: { subject: 'number', windows: [{ limit: 4, per: '10m' }], onStoreError: 'local' },
      'a-prefix': { action: 'a', subject: 'prefix:6', windows: [{ limit: 4, per: '10m' }], onStoreError: 'open' },
      'a-global': { action: 'a', subject: 'global', windows: [{ limit: 40, per: '10m' }], onStoreError: 'local' },
    } as const;
    await harness.control.setLatency({ fixedMs: 150, route: ITEM_FETCH });
    await harness.control.injectFault({ route: ITEM_CREATE, kind: 'hang', count: ALWAYS });
    const { throttle, records } = harness.instance(rules, { deadlineMs: 600, storeTimeoutMs: 400, clientTimeoutMs: 10_000 });
    const started = Date.now();
    const decision = await throttle.evaluate('a', { number: numbers(1)[0] });
    expect(Date.now() - started).toBeLessThan(600 + 200);
    expect(decision).toMatchObject({ allowed: true, path: 'fallback' });
    expect(decision.rules.map((rule) => [rule.rule, rule.storeError, rule.path])).toEqual([
      ['a', 'timeout', 'fallback'],
      ['a-prefix', 'timeout', 'fallback'],
      ['a-global', 'timeout', 'fallback'],
    ]);
    expect(records.at(-1)).toMatchObject({ event: 'throttle.decision', path: 'fallback' });
  });

  it('follows the policy, never rejecting, when Sync’s per-Map rate limit refuses a flood', async () => {
    await harness.control.setSyncRateLimits(true, { readsPerSecond: 2, writesPerSecond: 2, burstSeconds: 1 });
    // The shipped budgets: with FAST's 150 ms a loaded machine answers the flood's 429s too late, as timeouts.
    const closed = harness.instance(rulesWith('closed'));
    const local = harness.instance({ otp: { subject: 'number', windows: [{ limit: 4, per: '10m' }], onStoreError: 'local' } });
    const flood = numbers(40);
    const decisions = await Promise.all(flood.flatMap((number) => [closed, local].map((instance) => instance.throttle.evaluate('otp', { number }))));
    const limited = decisions.filter((decision) => decision.rules[0].storeError === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    for (const decision of limited) {
      const policy = decision.rules[0].reason === 'store_error_closed' ? 'closed' : 'local';
      expect(decision).toMatchObject(policy === 'closed' ? { allowed: false, reason: 'store_unavailable' } : { allowed: true, path: 'fallback' });
    }
    expect(limited.some((decision) => decision.allowed)).toBe(true);
    expect(limited.some((decision) => !decision.allowed)).toBe(true);
  });
});
