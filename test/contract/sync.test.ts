import { caught, lastBody, lastStatus, raw, startHarness, useContractHarness } from './harness';
import { lastResponseChecks } from './last-response';
import { errorValidator, expectValid, responseValidator } from './openapi';

// Sync v1 through the real twilio client, every body checked against twilio_sync_v1.json.
const SERVICE = '/v1/Services/{Sid}';
const SERVICES = '/v1/Services';
const MAPS = '/v1/Services/{ServiceSid}/Maps';
const MAP = '/v1/Services/{ServiceSid}/Maps/{Sid}';
const ITEMS = '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items';
const ITEM = '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
let now = START;
const h = useContractHarness({ clock: () => now });

beforeEach(async () => {
  now = START;
});

const sync = () => h.client.sync.v1.services('default');
const { expectBody, expectError } = lastResponseChecks('twilio_sync_v1', () => h.client);
async function newMap(uniqueName = 'throttle-0') {
  return sync().syncMaps.create({ uniqueName });
}

describe('Sync Services', () => {
  it('serves the default service under the alias "default", with a real IS SID', async () => {
    const service = await sync().fetch();
    expectBody(SERVICE, 'get', 200);
    expect(service.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(service.uniqueName).toBe('default');
    expect((await h.client.sync.v1.services(service.sid).fetch()).sid).toBe(service.sid);
  });

  it('creates and fetches a service', async () => {
    const created = await h.client.sync.v1.services.create({ friendlyName: 'gate' });
    expectBody(SERVICES, 'post', 201);
    const fetched = await h.client.sync.v1.services(created.sid).fetch();
    expectBody(SERVICE, 'get', 200);
    expect(fetched.friendlyName).toBe('gate');
    expect(fetched.accountSid).toMatch(/^AC/);
  });

  it('answers 404 / 20404 for an unknown service', async () => {
    const error = await caught(() => h.client.sync.v1.services(`IS${'0'.repeat(32)}`).fetch());
    expect(error).toMatchObject({ status: 404, code: 20404 });
    expectError(SERVICE, 'get', 404, 20404);
  });
});

describe('Sync Maps', () => {
  it('creates a map and fetches it by SID and by unique name', async () => {
    const map = await newMap('gate-map');
    expectBody(MAPS, 'post', 201);
    expect(map.sid).toMatch(/^MP[0-9a-f]{32}$/);
    expect((await sync().syncMaps(map.sid).fetch()).uniqueName).toBe('gate-map');
    expectBody(MAP, 'get', 200);
    expect((await sync().syncMaps('gate-map').fetch()).sid).toBe(map.sid);
  });

  it('refuses a duplicate unique name with 409 / 54301', async () => {
    await newMap('dup');
    const error = await caught(() => newMap('dup'));
    expect(error).toMatchObject({ status: 409, code: 54301 });
    expectError(MAPS, 'post', 409, 54301);
  });

  it('answers 404 / 20404 for a missing map', async () => {
    const error = await caught(() => sync().syncMaps('nope').fetch());
    expect(error).toMatchObject({ status: 404, code: 20404 });
    expectError(MAP, 'get', 404, 20404);
    const itemError = await caught(() => sync().syncMaps('nope').syncMapItems('k').fetch());
    expect(itemError).toMatchObject({ status: 404, code: 20404 });
  });

  it('deletes a map with its items', async () => {
    const map = await newMap('gone');
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {} });
    expect(await sync().syncMaps(map.sid).remove()).toBe(true);
    expect(lastStatus(h.client)).toBe(204);
    expect(await caught(() => sync().syncMaps('gone').fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(h.emulator.state.sync.stats().items).toBe(0);
  });

  it('expires a map with a CollectionTtl', async () => {
    await sync().syncMaps.create({ uniqueName: 'short', collectionTtl: 5 });
    now = START + 5000;
    expect(await caught(() => sync().syncMaps('short').fetch())).toMatchObject({ status: 404, code: 20404 });
    await newMap('short');
  });

  it('lists services and maps with the v1 paging shape', async () => {
    await h.client.sync.v1.services.list();
    expectBody(SERVICES, 'get', 200);
  });

  it('lists maps with the v1 paging shape', async () => {
    await newMap('a');
    await newMap('b');
    const maps = await sync().syncMaps.list();
    expectBody(MAPS, 'get', 200);
    expect(maps.map((m) => m.uniqueName)).toEqual(['a', 'b']);
  });
});

describe('Sync Map Items', () => {
  it('creates, fetches, updates with If-Match and removes an item', async () => {
    const map = await newMap();
    const items = sync().syncMaps(map.sid).syncMapItems;
    const created = await items.create({ key: 'rule:abc', data: { hits: [1] } });
    expectBody(ITEMS, 'post', 201);
    expect(created).toMatchObject({ key: 'rule:abc', data: { hits: [1] }, mapSid: map.sid, dateExpires: null });
    expect(typeof created.revision).toBe('string');

    const fetched = await sync().syncMaps(map.sid).syncMapItems('rule:abc').fetch();
    expectBody(ITEM, 'get', 200);
    expect(fetched.revision).toBe(created.revision);

    const updated = await sync().syncMaps(map.sid).syncMapItems('rule:abc').update({ data: { hits: [1, 2] }, ifMatch: created.revision });
    expectBody(ITEM, 'post', 200);
    expect(updated.data).toEqual({ hits: [1, 2] });
    expect(updated.revision).not.toBe(created.revision);

    expect(await sync().syncMaps(map.sid).syncMapItems('rule:abc').remove({ ifMatch: updated.revision })).toBe(true);
    expect(lastStatus(h.client)).toBe(204);
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems('rule:abc').fetch());
    expect(error).toMatchObject({ status: 404, code: 54201 });
  });

  it('changes the revision on every update, also without If-Match', async () => {
    const map = await newMap();
    const first = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { n: 0 } });
    const seen = new Set([first.revision]);
    for (let n = 1; n <= 3; n += 1) {
      const next = await sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n } });
      seen.add(next.revision);
    }
    expect(seen.size).toBe(4);
  });

  it('answers 412 / 54205 when If-Match does not match the current revision', async () => {
    const map = await newMap();
    const created = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { n: 0 } });
    await sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 1 } });
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 2 }, ifMatch: created.revision }));
    expect(error).toMatchObject({ status: 412, code: 54205 });
    expectError(ITEM, 'post', 412, 54205);
    const removeError = await caught(() => sync().syncMaps(map.sid).syncMapItems('k').remove({ ifMatch: created.revision }));
    expect(removeError).toMatchObject({ status: 412, code: 54205 });
    expect((await sync().syncMaps(map.sid).syncMapItems('k').fetch()).data).toEqual({ n: 1 });
  });

  it('answers 400 / 54003 for an If-Match that is not a revision', async () => {
    const map = await newMap();
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {} });
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 1 }, ifMatch: 'not-a-revision' }));
    expect(error).toMatchObject({ status: 400, code: 54003 });
    expectError(ITEM, 'post', 400, 54003);
  });

  it('answers 409 / 54208 when creating a key that exists', async () => {
    const map = await newMap();
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {} });
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { other: true } }));
    expect(error).toMatchObject({ status: 409, code: 54208 });
    expectError(ITEMS, 'post', 409, 54208);
  });

  it('answers 404 / 54201 for a missing item on fetch, update and remove', async () => {
    const map = await newMap();
    const item = () => sync().syncMaps(map.sid).syncMapItems('missing');
    expect(await caught(() => item().fetch())).toMatchObject({ status: 404, code: 54201 });
    expectError(ITEM, 'get', 404, 54201);
    expect(await caught(() => item().update({ data: {}, ifMatch: '1' }))).toMatchObject({ status: 404, code: 54201 });
    expect(await caught(() => item().remove())).toMatchObject({ status: 404, code: 54201 });
  });

  it('lists items in key order, following next_page_url through the client', async () => {
    const map = await newMap();
    for (const key of ['c', 'a', 'b', 'e', 'd']) await sync().syncMaps(map.sid).syncMapItems.create({ key, data: {} });
    const items = await sync().syncMaps(map.sid).syncMapItems.list({ pageSize: 2 });
    expectBody(ITEMS, 'get', 200);
    expect(items.map((i) => i.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const desc = await sync().syncMaps(map.sid).syncMapItems.list({ order: 'desc', from: 'c', bounds: 'exclusive' });
    expect(desc.map((i) => i.key)).toEqual(['b', 'a']);
  });

  it('refuses data over 16 KiB with 54006, invalid JSON with 54008, no data with 54206', async () => {
    const map = await newMap();
    const items = sync().syncMaps(map.sid).syncMapItems;
    const big = await caught(() => items.create({ key: 'big', data: { blob: 'x'.repeat(16 * 1024) } }));
    expect(big).toMatchObject({ status: 413, code: 54006 });
    expectError(ITEMS, 'post', 413, 54006);
    const path = `/sync/v1/Services/default/Maps/${map.sid}/Items`;
    const invalid = await raw(h.emulator.url, 'POST', path, { form: [['Key', 'k'], ['Data', '{not json']] });
    expect(invalid.json).toMatchObject({ status: 400, code: 54008 });
    const missing = await raw(h.emulator.url, 'POST', path, { form: [['Key', 'k']] });
    expect(missing.json).toMatchObject({ status: 400, code: 54206 });
    const longKey = await caught(() => items.create({ key: 'k'.repeat(321), data: {} }));
    expect(longKey).toMatchObject({ status: 400, code: 54209 });
  });
});

describe('Sync list paging', () => {
  it('serves at most 100 items a page, as the spec documents, and pages through the rest', async () => {
    await h.control.setSyncRateLimits(false); // 150 creates in one burst window
    const map = await newMap();
    for (let i = 0; i < 150; i += 1) await sync().syncMaps(map.sid).syncMapItems.create({ key: `k${String(i).padStart(3, '0')}`, data: {} });
    const page = await sync().syncMaps(map.sid).syncMapItems.page({ pageSize: 1000 });
    expectBody(ITEMS, 'get', 200);
    expect(page.instances).toHaveLength(100);
    expect((lastBody(h.client) as { meta: { page_size: number } }).meta.page_size).toBe(100);
    expect(await sync().syncMaps(map.sid).syncMapItems.list({ pageSize: 1000 })).toHaveLength(150);
  });
});

describe('Sync item TTL', () => {
  it('stores ItemTtl as date_expires and treats the item as missing from that instant', async () => {
    const map = await newMap();
    const created = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {}, itemTtl: 1 });
    expect(created.dateExpires?.toISOString()).toBe(new Date(START + 1000).toISOString());
    now = START + 999;
    expect((await sync().syncMaps(map.sid).syncMapItems('k').fetch()).key).toBe('k');
    now = START + 1000;
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems('k').fetch())).toMatchObject({ status: 404, code: 54201 });
    const again = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { again: true } });
    expect(again.data).toEqual({ again: true });
  });

  it('accepts the deprecated Ttl alias, never expires with 0, and moves the TTL only when re-sent', async () => {
    const map = await newMap();
    const viaAlias = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'a', data: {}, ttl: 60 });
    expect(viaAlias.dateExpires?.getTime()).toBe(START + 60_000);
    const never = await sync().syncMaps(map.sid).syncMapItems.create({ key: 'b', data: {}, itemTtl: 0 });
    expect(never.dateExpires).toBeNull();
    now = START + 10_000;
    const kept = await sync().syncMaps(map.sid).syncMapItems('a').update({ data: { n: 1 } });
    expect(kept.dateExpires?.getTime()).toBe(START + 60_000);
    const moved = await sync().syncMaps(map.sid).syncMapItems('a').update({ itemTtl: 60 });
    expect(moved.dateExpires?.getTime()).toBe(START + 70_000);
  });

  it('in lazy mode keeps an expired item readable and its key taken (54208) until the grace ends', async () => {
    await h.control.setSyncExpiryGrace(60_000);
    const map = await newMap();
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { n: 1 }, itemTtl: 1 });
    now = START + 30_000;
    const lingering = await sync().syncMaps(map.sid).syncMapItems('k').fetch();
    expect(lingering).toMatchObject({ key: 'k', data: { n: 1 } });
    expect(lingering.dateExpires?.getTime()).toBe(START + 1000);
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {} }))).toMatchObject({ status: 409, code: 54208 });
    expectError(ITEMS, 'post', 409, 54208);
    // A conditional update of the lingering item succeeds, as on a live one.
    const updated = await sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 2 }, itemTtl: 60, ifMatch: lingering.revision });
    expect(updated.data).toEqual({ n: 2 });
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'gone', data: {}, itemTtl: 1 });
    now = START + 31_000 + 60_000;
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems('gone').fetch())).toMatchObject({ status: 404, code: 54201 });
    expect((await sync().syncMaps(map.sid).syncMapItems.create({ key: 'gone', data: {} })).key).toBe('gone');
    await h.control.reset();
    expect(await (await fetch(`${h.emulator.url}/__emulator/sync-expiry`)).json()).toEqual({ graceMs: 0 });
  });

  it('refuses a TTL outside 0..31536000 with 54011', async () => {
    const map = await newMap();
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {}, itemTtl: 31_536_001 }));
    expect(error).toMatchObject({ status: 400, code: 54011 });
  });
});

describe('Sync per-Map rate limit', () => {
  it('is on by default, as on Twilio: the 201st write to one map in the burst window answers 429', async () => {
    const map = await newMap();
    for (let i = 0; i < 200; i += 1) await sync().syncMaps(map.sid).syncMapItems.create({ key: `k${i}`, data: {} });
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems.create({ key: 'k200', data: {} }))).toMatchObject({ status: 429, code: 54009 });
  });

  it('can be switched off: 250 writes to one map all succeed', async () => {
    await h.control.setSyncRateLimits(false);
    const map = await newMap();
    for (let i = 0; i < 250; i += 1) await sync().syncMaps(map.sid).syncMapItems.create({ key: `k${i}`, data: {} });
    expect((await h.control.requestLog()).byRoute['POST /sync/v1/Services/:svc/Maps/:map/Items']).toBe(250);
  });

  it('when on, allows a burst of 20/s x 10 s writes per map, then answers 429 / 54009', async () => {
    await h.control.setSyncRateLimits(true);
    const map = await newMap();
    const other = await newMap('other');
    for (let i = 0; i < 200; i += 1) await sync().syncMaps(map.sid).syncMapItems.create({ key: `k${i}`, data: {} });
    const error = await caught(() => sync().syncMaps(map.sid).syncMapItems('k0').update({ data: { n: 1 } }));
    expect(error).toMatchObject({ status: 429, code: 54009 });
    expectError(ITEM, 'post', 429, 54009);
    // Reads have their own bucket, and other maps their own budget.
    expect((await sync().syncMaps(map.sid).syncMapItems('k0').fetch()).key).toBe('k0');
    await sync().syncMaps(other.sid).syncMapItems.create({ key: 'x', data: {} });
    // The bucket refills at 20/s.
    now += 1000;
    for (let i = 0; i < 20; i += 1) await sync().syncMaps(map.sid).syncMapItems(`k${i}`).update({ data: { n: 2 } });
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems('k0').remove())).toMatchObject({ status: 429, code: 54009 });
  });

  it('limits reads separately and takes configured rates', async () => {
    await h.control.setSyncRateLimits(true, { readsPerSecond: 2, writesPerSecond: 3, burstSeconds: 2 });
    const map = await newMap();
    await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: {} });
    for (let i = 0; i < 4; i += 1) await sync().syncMaps(map.sid).syncMapItems('k').fetch();
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems('k').fetch())).toMatchObject({ status: 429, code: 54009 });
    expect(await caught(() => sync().syncMaps(map.sid).fetch())).toMatchObject({ status: 429, code: 54009 });
    await h.control.setSyncRateLimits(false);
    await sync().syncMaps(map.sid).syncMapItems('k').fetch();
  });

  it('can be switched off at start', async () => {
    const other = await startHarness({ syncRateLimits: false, clock: () => START });
    try {
      const map = await other.client.sync.v1.services('default').syncMaps.create();
      const reads = Array.from({ length: 201 }, () => other.client.sync.v1.services('default').syncMaps(map.sid).fetch().then(() => 'ok', (e: { code?: number }) => e.code));
      expect(await Promise.all(reads)).toEqual(Array(201).fill('ok'));
    } finally {
      await other.emulator.close();
    }
  });
});

describe('Sync auth', () => {
  it('answers 401 / 20003 without credentials or with malformed ones', async () => {
    for (const auth of [null, 'Bearer x', 'Basic !!!', `Basic ${Buffer.from('AC123:token').toString('base64')}`, `Basic ${Buffer.from(`AC${'a'.repeat(32)}:`).toString('base64')}`]) {
      const response = await raw(h.emulator.url, 'GET', '/sync/v1/Services/default', { auth });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expectValid(errorValidator('twilio_sync_v1', SERVICE, 'get', 401), response.json);
      expect(response.json).toMatchObject({ code: 20003, status: 401 });
    }
  });

  it('accepts an API key (SK...) as the username', async () => {
    const response = await raw(h.emulator.url, 'GET', '/sync/v1/Services/default', { auth: `Basic ${Buffer.from(`SK${'1'.repeat(32)}:secret`).toString('base64')}` });
    expect(response.status).toBe(200);
    expectValid(responseValidator('twilio_sync_v1', SERVICE, 'get', 200), response.json);
  });
});
