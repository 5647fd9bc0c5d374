import { createGateModeReader, createMemoryGateModeStore, type GateModeDocument, type GateModeStore } from '../../../src/core/gate-mode';

const lockdown: GateModeDocument = { mode: 'lockdown', reason: 'test', since: 0, until: null, by: 'test' };

function countingStore(inner: GateModeStore) {
  const counts = { reads: 0 };
  const store: GateModeStore = {
    read: () => {
      counts.reads += 1;
      return inner.read();
    },
    write: (document) => inner.write(document),
  };
  return { store, counts };
}

describe('createGateModeReader', () => {
  it('reads once and serves the cache for 5 s', async () => {
    let now = 0;
    const { store, counts } = countingStore(createMemoryGateModeStore(lockdown));
    const reader = createGateModeReader({ store, now: () => now });
    expect(await reader.current()).toMatchObject({ mode: 'lockdown', source: 'store' });
    now = 4_999;
    expect(await reader.current()).toMatchObject({ mode: 'lockdown', source: 'cache' });
    expect(counts.reads).toBe(1);
    now = 5_000;
    expect(await reader.current()).toMatchObject({ source: 'store' });
    expect(counts.reads).toBe(2);
  });

  it('sees a change made elsewhere within the cache time', async () => {
    let now = 0;
    const inner = createMemoryGateModeStore(null);
    const reader = createGateModeReader({ store: inner, now: () => now });
    expect((await reader.current()).mode).toBe('normal');
    await inner.write(lockdown);
    now = 5_000;
    expect((await reader.current()).mode).toBe('lockdown');
  });

  it('shares one read among concurrent callers', async () => {
    const { store, counts } = countingStore(createMemoryGateModeStore(lockdown));
    const reader = createGateModeReader({ store });
    await Promise.all([reader.current(), reader.current(), reader.current()]);
    expect(counts.reads).toBe(1);
  });

  it('keeps the last known mode when a read fails, and asks again next time', async () => {
    let now = 0;
    const inner = createMemoryGateModeStore(lockdown);
    const { store, counts } = countingStore(inner);
    const reader = createGateModeReader({ store, now: () => now });
    await reader.current();
    inner.failing = true;
    now = 6_000;
    expect(await reader.current()).toMatchObject({ mode: 'lockdown', source: 'last-known', storeError: 'unavailable' });
    expect(await reader.current()).toMatchObject({ source: 'last-known' });
    expect(counts.reads).toBe(3);
  });

  it('is normal when the first read fails', async () => {
    const inner = createMemoryGateModeStore(lockdown);
    inner.failing = true;
    const reader = createGateModeReader({ store: inner });
    expect(await reader.current()).toMatchObject({ mode: 'normal', source: 'default', storeError: 'unavailable' });
  });

  it('treats a read slower than its budget as failed', async () => {
    const hanging: GateModeStore = { read: () => new Promise(() => undefined), write: async () => undefined };
    const reader = createGateModeReader({ store: hanging, timeoutMs: 20 });
    expect(await reader.current()).toMatchObject({ mode: 'normal', source: 'default', storeError: 'timeout' });
  });

  it('reports an invalid stored document as normal and invalid', async () => {
    const store: GateModeStore = { read: async () => ({ kind: 'invalid' }), write: async () => undefined };
    expect(await createGateModeReader({ store }).current()).toMatchObject({ mode: 'normal', invalid: true });
  });

  it('applies an until that passes while the document is cached', async () => {
    let now = 0;
    const reader = createGateModeReader({ store: createMemoryGateModeStore({ ...lockdown, until: 1_000 }), now: () => now });
    expect((await reader.current()).mode).toBe('lockdown');
    now = 1_000;
    expect(await reader.current()).toMatchObject({ mode: 'normal', source: 'cache' });
  });

  it('peeks without I/O only while the cache is fresh', async () => {
    let now = 0;
    const reader = createGateModeReader({ store: createMemoryGateModeStore(lockdown), now: () => now });
    expect(reader.peek()).toBeUndefined();
    await reader.current();
    expect(reader.peek()?.mode).toBe('lockdown');
    now = 5_000;
    expect(reader.peek()).toBeUndefined();
  });

  it('reads again after forget', async () => {
    const { store, counts } = countingStore(createMemoryGateModeStore(lockdown));
    const reader = createGateModeReader({ store });
    await reader.current();
    reader.forget();
    await reader.current();
    expect(counts.reads).toBe(2);
  });

  it('refuses a cache time above 5 s', () => {
    expect(() => createGateModeReader({ store: createMemoryGateModeStore(), cacheMs: 10_000 })).toThrow(/cacheMs/);
  });
});
