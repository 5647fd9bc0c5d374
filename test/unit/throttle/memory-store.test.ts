import { createMemoryStore } from '../../../src/core/throttle';

describe('createMemoryStore', () => {
  it('reads an item as absent once its TTL has passed', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    await store.create('k', { a: 1 }, 10);
    now = 9_999;
    expect(await store.get('k')).not.toBeNull();
    now = 10_000;
    expect(await store.get('k')).toBeNull();
  });

  it('lets a key be created again after it expired', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    await store.create('k', { a: 1 }, 1);
    now = 1_000;
    expect(await store.create('k', { a: 2 }, 1)).toMatchObject({ ok: true });
  });

  it('keeps at most maxItems, sweeping expired items before live ones', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now, maxItems: 2 });
    await store.create('short', {}, 1);
    await store.create('long', {}, 100);
    now = 2_000;
    await store.create('new', {}, 100);
    expect(store.size).toBe(2);
    expect(await store.get('long')).not.toBeNull();
    expect(await store.get('new')).not.toBeNull();
  });

  it('drops the least recently written live item when full', async () => {
    const store = createMemoryStore({ maxItems: 2 });
    const a = await store.create('a', {}, 100);
    await store.create('b', {}, 100);
    if (!a.ok) throw new Error('create failed');
    await store.update('a', { touched: true }, 100, a.revision);
    await store.create('c', {}, 100);
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
  });

  it('hands out copies, so changing a read item changes nothing stored', async () => {
    const store = createMemoryStore();
    await store.create('k', { t: [1] }, 100);
    const item = await store.get('k');
    (item?.data.t as number[]).push(2);
    expect((await store.get('k'))?.data).toEqual({ t: [1] });
  });

  it('forgets everything on clear', async () => {
    const store = createMemoryStore();
    await store.create('k', {}, 100);
    store.clear();
    expect(await store.get('k')).toBeNull();
  });

  it.each([0, 2.5])('refuses maxItems %j', (maxItems) => {
    expect(() => createMemoryStore({ maxItems })).toThrow(/maxItems/);
  });
});
