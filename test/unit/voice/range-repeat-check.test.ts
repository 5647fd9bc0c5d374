import { createBlockMemory } from '../../../src/core/adaptive/block-memory';
import { loadPolicy } from '../../../src/core/policy';
import { createMemoryStore, createThrottle, type Store } from '../../../src/core/throttle';
import { startRangeRepeatCheck, type RememberedRepeatRefusal } from '../../../src/core/voice/range-repeat-check';
import { rangeRepeatLogs } from '../../../src/core/voice/range-repeat-logs';
import { DEFAULT_RANGE_REPEATS } from '../../../src/core/voice/range-repeats';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

function countingStore(store: Store): { store: Store; gets: () => number } {
  let gets = 0;
  const counting = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'get') return (...args: unknown[]) => ((gets += 1), (value as (...a: unknown[]) => unknown).apply(target, args));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counting, gets: () => gets };
}

function gate() {
  let now = T0;
  const { ruleSets } = loadPolicy('{}');
  const counted = countingStore(createMemoryStore({ now: () => now }));
  const throttle = createThrottle({ store: counted.store, secret: 'unit-test-secret-0123456789', ruleSets, now: () => now });
  const memory = createBlockMemory<RememberedRepeatRefusal>({ recheckMs: 5 * MINUTE });
  const logs = rangeRepeatLogs(ruleSets);
  async function call(number: string, country: string) {
    now += 2 * MINUTE; // beyond the per-number and per-range ten-minute limits
    const check = startRangeRepeatCheck(throttle, DEFAULT_RANGE_REPEATS, logs, country, false, memory);
    const before = counted.gets();
    const decision = await throttle.evaluate('voice-outbound', { number, country, identity: `user-${number}` }, { veto: check?.veto });
    return { allowed: decision.allowed, judged: check?.result(), reads: counted.gets() - before };
  }
  return { call, logs };
}

describe('startRangeRepeatCheck', () => {
  it('finds the logs it reads in the default rule sets', () => {
    expect(gate().logs).toEqual({ range: 'voice-outbound-prefix', country: 'voice-outbound-country', repeats: 'voice-outbound-repeats' });
  });

  it('passes a first call to a range on the call’s own reads, with no extra read', async () => {
    const { call } = gate();
    const first = await call('+4915112345678', 'DE');
    const other = await call('+4915187654321', 'DE');
    expect([first.allowed, other.allowed]).toEqual([true, true]);
    expect(other.judged).toMatchObject({ reason: 'scattered', rangeCalls: 0 });
    // number, prefix, identity, one country shard, one global shard: the throttle's own reads.
    expect(other.reads).toBe(first.reads);
  });

  it("holds a country whose calls all go to the same ranges to its floor of repeats a day", async () => {
    const { call } = gate();
    const outcomes = [];
    // One rented range, a new number each call: the first is scattered, every other call a repeat.
    for (let i = 0; i < 14; i++) outcomes.push(await call(`+491511234${String(5000 + i)}`, 'DE'));
    expect(outcomes.map((outcome) => outcome.allowed)).toEqual([...Array(11).fill(true), false, false, false]);
    expect(outcomes[11].judged).toMatchObject({ allowed: false, reason: 'over_budget', repeats: 10, scattered: 1, budget: 10 });
  });

  it('refuses the next repeats of a refused country from memory, without reading its counts again', async () => {
    const { call } = gate();
    for (let i = 0; i < 12; i++) await call(`+491511234${String(5000 + i)}`, 'DE');
    const judged = await call('+4915112346000', 'DE');
    const scattered = await call('+4915199990000', 'DE');
    expect(judged).toMatchObject({ allowed: false, judged: { reason: 'over_budget' } });
    expect(judged.reads).toBe(scattered.reads);
    // A first call to another range still passes: a refused country is never blocked whole.
    expect(scattered.allowed).toBe(true);
  });

  it("keeps a busy country's room: scattered calls raise its budget of repeats", async () => {
    const { call } = gate();
    for (let i = 0; i < 100; i++) await call(`+44740${String(100 + i)}0000`, 'GB');
    const outcomes = [];
    for (let i = 0; i < 21; i++) outcomes.push(await call(`+447400000${String(100 + i)}`, 'GB'));
    // 101 scattered calls (the first of the 21 too): a budget of 20 repeats.
    expect(outcomes.filter((outcome) => outcome.allowed)).toHaveLength(21);
    expect(outcomes[20].judged).toMatchObject({ reason: 'within_budget', repeats: 19, budget: 20 });
    expect((await call('+447400000200', 'GB')).allowed).toBe(false);
  });
});
