import { decodeWindowLog, StoreError, type StoreItem, type ThrottleDecision } from '../../../src/core/throttle';
import { EmulatorHarness, numbers, type Instance } from './emulator-harness';

const harness = new EmulatorHarness();
const RULES = { otp: { subject: 'number', windows: [{ limit: 5, per: '10m' }] } } as const;
// Two rule sets of one action: the number's limit and an overall one, both committed or neither.
const TWO_RULES = { ...RULES, 'otp-global': { action: 'otp', subject: 'global', windows: [{ limit: 1000, per: '10m' }] } } as const;
const RUNS = 5;
const REQUESTS = 50;
const LIMIT = 5;

beforeAll(async () => {
  await harness.start();
  await harness.reset();
  await harness.control.setLatency({ minMs: 20, maxMs: 120 });
});
afterAll(() => harness.stop());

/**
 * The test's own read of what was stored. Fifty decisions racing on one item can drain the Map's
 * read bucket (20/s, refilled over 10 s), and then this read meets 54009 too: it is not under
 * test, so it waits the bucket out instead of failing the run (a CI run once did).
 */
async function readStored(key: string): Promise<StoreItem | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await harness.syncStore().get(key);
    } catch (error) {
      if (!(error instanceof StoreError && error.reason === 'rate_limited') || attempt >= 15) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function storedEvents(number: string): Promise<number> {
  const item = await readStored(harness.key('otp', number));
  return item ? (decodeWindowLog(item.data)?.length ?? -1) : 0;
}

/** One run: REQUESTS concurrent decisions for one fresh subject, spread round-robin over the instances; every fifth vetoed when `veto`. */
async function run(instances: Instance[], number: string, veto: boolean) {
  const decisions: ThrottleDecision[] = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) => instances[i % instances.length].throttle.evaluate('otp', { number }, veto ? { veto: () => i % 5 === 4 } : {})),
  );
  return { admitted: decisions.filter((decision) => decision.allowed).length, stored: await storedEvents(number) };
}

async function runAll(makeInstances: () => Instance[], veto = false) {
  const subjects = numbers(RUNS, 447_700_910_000 + Math.floor(Math.random() * 1000) * 100);
  const results = [];
  for (const number of subjects) results.push(await run(makeInstances(), number, veto));
  return results;
}

// The shipped budgets (1 s per store request, 3 s per decision) and Sync's per-Map rate limit:
// on a busy machine some requests time out or meet 54009 and are refused (closed), so safety here
// is "never more than the limit, and every admitted request stored". That the throttle does
// admit up to the limit is the last test's job, where neither timeouts nor the quota interfere.
function expectExact(results: ReadonlyArray<{ admitted: number; stored: number }>) {
  for (const { admitted, stored } of results) {
    expect(admitted).toBeLessThanOrEqual(LIMIT);
    expect(stored).toBeGreaterThanOrEqual(admitted);
  }
}

describe(`concurrent decisions for one subject with limit ${LIMIT}, Sync latency 20-120 ms, shipped budgets`, () => {
  it(`admits at most ${LIMIT} of ${REQUESTS} on one instance, in ${RUNS} runs`, async () => {
    expectExact(await runAll(() => [harness.instance(RULES)]));
  }, 120_000);

  it(`admits at most ${LIMIT} of ${REQUESTS} spread over 5 instances sharing Sync, in ${RUNS} runs`, async () => {
    expectExact(await runAll(() => Array.from({ length: 5 }, () => harness.instance(RULES))));
  }, 120_000);

  it(`admits at most ${LIMIT} of ${REQUESTS} over 5 instances with two rule sets and a veto refusing one in five, in ${RUNS} runs`, async () => {
    expectExact(await runAll(() => Array.from({ length: 5 }, () => harness.instance(TWO_RULES)), true));
  }, 120_000);

  // Liveness under contention, apart from timing and Sync's quota: with store and client timeouts
  // far above anything a healthy run needs (a CI run once stalled for more than 2.5 s) and the
  // per-Map rate limit off (50 requests racing on one item, run after run, exceed its 200-request
  // burst and are then refused with 54009, which is correct but is not what this test measures),
  // lost races must still end in exactly the limit admitted and stored, in every run.
  it(`admits exactly ${LIMIT} of ${REQUESTS} over 5 instances when no request times out or is rate limited, in ${RUNS} runs`, async () => {
    const generous = { storeTimeoutMs: 10_000, deadlineMs: 12_000, clientTimeoutMs: 10_000 } as const;
    await harness.control.setSyncRateLimits(false);
    try {
      const results = await runAll(() => Array.from({ length: 5 }, () => harness.instance(RULES, generous)));
      expect(results).toEqual(Array(RUNS).fill({ admitted: LIMIT, stored: LIMIT }));
    } finally {
      await harness.control.setSyncRateLimits(true);
    }
  }, 120_000);
});
