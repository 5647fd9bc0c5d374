import fc from 'fast-check';
import {
  bucketMsOf,
  checkCounterLog,
  countEvent,
  createMemoryStore,
  createThrottle,
  decodeCounterLog,
  encodeCounterLog,
  EVENT_ID_TAIL,
  MAX_WINDOW_MS,
  newEventId,
  parseRuleSets,
  uncountEvent,
  type CounterLog,
  type ThrottleWindow,
} from '../../../src/core/throttle';
import { loadPolicy } from '../../../src/core/policy';

const T0 = 1_700_000_000_000;
const EMPTY: CounterLog = { windows: [], recent: [] };
const W1M: ThrottleWindow = { limit: 20, per: '1m', windowMs: 60_000 };
const W10S: ThrottleWindow = { limit: 8, per: '10s', windowMs: 10_000 };

describe('counted logs', () => {
  it('never admits past a limit in any window, and refuses early by at most the events of one bucket that already left', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 240_000 }), { maxLength: 150 }), (offsets) => {
        let log = EMPTY;
        const admitted: number[] = [];
        for (const now of [...offsets].sort((a, b) => a - b).map((offset) => T0 + offset)) {
          const check = checkCounterLog(log, [W10S, W1M], now);
          if (check.allowed) {
            log = countEvent(log, [W10S, W1M], { t: now, id: '' });
            admitted.push(now);
            continue;
          }
          // The bound: a refusal is owed either to a full window, or to its oldest counted bucket.
          const justified = [W10S, W1M].some((window) => {
            const inside = admitted.filter((t) => now - t < window.windowMs).length;
            const bucketMs = bucketMsOf(window);
            const oldestStart = Math.floor((now - window.windowMs) / bucketMs) * bucketMs;
            const leftButCounted = admitted.filter((t) => t >= oldestStart && now - t >= window.windowMs).length;
            return inside + leftButCounted >= window.limit;
          });
          expect(justified).toBe(true);
        }
        for (const end of admitted) {
          for (const window of [W10S, W1M]) expect(admitted.filter((t) => t > end - window.windowMs && t <= end).length).toBeLessThanOrEqual(window.limit);
        }
      }),
    );
  });

  it('takes back exactly one recent event by its id', () => {
    const event = { t: T0 + 5, id: 'abc' };
    const log = countEvent(countEvent(EMPTY, [W1M], { t: T0, id: 'x' }), [W1M], event);
    const without = uncountEvent(log, [W1M], event) as CounterLog;
    expect(checkCounterLog(without, [W1M], T0 + 10).windows[0].count).toBe(1);
    expect(uncountEvent(without, [W1M], event)).toBeUndefined();
  });

  it('round-trips through JSON', () => {
    const log = countEvent(countEvent(EMPTY, [W10S, W1M], { t: T0, id: 'a1' }), [W10S, W1M], { t: T0 + 30_000, id: 'b2' });
    expect(decodeCounterLog(JSON.parse(JSON.stringify(encodeCounterLog(log))))).toEqual(log);
  });

  it('holds a full 10,000,000 per 31 days window (with a 10-minute one) in one item under 16 KiB', () => {
    const windows: ThrottleWindow[] = [
      { limit: 1_000_000, per: '10m', windowMs: 600_000 },
      { limit: 10_000_000, per: '31d', windowMs: MAX_WINDOW_MS },
    ];
    const full: CounterLog = {
      windows: windows.map((window) => ({ bucketMs: bucketMsOf(window), first: Math.floor((4_102_444_800_000 - window.windowMs) / bucketMsOf(window)), counts: Array.from({ length: 62 }, () => 9_999_999) })),
      recent: Array.from({ length: EVENT_ID_TAIL }, (_, index) => ({ t: 4_102_444_800_000 + index * 999_999, id: newEventId(Math.random) })),
    };
    expect(Buffer.byteLength(JSON.stringify(encodeCounterLog(full)))).toBeLessThan(16 * 1024);
  });

  it.each([null, { v: 3, w: [[0, 1]], r: [], i: [] }, { v: 3, w: [[1, 0, -1]], r: [], i: [] }, { v: 3, w: [], r: [1], i: [] }])('reads %j as no counted log', (data) => {
    expect(decodeCounterLog(data)).toBeUndefined();
  });
});

describe('a throttle over a limit above the exact threshold', () => {
  it('admits exactly the limit and refuses the next', async () => {
    const throttle = createThrottle({
      store: createMemoryStore({ now: () => T0 }),
      secret: 'unit-test-secret-0123456789',
      ruleSets: parseRuleSets({ big: { subject: 'global', windows: [{ limit: 1500, per: '1d' }] } }, {}),
      now: () => T0,
    });
    let admitted = 0;
    for (let i = 0; i < 1501; i++) if ((await throttle.evaluate('big', {})).allowed) admitted += 1;
    expect(admitted).toBe(1500);
  });

  it('loads a policy with verify-start-country at 50,000 a day', () => {
    const policy = loadPolicy(JSON.stringify({ throttles: { 'verify-start-country': { windows: [{ limit: 5000, per: '10m' }, { limit: 50_000, per: '1d' }] } } }));
    expect(policy.ruleSets.get('verify-start-country')).toMatchObject({ counted: true, maxEntries: 50_000 });
  });
});
