import { createKnownCallerMemory, DAY_MS, KNOWN_CALLER_KEY_PREFIX, UNREADABLE_RECORD_RETRY_MS } from '../../../src/core/inbound';
import { createMemoryStore, StoreError, type Store } from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const MONDAY = Date.UTC(2026, 0, 5, 9);
const TTL = 60 * 86_400;
const CALLER = '+447700900123';

/** A memory store that counts the requests made on it and can be made to fail. */
function watchedStore() {
  const inner = createMemoryStore({ now: () => MONDAY });
  const counts = { get: 0, create: 0, update: 0 };
  let failing = false;
  const fail = () => {
    if (failing) throw new StoreError('timeout', 'no answer within 2000 ms');
  };
  const store: Store = {
    name: 'watched',
    get: async (key) => (counts.get++, fail(), inner.get(key)),
    create: async (key, data, ttl) => (counts.create++, fail(), inner.create(key, data, ttl)),
    update: async (key, data, ttl, revision) => (counts.update++, fail(), inner.update(key, data, ttl, revision)),
  };
  return { store, counts, fail: (on: boolean) => void (failing = on) };
}

describe('createKnownCallerMemory', () => {
  it('knows a caller from the UTC day after its first admission, not on that day', async () => {
    const { store } = watchedStore();
    const instance = createKnownCallerMemory({ store, secret: SECRET });
    expect(await instance.noteAdmitted(CALLER, MONDAY, TTL)).toBe('created');
    const other = createKnownCallerMemory({ store, secret: SECRET });
    expect(await other.isKnown(CALLER, MONDAY + 10 * 3_600_000)).toBe(false);
    expect(await createKnownCallerMemory({ store, secret: SECRET }).isKnown(CALLER, MONDAY + DAY_MS)).toBe(true);
  });

  it('keeps the first day when another instance records the caller again', async () => {
    const { store } = watchedStore();
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY - DAY_MS, TTL);
    expect(await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY, TTL)).toBe('exists');
    expect(await createKnownCallerMemory({ store, secret: SECRET }).isKnown(CALLER, MONDAY)).toBe(true);
  });

  it('writes once per caller per instance and never reads to record', async () => {
    const { store, counts } = watchedStore();
    const instance = createKnownCallerMemory({ store, secret: SECRET });
    await instance.noteAdmitted(CALLER, MONDAY, TTL);
    expect(await instance.noteAdmitted(CALLER, MONDAY + 60_000, TTL)).toBe('already_recorded');
    expect(counts).toEqual({ get: 0, create: 1, update: 0 });
  });

  it('reads a stranger once a day per instance, and a known caller once', async () => {
    const { store, counts } = watchedStore();
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted('+447700900999', MONDAY - DAY_MS, TTL);
    const instance = createKnownCallerMemory({ store, secret: SECRET });
    for (const minutes of [0, 1, 2]) expect(await instance.isKnown(CALLER, MONDAY + minutes * 60_000)).toBe(false);
    for (const minutes of [0, 1, 2]) expect(await instance.isKnown('+447700900999', MONDAY + minutes * 60_000)).toBe(true);
    expect(counts.get).toBe(2);
    expect(await instance.isKnown(CALLER, MONDAY + DAY_MS)).toBe(false);
    expect(counts.get).toBe(3);
  });

  it('keys records by the hashed number, never the number', async () => {
    const { store } = watchedStore();
    const create = jest.spyOn(store, 'create');
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY, TTL);
    expect(create).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^${KNOWN_CALLER_KEY_PREFIX}:[0-9a-f]{32}$`)), { firstDay: Math.floor(MONDAY / DAY_MS) }, TTL);
    expect(JSON.stringify(create.mock.calls)).not.toContain('7700900123');
  });

  it('answers a stranger when the store fails, without reading again until the retry time', async () => {
    const { store, counts, fail } = watchedStore();
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY - DAY_MS, TTL);
    const instance = createKnownCallerMemory({ store, secret: SECRET });
    fail(true);
    expect(await instance.isKnown(CALLER, MONDAY)).toBe(false);
    expect(await instance.noteAdmitted('+447700900124', MONDAY, TTL)).toEqual({ failed: 'timeout' });
    fail(false);
    expect(await instance.isKnown(CALLER, MONDAY + UNREADABLE_RECORD_RETRY_MS - 1)).toBe(false);
    expect(counts.get).toBe(1);
    expect(await instance.isKnown(CALLER, MONDAY + UNREADABLE_RECORD_RETRY_MS)).toBe(true);
    expect(counts.get).toBe(2);
  });

  it('reads at most its budget a second, and judges the callers past it strangers without a read', async () => {
    const { store, counts } = watchedStore();
    const instance = createKnownCallerMemory({ store, secret: SECRET, readsPerSecond: 2, readBurst: 3 });
    const strangers = Array.from({ length: 10 }, (_, i) => `+4477009002${String(i).padStart(2, '0')}`);
    for (const number of strangers) expect(await instance.isKnown(number, MONDAY)).toBe(false);
    expect(counts.get).toBe(3);
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY - DAY_MS, TTL);
    expect(await instance.isKnown(CALLER, MONDAY + 400)).toBe(false);
    expect(await instance.isKnown(CALLER, MONDAY + 500)).toBe(true);
    expect(counts.get).toBe(4);
  });

  it('makes concurrent calls of one caller share one read', async () => {
    const { store, counts } = watchedStore();
    await createKnownCallerMemory({ store, secret: SECRET }).noteAdmitted(CALLER, MONDAY - DAY_MS, TTL);
    const instance = createKnownCallerMemory({ store, secret: SECRET });
    expect(await Promise.all([instance.isKnown(CALLER, MONDAY), instance.isKnown(CALLER, MONDAY)])).toEqual([true, true]);
    expect(counts.get).toBe(1);
  });

  it('never takes a record it wrote back to absent when a read that began before the write ends after it', async () => {
    const { store } = watchedStore();
    let releaseRead = () => undefined as void;
    const slow = { ...store, get: async (key: string) => {
      const item = await store.get(key);
      await new Promise<void>((resolve) => (releaseRead = resolve));
      return item;
    } };
    const create = jest.spyOn(slow, 'create');
    const instance = createKnownCallerMemory({ store: slow, secret: SECRET });
    const read = instance.isKnown(CALLER, MONDAY);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await instance.noteAdmitted(CALLER, MONDAY, TTL)).toBe('created');
    releaseRead();
    expect(await read).toBe(false);
    expect(await instance.noteAdmitted(CALLER, MONDAY, TTL)).toBe('already_recorded');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('holds the reserve until the given time, and not after', () => {
    const known = createKnownCallerMemory({ store: watchedStore().store, secret: SECRET });
    expect(known.reserveHeld(MONDAY)).toBe(false);
    known.holdReserve(MONDAY + 10_000);
    expect(known.reserveHeld(MONDAY + 9_999)).toBe(true);
    expect(known.reserveHeld(MONDAY + 10_000)).toBe(false);
  });
});
