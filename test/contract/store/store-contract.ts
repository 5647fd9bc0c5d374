import { randomBytes } from 'node:crypto';
import type { Store } from '../../../src/core/throttle';

/**
 * The contract every throttle `Store` honours (see the `Store` interface). Run against each
 * implementation: `describeStoreContract('MemoryStore', async () => createMemoryStore())`.
 * `makeStore` is called once per test; keys are fresh per test, so stores may be shared.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store> | Store): void {
  describe(`${name} honours the Store contract`, () => {
    let store: Store;
    let key: string;
    const TTL = 120;

    beforeEach(async () => {
      store = await makeStore();
      key = `contract-test:${randomBytes(16).toString('hex')}`;
    });

    async function created(data: Record<string, unknown> = { v: 1, t: [1] }): Promise<string> {
      const result = await store.create(key, data, TTL);
      if (!result.ok) throw new Error(`create failed with ${result.conflict}`);
      return result.revision;
    }

    it('reads an absent key as null', async () => {
      expect(await store.get(key)).toBeNull();
    });

    it('returns created data with the revision the create reported', async () => {
      const revision = await created({ v: 1, t: [1_700_000_000_000, 5, 10] });
      expect(await store.get(key)).toEqual({ data: { v: 1, t: [1_700_000_000_000, 5, 10] }, revision });
    });

    it('reports revisions as strings', async () => {
      expect(typeof (await created())).toBe('string');
    });

    it('answers a create of a present key with an exists conflict and keeps the data', async () => {
      await created({ v: 1, t: [1] });
      expect(await store.create(key, { v: 1, t: [2] }, TTL)).toEqual({ ok: false, conflict: 'exists' });
      expect((await store.get(key))?.data).toEqual({ v: 1, t: [1] });
    });

    it('updates with the current revision and moves to a new one', async () => {
      const first = await created();
      const result = await store.update(key, { v: 1, t: [1, 2] }, TTL, first);
      expect(result.ok).toBe(true);
      const item = await store.get(key);
      expect(item?.data).toEqual({ v: 1, t: [1, 2] });
      expect(item?.revision).not.toBe(first);
      expect(result.ok && result.revision).toBe(item?.revision);
    });

    it('answers an update with a stale revision with a revision conflict and keeps the data', async () => {
      const first = await created({ v: 1, t: [1] });
      await store.update(key, { v: 1, t: [1, 2] }, TTL, first);
      expect(await store.update(key, { v: 1, t: [9] }, TTL, first)).toEqual({ ok: false, conflict: 'revision' });
      expect((await store.get(key))?.data).toEqual({ v: 1, t: [1, 2] });
    });

    it('answers an update of an absent key with a missing conflict and creates nothing', async () => {
      expect(await store.update(key, { v: 1, t: [1] }, TTL, '0')).toEqual({ ok: false, conflict: 'missing' });
      expect(await store.get(key)).toBeNull();
    });

    it('lets exactly one of many concurrent creates of a key succeed', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.create(key, { v: 1, t: [i] }, TTL)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.conflict === 'exists')).toHaveLength(7);
    });

    it('lets exactly one of many concurrent updates naming the same revision succeed', async () => {
      const revision = await created();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.update(key, { v: 1, t: [i] }, TTL, revision)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.conflict === 'revision')).toHaveLength(7);
    });

    it('round-trips JSON data exactly', async () => {
      const data = { v: 1, t: [Number.MAX_SAFE_INTEGER, 0, 86_400_000], nested: { list: [true, null, 'text'] } };
      await created(data);
      expect((await store.get(key))?.data).toEqual(data);
    });

    it('keeps keys apart', async () => {
      const other = `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`;
      await created({ v: 1, t: [1] });
      expect(await store.get(other)).toBeNull();
      expect(await store.create(other, { v: 1, t: [2] }, TTL)).toMatchObject({ ok: true });
      expect((await store.get(key))?.data).toEqual({ v: 1, t: [1] });
    });

    it('keeps an item readable within its TTL', async () => {
      await store.create(key, { v: 1, t: [] }, 1);
      expect(await store.get(key)).not.toBeNull();
    });
  });
}
