import { caught, lastBody, lastStatus, raw, useContractHarness } from './harness';
import { lastResponseChecks } from './last-response';
import { errorValidator, expectValid } from './openapi';

// Verify Service Rate Limits and Buckets through the real twilio client, every body checked
// against twilio_verify_v2.json, and their enforcement on verification starts.
const RATE_LIMITS = '/v2/Services/{ServiceSid}/RateLimits';
const RATE_LIMIT = '/v2/Services/{ServiceSid}/RateLimits/{Sid}';
const BUCKETS = '/v2/Services/{ServiceSid}/RateLimits/{RateLimitSid}/Buckets';
const BUCKET = '/v2/Services/{ServiceSid}/RateLimits/{RateLimitSid}/Buckets/{Sid}';
const VERIFICATIONS = '/v2/Services/{ServiceSid}/Verifications';
const MISSING_VA = `VA${'0'.repeat(32)}`;
const MISSING_RK = `RK${'0'.repeat(32)}`;
const MISSING_BL = `BL${'0'.repeat(32)}`;

/** A distinct valid UK mobile per start, so every start creates its own verification. */
let nextNumber = 10;
const freshNumber = () => `+4479111234${nextNumber++}`;

// A frozen clock: windows move only when the test advances the emulator clock.
const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const h = useContractHarness({ clock: () => START });
let serviceSid: string;

beforeEach(async () => {
  nextNumber = 10;
  serviceSid = (await h.client.verify.v2.services.create({ friendlyName: 'Gatekeeper' })).sid;
});

const svc = () => h.client.verify.v2.services(serviceSid);
const { expectBody, expectError } = lastResponseChecks('twilio_verify_v2', () => h.client);
const rawExpectError = async (path: string, form: [string, string][], code: number, specPath: string) => {
  const response = await raw(h.emulator.url, 'POST', `/verify${path}`, { form });
  expect(response.status).toBe(400);
  expectValid(errorValidator('twilio_verify_v2', specPath, 'post', 400), response.json);
  expect(response.json).toMatchObject({ code, status: 400 });
};

/** A Rate Limit with one Bucket per `[max, interval]`. */
async function rateLimitWith(uniqueName: string, buckets: [number, number][]): Promise<string> {
  const limit = await svc().rateLimits.create({ uniqueName });
  for (const [max, interval] of buckets) await svc().rateLimits(limit.sid).buckets.create({ max, interval });
  return limit.sid;
}

/** Starts a verification to a fresh number carrying `rateLimits`; returns the number. */
async function start(rateLimits: Record<string, string>): Promise<string> {
  const to = freshNumber();
  await svc().verifications.create({ to, channel: 'sms', rateLimits });
  expectBody(VERIFICATIONS, 'post', 201);
  return to;
}

/** A start that must be refused with 429 / 20429; checks it created no verification. */
async function refused(rateLimits: Record<string, string>): Promise<Record<string, unknown>> {
  const to = freshNumber();
  const error = await caught(() => svc().verifications.create({ to, channel: 'sms', rateLimits }));
  expect(error).toMatchObject({ status: 429, code: 20429 });
  expectError(VERIFICATIONS, 'post', 429, 20429);
  expect((await h.control.verificationCodes(to)).verifications).toEqual([]);
  return error;
}

describe('Rate Limits', () => {
  it('creates, fetches by SID and by unique name, updates, lists and deletes', async () => {
    const created = await svc().rateLimits.create({ uniqueName: 'end_user_ip', description: 'End user IP' });
    expectBody(RATE_LIMITS, 'post', 201);
    expect(created.sid).toMatch(/^RK[0-9a-f]{32}$/);
    expect(lastBody(h.client)).toMatchObject({
      service_sid: serviceSid,
      unique_name: 'end_user_ip',
      description: 'End user IP',
      date_created: '2025-01-15T12:00:00Z',
      url: `https://verify.twilio.com/v2/Services/${serviceSid}/RateLimits/${created.sid}`,
      links: { buckets: `https://verify.twilio.com/v2/Services/${serviceSid}/RateLimits/${created.sid}/Buckets` },
    });

    expect((await svc().rateLimits(created.sid).fetch()).uniqueName).toBe('end_user_ip');
    expectBody(RATE_LIMIT, 'get', 200);
    expect((await svc().rateLimits('end_user_ip').fetch()).sid).toBe(created.sid);
    expectBody(RATE_LIMIT, 'get', 200);

    await h.control.advanceClock(5000);
    const updated = await svc().rateLimits('end_user_ip').update({ description: 'IP address' });
    expectBody(RATE_LIMIT, 'post', 200);
    expect(updated).toMatchObject({ sid: created.sid, uniqueName: 'end_user_ip', description: 'IP address' });
    expect(lastBody(h.client)).toMatchObject({ date_created: '2025-01-15T12:00:00Z', date_updated: '2025-01-15T12:00:05Z' });

    expect((await svc().rateLimits.list()).map((l) => l.sid)).toEqual([created.sid]);
    expectBody(RATE_LIMITS, 'get', 200);

    expect(await svc().rateLimits(created.sid).remove()).toBe(true);
    expect(lastStatus(h.client)).toBe(204);
    expect(await caught(() => svc().rateLimits(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expectError(RATE_LIMIT, 'get', 404, 20404);
    expect(await svc().rateLimits.list()).toEqual([]);
  });

  it('pages the list with rate_limits and meta like the other v2 lists', async () => {
    const sids: string[] = [];
    for (const name of ['a', 'b', 'c']) sids.push((await svc().rateLimits.create({ uniqueName: name })).sid);
    const first = await svc().rateLimits.page({ pageSize: 2 });
    expectBody(RATE_LIMITS, 'get', 200);
    const base = `https://verify.twilio.com/v2/Services/${serviceSid}/RateLimits`;
    expect((lastBody(h.client) as { meta: unknown }).meta).toEqual({
      first_page_url: `${base}?PageSize=2&Page=0`,
      key: 'rate_limits',
      next_page_url: `${base}?PageSize=2&Page=1`,
      page: 0,
      page_size: 2,
      previous_page_url: null,
      url: `${base}?PageSize=2&Page=0`,
    });
    expect(first.instances.map((l) => l.sid)).toEqual(sids.slice(0, 2));
    const second = await first.nextPage();
    expectBody(RATE_LIMITS, 'get', 200);
    expect(second?.instances.map((l) => l.sid)).toEqual(sids.slice(2));
    expect(lastBody(h.client)).toMatchObject({ meta: { page: 1, next_page_url: null, previous_page_url: `${base}?PageSize=2&Page=0` } });
    expect((await svc().rateLimits.list({ pageSize: 1 })).map((l) => l.sid)).toEqual(sids);
  });

  it('refuses a missing UniqueName with 400 / 60200 and a malformed one with 400 / 60209', async () => {
    const path = `/v2/Services/${serviceSid}/RateLimits`;
    await rawExpectError(path, [['Description', 'no name']], 60200, RATE_LIMITS);
    await rawExpectError(path, [['UniqueName', '']], 60200, RATE_LIMITS);
    for (const uniqueName of ['has space', 'ip/address', 'naïve', MISSING_RK]) {
      expect(await caught(() => svc().rateLimits.create({ uniqueName }))).toMatchObject({ status: 400, code: 60209 });
      expectError(RATE_LIMITS, 'post', 400, 60209);
    }
    await svc().rateLimits.create({ uniqueName: 'Phone-Number_v2.1' });
    expectBody(RATE_LIMITS, 'post', 201);
  });

  it('refuses a duplicate UniqueName in the same service with 400 / 60208, but not in another', async () => {
    await svc().rateLimits.create({ uniqueName: 'end_user_ip' });
    expect(await caught(() => svc().rateLimits.create({ uniqueName: 'end_user_ip' }))).toMatchObject({ status: 400, code: 60208 });
    expectError(RATE_LIMITS, 'post', 400, 60208);
    const other = await h.client.verify.v2.services.create({ friendlyName: 'Other' });
    await h.client.verify.v2.services(other.sid).rateLimits.create({ uniqueName: 'end_user_ip' });
    expectBody(RATE_LIMITS, 'post', 201);
  });

  it('refuses an 11th Rate Limit in a service with 400 / 60207; deleting one makes room', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 10; i += 1) sids.push((await svc().rateLimits.create({ uniqueName: `limit_${i}` })).sid);
    expect(await caught(() => svc().rateLimits.create({ uniqueName: 'limit_10' }))).toMatchObject({ status: 400, code: 60207 });
    expectError(RATE_LIMITS, 'post', 400, 60207);
    await svc().rateLimits(sids[0]).remove();
    await svc().rateLimits.create({ uniqueName: 'limit_10' });
    expectBody(RATE_LIMITS, 'post', 201);
  });

  it('answers 404 / 20404 for an unknown service or rate limit', async () => {
    const missing = h.client.verify.v2.services(MISSING_VA);
    expect(await caught(() => missing.rateLimits.create({ uniqueName: 'x' }))).toMatchObject({ status: 404, code: 20404 });
    expectError(RATE_LIMITS, 'post', 404, 20404);
    expect(await caught(() => missing.rateLimits.list())).toMatchObject({ status: 404, code: 20404 });
    expectError(RATE_LIMITS, 'get', 404, 20404);
    for (const sidOrName of [MISSING_RK, 'no_such_limit']) {
      expect(await caught(() => svc().rateLimits(sidOrName).fetch())).toMatchObject({ status: 404, code: 20404 });
      expectError(RATE_LIMIT, 'get', 404, 20404);
      expect(await caught(() => svc().rateLimits(sidOrName).update({ description: 'x' }))).toMatchObject({ status: 404, code: 20404 });
      expectError(RATE_LIMIT, 'post', 404, 20404);
      expect(await caught(() => svc().rateLimits(sidOrName).remove())).toMatchObject({ status: 404, code: 20404 });
      expectError(RATE_LIMIT, 'delete', 404, 20404);
      expect(await caught(() => svc().rateLimits(sidOrName).buckets.create({ max: 1, interval: 1 }))).toMatchObject({ status: 404, code: 20404 });
      expectError(BUCKETS, 'post', 404, 20404);
    }
    // A rate limit is found only through its own service.
    const sid = (await svc().rateLimits.create({ uniqueName: 'mine' })).sid;
    const other = await h.client.verify.v2.services.create({ friendlyName: 'Other' });
    expect(await caught(() => h.client.verify.v2.services(other.sid).rateLimits(sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('Buckets', () => {
  let rateLimitSid: string;
  beforeEach(async () => {
    rateLimitSid = (await svc().rateLimits.create({ uniqueName: 'end_user_ip' })).sid;
  });
  const buckets = () => svc().rateLimits(rateLimitSid).buckets;

  it('creates, fetches, updates, lists and deletes', async () => {
    const created = await buckets().create({ max: 5, interval: 60 });
    expectBody(BUCKETS, 'post', 201);
    expect(created.sid).toMatch(/^BL[0-9a-f]{32}$/);
    expect(lastBody(h.client)).toMatchObject({
      rate_limit_sid: rateLimitSid,
      service_sid: serviceSid,
      max: 5,
      interval: 60,
      url: `https://verify.twilio.com/v2/Services/${serviceSid}/RateLimits/${rateLimitSid}/Buckets/${created.sid}`,
    });

    expect(await svc().rateLimits(rateLimitSid).buckets(created.sid).fetch()).toMatchObject({ max: 5, interval: 60 });
    expectBody(BUCKET, 'get', 200);
    // The rate limit's unique name works in bucket paths too; the URLs still name the SIDs.
    expect((await svc().rateLimits('end_user_ip').buckets(created.sid).fetch()).url).toBe(created.url);
    expectBody(BUCKET, 'get', 200);

    expect(await svc().rateLimits(rateLimitSid).buckets(created.sid).update({ max: 10 })).toMatchObject({ max: 10, interval: 60 });
    expectBody(BUCKET, 'post', 200);
    expect(await svc().rateLimits(rateLimitSid).buckets(created.sid).update({ interval: 3600 })).toMatchObject({ max: 10, interval: 3600 });
    expectBody(BUCKET, 'post', 200);

    const second = await buckets().create({ max: 100, interval: 86400 });
    expect((await buckets().list()).map((b) => b.sid)).toEqual([created.sid, second.sid]);
    expectBody(BUCKETS, 'get', 200);
    expect((lastBody(h.client) as { meta: { key: string } }).meta.key).toBe('buckets');

    expect(await svc().rateLimits(rateLimitSid).buckets(created.sid).remove()).toBe(true);
    expect(lastStatus(h.client)).toBe(204);
    expect(await caught(() => svc().rateLimits(rateLimitSid).buckets(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expectError(BUCKET, 'get', 404, 20404);
    expect((await buckets().list()).map((b) => b.sid)).toEqual([second.sid]);
  });

  it('pages the list with buckets and meta', async () => {
    await buckets().page({ pageSize: 2 });
    expectBody(BUCKETS, 'get', 200);
    expect(lastBody(h.client)).toMatchObject({ buckets: [], meta: { key: 'buckets', next_page_url: null } });
    for (const interval of [1, 2, 3]) await buckets().create({ max: 1, interval });
    const first = await buckets().page({ pageSize: 2 });
    expectBody(BUCKETS, 'get', 200);
    expect(first.instances.map((b) => b.interval)).toEqual([1, 2]);
    expect((lastBody(h.client) as { meta: { next_page_url: string } }).meta.next_page_url).toBe(
      `https://verify.twilio.com/v2/Services/${serviceSid}/RateLimits/${rateLimitSid}/Buckets?PageSize=2&Page=1`,
    );
    expect((await first.nextPage())?.instances.map((b) => b.interval)).toEqual([3]);
    expectBody(BUCKETS, 'get', 200);
  });

  it('refuses missing or invalid Max and Interval with 400 / 60200', async () => {
    const path = `/v2/Services/${serviceSid}/RateLimits/${rateLimitSid}/Buckets`;
    await rawExpectError(path, [['Interval', '60']], 60200, BUCKETS);
    await rawExpectError(path, [['Max', '5']], 60200, BUCKETS);
    await rawExpectError(path, [['Max', 'five'], ['Interval', '60']], 60200, BUCKETS);
    await rawExpectError(path, [['Max', '5'], ['Interval', '1.5']], 60200, BUCKETS);
    await rawExpectError(path, [['Max', '5'], ['Interval', '2147483648']], 60200, BUCKETS);
    expect(await caught(() => buckets().create({ max: 0, interval: 60 }))).toMatchObject({ status: 400, code: 60200 });
    expectError(BUCKETS, 'post', 400, 60200);
    expect(await caught(() => buckets().create({ max: 5, interval: -1 }))).toMatchObject({ status: 400, code: 60200 });
    const bucket = await buckets().create({ max: 5, interval: 60 });
    expect(await caught(() => svc().rateLimits(rateLimitSid).buckets(bucket.sid).update({ max: 0 }))).toMatchObject({ status: 400, code: 60200 });
    expectError(BUCKET, 'post', 400, 60200);
  });

  it('refuses a second Bucket with the same Interval with 400 / 60211, on create and update', async () => {
    const minute = await buckets().create({ max: 5, interval: 60 });
    expect(await caught(() => buckets().create({ max: 10, interval: 60 }))).toMatchObject({ status: 400, code: 60211 });
    expectError(BUCKETS, 'post', 400, 60211);
    const hour = await buckets().create({ max: 10, interval: 3600 });
    expect(await caught(() => svc().rateLimits(rateLimitSid).buckets(hour.sid).update({ interval: 60 }))).toMatchObject({ status: 400, code: 60211 });
    expectError(BUCKET, 'post', 400, 60211);
    // Re-sending a bucket's own interval is not a duplicate.
    await svc().rateLimits(rateLimitSid).buckets(minute.sid).update({ interval: 60, max: 6 });
    expectBody(BUCKET, 'post', 200);
  });

  it('refuses an 11th Bucket with 400 / 60210', async () => {
    for (let interval = 1; interval <= 10; interval += 1) await buckets().create({ max: 1, interval });
    expect(await caught(() => buckets().create({ max: 1, interval: 11 }))).toMatchObject({ status: 400, code: 60210 });
    expectError(BUCKETS, 'post', 400, 60210);
  });

  it('answers 404 / 20404 for an unknown bucket, and for the buckets of a deleted rate limit', async () => {
    const bucket = () => svc().rateLimits(rateLimitSid).buckets(MISSING_BL);
    expect(await caught(() => bucket().fetch())).toMatchObject({ status: 404, code: 20404 });
    expectError(BUCKET, 'get', 404, 20404);
    expect(await caught(() => bucket().update({ max: 1 }))).toMatchObject({ status: 404, code: 20404 });
    expectError(BUCKET, 'post', 404, 20404);
    expect(await caught(() => bucket().remove())).toMatchObject({ status: 404, code: 20404 });
    expectError(BUCKET, 'delete', 404, 20404);
    const created = await buckets().create({ max: 1, interval: 60 });
    await svc().rateLimits(rateLimitSid).remove();
    expect(await caught(() => svc().rateLimits(rateLimitSid).buckets(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await caught(() => buckets().list())).toMatchObject({ status: 404, code: 20404 });
    expectError(BUCKETS, 'get', 404, 20404);
  });
});

describe('Service Rate Limit enforcement on verification starts', () => {
  it('admits Max starts per key value within the Interval, refuses the next with 429 / 20429, and admits again after the Interval', async () => {
    await rateLimitWith('end_user_ip', [[3, 60]]);
    const ip = { end_user_ip: '203.0.113.7' };
    for (let i = 0; i < 3; i += 1) await start(ip);
    await refused(ip);
    const headers = h.client.httpClient.lastResponse?.headers as Record<string, string>;
    expect(headers['retry-after']).toBe('60');
    expect(headers['twilio-reached-rate-limit']).toBe('end_user_ip');

    await h.control.advanceClock(59_000);
    await refused(ip);
    expect((h.client.httpClient.lastResponse?.headers as Record<string, string>)['retry-after']).toBe('1');
    await h.control.advanceClock(1000);
    for (let i = 0; i < 3; i += 1) await start(ip);
    await refused(ip);
  });

  it('counts different key values separately', async () => {
    await rateLimitWith('end_user_ip', [[1, 60]]);
    await start({ end_user_ip: '203.0.113.7' });
    await refused({ end_user_ip: '203.0.113.7' });
    await start({ end_user_ip: '203.0.113.8' });
    await refused({ end_user_ip: '203.0.113.8' });
  });

  it('enforces every bucket, and does not count refused starts', async () => {
    await rateLimitWith('end_user_ip', [
      [2, 60],
      [4, 3600],
    ]);
    const ip = { end_user_ip: '203.0.113.7' };
    await start(ip);
    await start(ip);
    // Refused by the minute bucket; were they counted, the hour bucket would be full already.
    for (let i = 0; i < 3; i += 1) await refused(ip);
    await h.control.advanceClock(60_000);
    await start(ip);
    await start(ip);
    await h.control.advanceClock(60_000);
    // The minute window is fresh, but the hour bucket has counted 4.
    await refused(ip);
    expect((h.client.httpClient.lastResponse?.headers as Record<string, string>)['retry-after']).toBe(String(3600 - 120));
    await h.control.advanceClock(3600_000);
    await start(ip);
  });

  it('refuses a start when any of several named rate limits is exhausted, counting none of them', async () => {
    await rateLimitWith('end_user_ip', [[10, 60]]);
    await rateLimitWith('session', [[1, 60]]);
    await start({ end_user_ip: 'ip-1', session: 's-1' });
    const error = await refused({ end_user_ip: 'ip-1', session: 's-1' });
    expect(String(error.message)).toContain("'session'");
    // The IP's 9 remaining starts are all still there.
    for (let i = 2; i <= 10; i += 1) await start({ end_user_ip: 'ip-1', session: `s-${i}` });
    await refused({ end_user_ip: 'ip-1', session: 's-11' });
  });

  it('judges open windows by a bucket’s new Max after an update', async () => {
    const sid = await rateLimitWith('end_user_ip', [[1, 60]]);
    const [bucket] = await svc().rateLimits(sid).buckets.list();
    await start({ end_user_ip: 'ip' });
    await refused({ end_user_ip: 'ip' });
    await svc().rateLimits(sid).buckets(bucket.sid).update({ max: 2 });
    await start({ end_user_ip: 'ip' });
    await refused({ end_user_ip: 'ip' });
  });

  it('admits starts that name a rate limit with no buckets, and starts that name none', async () => {
    await svc().rateLimits.create({ uniqueName: 'unmetered' });
    for (let i = 0; i < 3; i += 1) await start({ unmetered: 'x' });
    await svc().verifications.create({ to: freshNumber(), channel: 'sms' });
    expectBody(VERIFICATIONS, 'post', 201);
  });

  it('refuses an unknown unique name, invalid JSON or a non-scalar value with 400 / 60200', async () => {
    await rateLimitWith('end_user_ip', [[1, 60]]);
    const attempts: unknown[] = [{ no_such_limit: 'x' }, { end_user_ip: 'x', other: 'y' }, 'not json', '["end_user_ip"]', { end_user_ip: { nested: true } }, { end_user_ip: null }];
    for (const rateLimits of attempts) {
      const to = freshNumber();
      expect(await caught(() => svc().verifications.create({ to, channel: 'sms', rateLimits }))).toMatchObject({ status: 400, code: 60200 });
      expectError(VERIFICATIONS, 'post', 400, 60200);
      expect((await h.control.verificationCodes(to)).verifications).toEqual([]);
    }
    // None of those counted: the one allowed start is still available.
    await start({ end_user_ip: 'x' });
  });

  it('only knows the rate limits of the service the start is for', async () => {
    await rateLimitWith('end_user_ip', [[1, 60]]);
    const other = await h.client.verify.v2.services.create({ friendlyName: 'Other' });
    const error = await caught(() => h.client.verify.v2.services(other.sid).verifications.create({ to: freshNumber(), channel: 'sms', rateLimits: { end_user_ip: 'x' } }));
    expect(error).toMatchObject({ status: 400, code: 60200 });
  });

  it('is cleared by the control reset: rate limits, buckets and counts', async () => {
    const sid = await rateLimitWith('end_user_ip', [[1, 60]]);
    await start({ end_user_ip: 'ip' });
    expect(h.emulator.state.verifyRateLimits.size()).toEqual({ rateLimits: 1, buckets: 1, windows: 1 });
    await h.control.reset();
    expect(h.emulator.state.verifyRateLimits.size()).toEqual({ rateLimits: 0, buckets: 0, windows: 0 });
    expect(await caught(() => svc().rateLimits(sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    // A new service starts from nothing: same name, fresh count.
    serviceSid = (await h.client.verify.v2.services.create({ friendlyName: 'Again' })).sid;
    await rateLimitWith('end_user_ip', [[1, 60]]);
    await start({ end_user_ip: 'ip' });
  });
});
