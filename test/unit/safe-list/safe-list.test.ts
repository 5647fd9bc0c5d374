import { NumberListError } from '../../../src/core/number-list';
import { createSafeList, createSafeListStore, MAX_SAFE_LIST_ENTRIES, SAFE_LIST_KEY } from '../../../src/core/safe-list';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFileEmulator } from '../../helpers/file-emulator';

// The safe list against the emulator through the real twilio client, with an injected clock.
const emulator = useFileEmulator();
let time: number;
const SECRET = 'safe-list-test-secret-0123456789abcdef';
const ITEM_FETCH = 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key';

beforeEach(() => {
  time = Date.now();
});

function store() {
  const client = createTwilioClient({
    getTwilioClient: () => {
      throw new Error('unused');
    },
    ACCOUNT_SID: `AC${'0'.repeat(31)}1`,
    AUTH_TOKEN: 'token',
    TWILIO_API_BASE_URL: emulator.url,
  });
  return createSafeListStore({ client });
}

const instance = (cacheMs = 5000) => createSafeList({ store: store(), secret: SECRET, now: () => time, cacheMs });

async function itemFetches(): Promise<number> {
  return (await emulator.control.requestLog()).byRoute[ITEM_FETCH] ?? 0;
}

describe('safe list', () => {
  it('lists an added number and nobody else', async () => {
    const list = instance();
    await list.add({ kind: 'number', e164: '+447400123456' });
    expect(await list.check('+447400123456')).toMatchObject({ listed: true, rule: 'safe-list.numbers', expiresAt: null, storeError: null });
    expect(await list.check('+447400123457')).toMatchObject({ listed: false, rule: null });
  });

  it('stops counting an entry at its expiry, on the stored time', async () => {
    const list = instance(0);
    await list.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 60 });
    time += 59_999;
    expect((await list.check('+447400123456')).listed).toBe(true);
    time += 1;
    expect((await list.check('+447400123456')).listed).toBe(false);
    expect(await list.list()).toEqual([]);
  });

  it('answers every number from one cached read per instance', async () => {
    await instance().add({ kind: 'number', e164: '+447400123456' });
    const list = instance();
    await emulator.control.resetLog();
    for (let i = 0; i < 20; i += 1) await list.check(`+4474001234${String(i).padStart(2, '0')}`);
    expect(await itemFetches()).toBe(1);
    const { entries } = await emulator.control.requestLog();
    expect(entries.every((entry) => entry.path.endsWith(`/Items/${SAFE_LIST_KEY}`))).toBe(true);
  });

  it('stores keyed hashes and masked forms, never the number', async () => {
    await instance().add({ kind: 'number', e164: '+447400123456' });
    const item = await store().get(SAFE_LIST_KEY);
    expect(JSON.stringify(item)).not.toContain('7400123456');
    expect(await instance().list()).toEqual([{ kind: 'number', display: '+4474******56', id: expect.stringMatching(/^[0-9a-f]{32}$/), addedAt: time, expiresAt: null }]);
  });

  it('removes by number and by id; a second remove says there was nothing', async () => {
    const list = instance(0);
    await list.add({ kind: 'number', e164: '+447400123456' });
    await list.add({ kind: 'number', e164: '+447400123457' });
    const [, second] = await list.list();
    expect(await list.remove({ kind: 'number', e164: '+447400123456' })).toBe(true);
    expect(await list.remove({ kind: 'id', id: second.id })).toBe(true);
    expect(await list.remove({ kind: 'number', e164: '+447400123456' })).toBe(false);
    expect(await list.list()).toEqual([]);
  });

  it('refuses prefixes, bad expiries and a full list with a NumberListError', async () => {
    const list = instance();
    await expect(list.add({ kind: 'prefix', prefix: '+4474001' })).rejects.toThrow(/exact numbers only/);
    await expect(list.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 366 * 86400 })).rejects.toThrow(NumberListError);
    const full = Array.from({ length: MAX_SAFE_LIST_ENTRIES }, (_, i) => ({ h: i.toString(16).padStart(32, '0'), d: '+4474******00', a: time, e: null }));
    await store().create(SAFE_LIST_KEY, { v: 1, numbers: full }, 0);
    await expect(instance().add({ kind: 'number', e164: '+447400123456' })).rejects.toThrow(`at most ${MAX_SAFE_LIST_ENTRIES} numbers`);
    // The full list still fits one Sync item.
    expect(JSON.stringify({ v: 1, numbers: full }).length).toBeLessThan(16 * 1024);
  });

  it('answers "not listed" with the store error when the list cannot be read, and reads again next time', async () => {
    const list = instance();
    await emulator.control.injectFault({ route: ITEM_FETCH, kind: '500-html', count: 1 });
    expect(await list.check('+447400123456')).toMatchObject({ listed: false, path: 'none', storeError: expect.any(String) });
    await emulator.control.resetLog();
    expect(await list.check('+447400123456')).toMatchObject({ listed: false, storeError: null });
    expect(await itemFetches()).toBe(1);
  });
});
