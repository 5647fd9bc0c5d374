import { createMemoryStore, createThrottle, parseRuleSets, shardCountOf, shardIndexOfKey, shardKey, shardWindows, type ThrottleDecision } from '../../../src/core/throttle';

const T0 = 1_700_000_000_000;
const W = { limit: 10, per: '1m', windowMs: 60_000 };

describe('hot subject shards', () => {
  it('splits a limit so the shards add up to exactly it', () => {
    for (const count of [1, 2, 3, 7, 8]) {
      const limits = Array.from({ length: count }, (_, index) => shardWindows([W], count, index)[0].limit);
      expect(limits.reduce((a, b) => a + b, 0)).toBe(10);
    }
  });

  it('spreads global and country over every Map by default, never over more shards than the smallest limit', () => {
    const rules = parseRuleSets({ g: { subject: 'global', windows: [{ limit: 3, per: '1m' }] }, c: { subject: 'country', windows: [{ limit: 100, per: '1m' }] }, n: { subject: 'number', windows: [{ limit: 100, per: '1m' }] } }, {});
    expect(shardCountOf(rules.get('g')!, 8)).toBe(3);
    expect(shardCountOf(rules.get('c')!, 8)).toBe(8);
    expect(shardCountOf(rules.get('n')!, 8)).toBe(1);
  });

  it('names the shard in the key, so a store can place shard i in Map i', () => {
    expect(shardIndexOfKey(shardKey('g:abc', 8, 5))).toBe(5);
    expect(shardIndexOfKey(shardKey('g:abc', 1, 0))).toBeUndefined();
  });

  it.each([0, 257, 1.5, 'some'])('refuses shards %j', (shards) => {
    expect(() => parseRuleSets({ g: { subject: 'global', windows: [{ limit: 3, per: '1m' }], shards: shards as never } }, {})).toThrow(/shards/);
  });

  it('admits exactly the limit of a sharded rule set under concurrency, trying a second shard when the first is full', async () => {
    const store = createMemoryStore({ now: () => T0 });
    const rules = parseRuleSets({ g: { subject: 'global', windows: [{ limit: 12, per: '1m' }], shards: 4 } }, {});
    const instances = Array.from({ length: 4 }, () => createThrottle({ store, secret: 'unit-test-secret-0123456789', ruleSets: rules, now: () => T0, storeShards: 8 }));
    const decisions: ThrottleDecision[] = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 4].evaluate('g', {})));
    const admitted = decisions.filter((decision) => decision.allowed).length;
    expect(admitted).toBeLessThanOrEqual(12);
    // A request refused by two full shards while others had room is the documented early refusal.
    expect(admitted).toBeGreaterThanOrEqual(6);
  });

  it('peeks at every shard of a sharded subject, so all its events are seen', async () => {
    const store = createMemoryStore({ now: () => T0 });
    const rules = parseRuleSets({ g: { subject: 'global', windows: [{ limit: 12, per: '1m' }], shards: 4 } }, {});
    let t = T0;
    const throttle = createThrottle({ store, secret: 'unit-test-secret-0123456789', ruleSets: rules, now: () => (t += 1), storeShards: 8 });
    for (let i = 0; i < 6; i += 1) expect((await throttle.evaluate('g', {})).allowed).toBe(true);
    const peeked = await throttle.peek('g', {});
    expect(peeked).toEqual({ ok: true, events: [T0 + 1, T0 + 2, T0 + 3, T0 + 4, T0 + 5, T0 + 6] });
  });
});
