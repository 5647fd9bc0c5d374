import { overallPressure, readOriginCounts, originShareLogs, ORIGIN_SHARE_LOG_RULE } from '../../../src/core/inbound';
import { loadPolicy } from '../../../src/core/policy';
import { createMemoryStore, createThrottle } from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

function setUp() {
  const clock = { now: T0 };
  const { ruleSets } = loadPolicy('{}');
  const logs = originShareLogs(ruleSets);
  if (!logs) throw new Error('the default policy keeps the origin share logs');
  const throttle = createThrottle({ store: createMemoryStore({ now: () => clock.now }), secret: SECRET, ruleSets, now: () => clock.now });
  return { clock, logs, throttle };
}

describe('overallPressure', () => {
  it('is the share of each window the shard read holds, over its share of the limit', () => {
    const { logs } = setUp();
    const times = [T0 - 2 * HOUR, T0 - 30 * MINUTE, T0 - 30_000, T0 - 1000];
    // 32 shards: each holds 200/32 = 6.25 of the minute, 1000/32 = 31.25 of the hour.
    expect(overallPressure(logs.overall, new Map([['voice-inbound-global', times]]), 32, T0)).toEqual([
      { per: '1m', windowMs: MINUTE, limit: 200, fill: 2 / 6.25 },
      { per: '1h', windowMs: HOUR, limit: 1000, fill: 3 / 31.25 },
    ]);
  });

  it('is empty when the decision did not read the shared store (a local fallback): no pressure', () => {
    const { logs } = setUp();
    expect(overallPressure(logs.overall, new Map(), 32, T0)).toEqual([]);
  });
});

describe('readOriginCounts', () => {
  it('counts the origin per overall window, and its baseline before the last hour over the time the log has seen', async () => {
    const { clock, logs, throttle } = setUp();
    const record = async (count: number) => {
      for (let i = 0; i < count; i++) await throttle.evaluate('voice-inbound-global', { country: 'GB' });
    };
    await record(30);
    clock.now = T0 + 3 * HOUR;
    await record(4);
    const counts = await readOriginCounts(throttle, logs, 'GB');
    expect(counts?.recent).toEqual(new Map([[MINUTE, 4], [HOUR, 4]]));
    expect(counts?.baselineCalls).toBe(30);
    // The day window's buckets are 24 minutes long: the log's age is known to within one.
    expect(counts?.baselineSpanMs).toBeGreaterThanOrEqual(2 * HOUR);
    expect(counts?.baselineSpanMs).toBeLessThanOrEqual(2 * HOUR + 24 * MINUTE);
    expect(await readOriginCounts(throttle, logs, 'FR')).toEqual({ recent: new Map([[MINUTE, 0], [HOUR, 0]]), baselineCalls: 0, baselineSpanMs: 0 });
  });

  it('is undefined when the store fails', async () => {
    const { logs } = setUp();
    const failing = { tally: async () => ({ ok: false as const, reason: 'store_error' as const }) };
    expect(await readOriginCounts(failing, logs, 'GB')).toBeUndefined();
  });

  it('reads the log the default policy keeps', () => {
    expect(setUp().logs.origin.name).toBe(ORIGIN_SHARE_LOG_RULE);
  });
});
