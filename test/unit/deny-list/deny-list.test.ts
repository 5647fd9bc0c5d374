import { createDenyList, createDenyListStore, type DenyList, type DenyListOptions } from '../../../src/core/deny-list';
import { MAX_LIST_PREFIXES, NUMBER_LIST_SHARDS, NumberListError } from '../../../src/core/number-list';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFileEmulator } from '../../helpers/file-emulator';

// The deny list against the emulator through the real twilio client, as the gates and the CLI use it.
const emulator = useFileEmulator();
let time: number;
const SECRET = 'deny-list-test-secret-0123456789abcdef';
const ITEM_FETCH = 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key';

beforeEach(() => {
  time = Date.now();
});
afterEach(async () => {
  await emulator.control.clearFaults();
  await new Promise((resolve) => setTimeout(resolve, 20));
});

function client(timeoutMs = 2000) {
  return createTwilioClient(
    {
      getTwilioClient: () => {
        throw new Error('unused');
      },
      ACCOUNT_SID: `AC${'0'.repeat(31)}1`,
      AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: emulator.url,
    },
    { timeoutMs },
  );
}

function instance(options: Partial<DenyListOptions> = {}, timeoutMs = 2000): DenyList {
  return createDenyList({ store: createDenyListStore({ client: client(timeoutMs) }), secret: SECRET, now: () => time, ...options });
}

async function itemFetches(): Promise<number> {
  return (await emulator.control.requestLog()).byRoute[ITEM_FETCH] ?? 0;
}

describe('deny list', () => {
  it('denies an added number and nobody else', async () => {
    const denyList = instance();
    await denyList.add({ kind: 'number', e164: '+447400123456' });
    expect(await denyList.check('+447400123456')).toEqual({
      denied: true,
      rule: 'deny-list.numbers',
      expiresAt: null,
      path: 'store',
      storeError: null,
    });
    expect(await denyList.check('+447400123457')).toMatchObject({ denied: false, rule: null, storeError: null });
  });

  it('denies every number under an added prefix', async () => {
    const denyList = instance();
    await denyList.add({ kind: 'prefix', prefix: '+4474001' }, { ttlSeconds: 3600 });
    expect(await denyList.check('+447400123456')).toMatchObject({ denied: true, rule: 'deny-list.prefixes[+4474001]', expiresAt: time + 3_600_000 });
    expect(await denyList.check('+447400223456')).toMatchObject({ denied: false });
  });

  it('stores exact numbers only as a keyed hash, with the masked form for listing', async () => {
    await instance().add({ kind: 'number', e164: '+447400123456' });
    const items = await createDenyListStore({ client: client() }).list();
    expect(items).toEqual([{ key: expect.stringMatching(/^deny:[0-9a-f]{32}$/), data: { v: 1, display: '+4474******56', addedAt: time, expiresAt: null } }]);
    expect(JSON.stringify(items)).not.toContain('7400123456');
  });

  it('costs two item reads for a first check and none for a repeat within the cache time', async () => {
    const denyList = instance();
    await emulator.control.resetLog();
    await denyList.check('+447400123456');
    expect(await itemFetches()).toBe(2);
    await emulator.control.resetLog();
    expect(await denyList.check('+447400123456')).toMatchObject({ denied: false, path: 'cache' });
    await denyList.check('+447400123457');
    expect(await itemFetches()).toBe(1);
  });

  it('shares one read among concurrent checks of one caller', async () => {
    const denyList = instance();
    await emulator.control.resetLog();
    await Promise.all(Array.from({ length: 10 }, () => denyList.check('+447400123456')));
    expect(await itemFetches()).toBe(2);
  });

  it("sees another instance's entry once its cache time has passed (the documented staleness)", async () => {
    const gate = instance();
    const operator = instance();
    expect((await gate.check('+447400123456')).denied).toBe(false);
    await operator.add({ kind: 'number', e164: '+447400123456' });
    await operator.add({ kind: 'prefix', prefix: '+4930' });
    expect((await gate.check('+447400123456')).denied).toBe(false);
    time += 5000;
    expect((await gate.check('+447400123456')).denied).toBe(true);
    expect((await gate.check('+4930123456')).denied).toBe(true);
  });

  describe('expiry', () => {
    it('stops denying at the stored expiry even while Sync still returns the item', async () => {
      const denyList = instance({ cacheMs: 0 });
      await denyList.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 60 });
      await denyList.add({ kind: 'prefix', prefix: '+4930' }, { ttlSeconds: 60 });
      time += 59_999;
      expect((await denyList.check('+447400123456')).denied).toBe(true);
      expect((await denyList.check('+4930123456')).denied).toBe(true);
      time += 1;
      expect(await denyList.check('+447400123456')).toMatchObject({ denied: false, path: 'store' });
      expect((await denyList.check('+4930123456')).denied).toBe(false);
      expect(await denyList.list()).toEqual([]);
    });

    it('gives the item a TTL so Sync collects it, and keeps permanent entries', async () => {
      const denyList = instance({ cacheMs: 0 });
      await denyList.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 60 });
      await denyList.add({ kind: 'number', e164: '+447400123457' });
      const store = createDenyListStore({ client: client() });
      expect(await store.list()).toHaveLength(2);
      // The item TTL is the expiry plus 60 s of slack; the emulator expires items exactly.
      await emulator.control.advanceClock(121_000);
      time += 121_000;
      expect(await store.list()).toEqual([{ key: expect.any(String), data: expect.objectContaining({ expiresAt: null }) }]);
      expect((await denyList.check('+447400123456')).denied).toBe(false);
      expect((await denyList.check('+447400123457')).denied).toBe(true);
    });

    it('refuses an expiry beyond a year or below a second', async () => {
      await expect(instance().add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 366 * 86400 })).rejects.toThrow(NumberListError);
      await expect(instance().add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 0 })).rejects.toThrow(/1 second to 365 days/);
    });
  });

  describe('remove', () => {
    it('removes a number, by number or by the id list shows, and a prefix', async () => {
      const denyList = instance();
      await denyList.add({ kind: 'number', e164: '+447400123456' });
      const second = await denyList.add({ kind: 'number', e164: '+447400123457' });
      await denyList.add({ kind: 'prefix', prefix: '+4930' });
      await denyList.add({ kind: 'prefix', prefix: '+4931' });
      expect(await denyList.remove({ kind: 'number', e164: '+447400123456' })).toBe(true);
      expect(await denyList.remove({ kind: 'id', id: second.id })).toBe(true);
      expect(await denyList.remove({ kind: 'prefix', prefix: '+4930' })).toBe(true);
      expect((await denyList.check('+447400123456')).denied).toBe(false);
      expect((await denyList.check('+447400123457')).denied).toBe(false);
      expect((await denyList.check('+4930123456')).denied).toBe(false);
      expect((await denyList.list()).map((entry) => entry.display)).toEqual(['+4931']);
    });

    it('says false when there was nothing to remove', async () => {
      const denyList = instance();
      expect(await denyList.remove({ kind: 'number', e164: '+447400123456' })).toBe(false);
      expect(await denyList.remove({ kind: 'prefix', prefix: '+4930' })).toBe(false);
      expect(await denyList.remove({ kind: 'id', id: '0'.repeat(32) })).toBe(false);
    });
  });

  it('lists live entries, numbers masked, prefixes as written, with expiry', async () => {
    const denyList = instance();
    await denyList.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 600 });
    await denyList.add({ kind: 'prefix', prefix: '+4930' });
    await denyList.add({ kind: 'prefix', prefix: '+4930' }, { ttlSeconds: 60 });
    expect(await denyList.list()).toEqual([
      { kind: 'number', display: '+4474******56', id: expect.stringMatching(/^[0-9a-f]{32}$/), addedAt: time, expiresAt: time + 600_000 },
      { kind: 'prefix', display: '+4930', id: '+4930', addedAt: time, expiresAt: time + 60_000 },
    ]);
  });

  it('keeps both prefixes when two operators add at the same moment', async () => {
    await Promise.all([instance().add({ kind: 'prefix', prefix: '+4930' }), instance().add({ kind: 'prefix', prefix: '+4931' })]);
    expect((await instance().list()).map((entry) => entry.display).sort()).toEqual(['+4930', '+4931']);
  });

  it(`holds at most ${MAX_LIST_PREFIXES} prefixes`, async () => {
    const denyList = instance();
    const full = Array.from({ length: MAX_LIST_PREFIXES }, (_, i) => ({ p: `+9${String(i).padStart(4, '0')}`, a: time, e: null }));
    const store = createDenyListStore({ client: client() });
    await store.create('deny-prefixes', { v: 1, prefixes: full }, 0);
    await expect(denyList.add({ kind: 'prefix', prefix: '+4930' })).rejects.toThrow(/at most 200 prefixes/);
    await expect(denyList.add({ kind: 'prefix', prefix: '+90000' })).resolves.toMatchObject({ kind: 'prefix' });
  });

  describe('store failures', () => {
    it.each([
      ['500-html', 'unavailable'],
      ['429', 'rate_limited'],
      ['reset', 'transport'],
    ] as const)('answers not denied with storeError on %s, never rejecting', async (kind, storeError) => {
      await emulator.control.injectFault({ route: ITEM_FETCH, kind, count: 2 });
      expect(await instance().check('+447400123456')).toEqual({ denied: false, rule: null, expiresAt: null, path: 'none', storeError });
    });

    it('gives up within its time budget when Sync hangs', async () => {
      await emulator.control.injectFault({ route: ITEM_FETCH, kind: 'hang', count: 2 });
      const started = Date.now();
      expect(await instance({ timeoutMs: 200 }, 5000).check('+447400123456')).toMatchObject({ denied: false, path: 'none', storeError: 'timeout' });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('still denies by the part that answered', async () => {
      const denyList = instance({ cacheMs: 0 });
      await denyList.add({ kind: 'prefix', prefix: '+4474001' });
      await emulator.control.injectFault({ route: 'GET /\\/Items\\/deny:/', kind: '500-html', count: 1 });
      expect(await denyList.check('+447400123456')).toMatchObject({ denied: true, rule: 'deny-list.prefixes[+4474001]', path: 'store', storeError: 'unavailable' });
    });
  });

  it(`spreads exact entries over ${NUMBER_LIST_SHARDS} Maps named gate-deny-N`, async () => {
    const denyList = instance();
    for (let i = 0; i < 40; i++) await denyList.add({ kind: 'number', e164: `+4474001234${String(i).padStart(2, '0')}` });
    const maps = new Set((await emulator.control.requestLog()).entries.filter((entry) => entry.method === 'POST' && /Items$/.test(entry.path)).map((entry) => entry.path.split('/')[6]));
    expect(maps.size).toBeGreaterThan(8);
    expect([...maps].every((map) => /^gate-deny-(\d|1[0-5])$/.test(map))).toBe(true);
  });
});
