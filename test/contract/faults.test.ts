import { classifyTwilioError } from '../../src/core/twilio';
import { startEmulator } from '../../emulator';
import { ACCOUNT_SID, caught, lastBody, raw, startHarness, useContractHarness, waitFor } from './harness';
import { errorValidator, expectValid } from './openapi';

// Fault and latency injection, and the request log, as the twilio client experiences them
// (twilio-facts.md: API errors are RestExceptions with a numeric status, transport failures Axios
// errors with a string code and no status).
const h = useContractHarness();

const sync = () => h.client.sync.v1.services('default');
const ITEM_ROUTE = 'POST /sync/v1/Services/:svc/Maps/:map/Items/:key';

async function mapWithItem() {
  const map = await sync().syncMaps.create({ uniqueName: 'm' });
  await sync().syncMaps(map.sid).syncMapItems.create({ key: 'k', data: { n: 0 } });
  return map;
}

describe('fault kinds as the twilio client sees them', () => {
  it('429 on Sync is a RestException 429 / 54009, elsewhere 429 / 20429', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc', kind: '429' });
    const syncError = await caught(() => sync().fetch());
    expect(syncError).toMatchObject({ status: 429, code: 54009 });
    expectValid(errorValidator('twilio_sync_v1', '/v1/Services/{Sid}', 'get', 429), lastBody(h.client));
    expect(classifyTwilioError(syncError)).toEqual({ kind: 'api', status: 429, code: 54009, retryable: true });

    await h.control.injectFault({ route: 'POST /verify/v2/Services', kind: '429' });
    const verifyError = await caught(() => h.client.verify.v2.services.create({ friendlyName: 'x' }));
    expect(verifyError).toMatchObject({ status: 429, code: 20429 });
    expect(h.client.httpClient.lastResponse?.headers['retry-after']).toBe('1');
  });

  it('500-html is a RestException with numeric status 500 and no code', async () => {
    await h.control.injectFault({ route: 'GET /api/2010-04-01/Accounts/:account.json', kind: '500-html' });
    const error = await caught(() => h.client.api.v2010.accounts(ACCOUNT_SID).fetch());
    expect(error.status).toBe(500);
    expect(error.code).toBeUndefined();
    expect(String(lastBody(h.client))).toMatch(/^<html>/);
    expect(classifyTwilioError(error)).toEqual({ kind: 'api', status: 500, code: undefined, retryable: true });
  });

  it('reset is an Axios error with a string code and no status', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc', kind: 'reset' });
    const error = await caught(() => sync().fetch());
    expect(error.status).toBeUndefined();
    expect(error.code).toBe('ECONNRESET');
    expect(classifyTwilioError(error)).toEqual({ kind: 'transport', errno: 'ECONNRESET', retryable: true });
  });

  it('hang is a client timeout: an Axios error with a string code and no status', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc', kind: 'hang' });
    const started = Date.now();
    const error = await caught(() => h.clientWithTimeout(200).sync.v1.services('default').fetch());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.status).toBeUndefined();
    expect(error.code).toBe('ECONNABORTED');
    expect(classifyTwilioError(error)).toMatchObject({ kind: 'transport', retryable: true });
    await waitFor(async () => (await h.control.requestLog()).entries.some((e) => e.status === 0));
  });

  it('a hung request is released (connection reset) by POST /__emulator/reset', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc', kind: 'hang' });
    const pending = caught(() => h.clientWithTimeout(9000).sync.v1.services('default').fetch());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await h.control.reset();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(typeof error.code).toBe('string');
  });

  it('close() releases hung requests and resolves', async () => {
    const other = await startHarness();
    await other.control.injectFault({ route: '* /**', kind: 'hang' });
    const pending = caught(() => other.clientWithTimeout(9000).sync.v1.services('default').fetch());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await other.emulator.close();
    expect(typeof (await pending).code).toBe('string');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('conflict answers 412 / 54205 on item updates and 409 / 54208 on item creates', async () => {
    const map = await mapWithItem();
    await h.control.injectFault({ route: ITEM_ROUTE, kind: 'conflict' });
    const update = await caught(() => sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 1 }, ifMatch: '1' }));
    expect(update).toMatchObject({ status: 412, code: 54205 });
    await h.control.injectFault({ route: 'POST /sync/v1/Services/:svc/Maps/:map/Items', kind: 'conflict' });
    const create = await caught(() => sync().syncMaps(map.sid).syncMapItems.create({ key: 'new', data: {} }));
    expect(create).toMatchObject({ status: 409, code: 54208 });
    // The real state is untouched by an injected conflict.
    expect((await sync().syncMaps(map.sid).syncMapItems('k').fetch()).data).toEqual({ n: 0 });
  });

  it('conflict skips requests it does not apply to, without being consumed', async () => {
    const map = await mapWithItem();
    await h.control.injectFault({ route: '* /**', kind: 'conflict' });
    await sync().syncMaps(map.sid).syncMapItems('k').fetch();
    expect(await h.control.faults()).toHaveLength(1);
    expect(await caught(() => sync().syncMaps(map.sid).syncMapItems('k').remove())).toMatchObject({ status: 412, code: 54205 });
    expect(await h.control.faults()).toHaveLength(0);
  });

  it('twilio-error answers a Twilio error body with the given status and code', async () => {
    await h.control.injectFault({ route: 'POST /api/2010-04-01/Accounts/:account/Calls.json', kind: 'twilio-error', status: 403, code: 21215 });
    const error = await caught(() => h.client.calls.create({ to: '+447911123456', from: '+14155552671', url: 'https://example.com/twiml' }));
    expect(error).toMatchObject({ status: 403, code: 21215 });
    expect(lastBody(h.client)).toEqual({ code: 21215, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/21215', status: 403 });
    expect(classifyTwilioError(error)).toEqual({ kind: 'api', status: 403, code: 21215, retryable: false });
    expect((await h.control.calls()).length).toBe(0);
  });

  it('fires a fault only for requests carrying its form params, without consuming it on others', async () => {
    await h.control.injectFault({
      route: 'POST /api/2010-04-01/Accounts/:account/Calls.json',
      kind: 'twilio-error',
      status: 400,
      code: 21212,
      count: 2,
      params: { From: '+14155552671' },
    });
    const call = (from: string) => h.client.calls.create({ to: '+447911123456', from, url: 'https://example.com/twiml' });
    await call('+14155552672');
    expect(await h.control.faults()).toMatchObject([{ kind: 'twilio-error', remaining: 2, status: 400, code: 21212, params: { From: '+14155552671' } }]);
    expect(await caught(() => call('+14155552671'))).toMatchObject({ status: 400, code: 21212 });
    expect(await caught(() => call('+14155552671'))).toMatchObject({ status: 400, code: 21212 });
    await call('+14155552671');
    expect((await h.control.calls()).map((c) => c.from)).toEqual(['+14155552672', '+14155552671']);
  });

  it.each([
    [{ kind: 'twilio-error', code: 21215 }, /status, a whole number from 400 to 599/],
    [{ kind: 'twilio-error', status: 403 }, /code, a Twilio error code/],
    [{ kind: '429', status: 403, code: 21215 }, /apply only to kind "twilio-error"/],
    [{ kind: '429', params: { From: 1 } }, /params\.From must be a string/],
    [{ kind: '429', params: {} }, /params must name 1 to 10/],
    [{ kind: '429', params: ['From'] }, /params must be an object/],
  ])('refuses the fault %j with a message naming the fix', async (fault, message) => {
    const error = await caught(() => h.control.injectFault({ route: '* /**', ...(fault as { kind: 'twilio-error' }) }));
    expect(error.status).toBe(400);
    expect(String(error.message)).toMatch(message);
  });

  it('fires a fault exactly count times', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/*', kind: '429', count: 2 });
    expect(await caught(() => sync().fetch())).toMatchObject({ status: 429 });
    expect(await caught(() => sync().fetch())).toMatchObject({ status: 429 });
    await sync().fetch();
  });

  it('selects routes by glob, by the log name, by regex and by method', async () => {
    await h.control.injectFault({ route: 'GET /^\\/lookups\\/v2\\/PhoneNumbers\\/\\+44/', kind: '429' });
    await h.client.lookups.v2.phoneNumbers('+14155552671').fetch();
    expect(await caught(() => h.client.lookups.v2.phoneNumbers('+447911123456').fetch())).toMatchObject({ status: 429 });
    await h.control.injectFault({ route: 'POST /sync/v1/Services/**', kind: '429' });
    await sync().fetch();
    expect(await caught(() => sync().syncMaps.create())).toMatchObject({ status: 429 });
  });

  it('clears faults with DELETE /__emulator/faults', async () => {
    await h.control.injectFault({ route: '* /**', kind: '500-html', count: 10 });
    await h.control.clearFaults();
    await sync().fetch();
  });
});

describe('latency', () => {
  it('delays every request by a fixed amount, or only the selected route', async () => {
    await h.control.setLatency({ fixedMs: 150 });
    let started = Date.now();
    await sync().fetch();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await h.control.setLatency({ fixedMs: 0 });
    await h.control.setLatency({ route: 'GET /lookups/v2/PhoneNumbers/:number', minMs: 100, maxMs: 120 });
    started = Date.now();
    await sync().fetch();
    expect(Date.now() - started).toBeLessThan(100);
    started = Date.now();
    await h.client.lookups.v2.phoneNumbers('+14155552671').fetch();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await h.control.clearLatency();
  });

  it('makes the client time out when the delay exceeds its timeout', async () => {
    await h.control.setLatency({ fixedMs: 1000 });
    const error = await caught(() => h.clientWithTimeout(150).sync.v1.services('default').fetch());
    expect(error.code).toBe('ECONNABORTED');
    // The server notices the abandoned request when the client closes the socket, then logs it.
    await waitFor(async () => (await h.control.requestLog()).total === 1);
    expect((await h.control.requestLog()).entries[0]).toMatchObject({ route: 'GET /sync/v1/Services/:svc', status: 0 });
  });
});

describe('request log', () => {
  it('counts round trips per normalised route, with entries', async () => {
    const map = await mapWithItem();
    await sync().syncMaps(map.sid).syncMapItems('k').fetch();
    await sync().syncMaps(map.sid).syncMapItems('k').update({ data: { n: 1 } });
    await caught(() => sync().syncMaps(map.sid).syncMapItems('missing').fetch());
    await h.client.lookups.v2.phoneNumbers('+14155552671').fetch();
    const log = await h.control.requestLog();
    expect(log.total).toBe(6);
    expect(log.byRoute).toEqual({
      'POST /sync/v1/Services/:svc/Maps': 1,
      'POST /sync/v1/Services/:svc/Maps/:map/Items': 1,
      'GET /sync/v1/Services/:svc/Maps/:map/Items/:key': 2,
      'POST /sync/v1/Services/:svc/Maps/:map/Items/:key': 1,
      'GET /lookups/v2/PhoneNumbers/:number': 1,
    });
    expect(log.byStatus).toEqual({ '201': 2, '200': 3, '404': 1 });
    expect(log.entries[4]).toEqual({
      method: 'GET',
      route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key',
      path: `/sync/v1/Services/default/Maps/${map.sid}/Items/missing`,
      status: 404,
      ms: expect.any(Number),
    });
  });

  it('records failed transports with status 0, names unmatched routes, and skips control calls', async () => {
    await h.control.injectFault({ route: 'GET /sync/v1/Services/:svc', kind: 'reset' });
    await caught(() => sync().fetch());
    await raw(h.emulator.url, 'GET', '/nope/v1/Things');
    await h.control.faults();
    const log = await h.control.requestLog();
    expect(log.entries.map((e) => [e.route, e.status])).toEqual([
      ['GET /sync/v1/Services/:svc', 0],
      ['GET (unmatched)', 404],
    ]);
    await h.control.resetLog();
    expect(await h.control.requestLog()).toEqual({ total: 0, byRoute: {}, byStatus: {}, entries: [] });
  });
});

describe('route names', () => {
  it('are stable: tests and benchmarks count round trips by them', async () => {
    expect(await h.control.routes()).toEqual([
      'GET /sync/v1/Services',
      'POST /sync/v1/Services',
      'GET /sync/v1/Services/:svc',
      'GET /sync/v1/Services/:svc/Maps',
      'POST /sync/v1/Services/:svc/Maps',
      'GET /sync/v1/Services/:svc/Maps/:map',
      'DELETE /sync/v1/Services/:svc/Maps/:map',
      'GET /sync/v1/Services/:svc/Maps/:map/Items',
      'POST /sync/v1/Services/:svc/Maps/:map/Items',
      'GET /sync/v1/Services/:svc/Maps/:map/Items/:key',
      'POST /sync/v1/Services/:svc/Maps/:map/Items/:key',
      'DELETE /sync/v1/Services/:svc/Maps/:map/Items/:key',
      'GET /sync/v1/Services/:svc/Documents',
      'POST /sync/v1/Services/:svc/Documents',
      'GET /sync/v1/Services/:svc/Documents/:doc',
      'POST /sync/v1/Services/:svc/Documents/:doc',
      'DELETE /sync/v1/Services/:svc/Documents/:doc',
      'GET /verify/v2/Services',
      'POST /verify/v2/Services',
      'GET /verify/v2/Services/:svc',
      'POST /verify/v2/Services/:svc/Verifications',
      'GET /verify/v2/Services/:svc/Verifications/:sid',
      'POST /verify/v2/Services/:svc/Verifications/:sid',
      'POST /verify/v2/Services/:svc/VerificationCheck',
      'GET /verify/v2/Services/:svc/RateLimits',
      'POST /verify/v2/Services/:svc/RateLimits',
      'GET /verify/v2/Services/:svc/RateLimits/:rateLimit',
      'POST /verify/v2/Services/:svc/RateLimits/:rateLimit',
      'DELETE /verify/v2/Services/:svc/RateLimits/:rateLimit',
      'GET /verify/v2/Services/:svc/RateLimits/:rateLimit/Buckets',
      'POST /verify/v2/Services/:svc/RateLimits/:rateLimit/Buckets',
      'GET /verify/v2/Services/:svc/RateLimits/:rateLimit/Buckets/:bucket',
      'POST /verify/v2/Services/:svc/RateLimits/:rateLimit/Buckets/:bucket',
      'DELETE /verify/v2/Services/:svc/RateLimits/:rateLimit/Buckets/:bucket',
      'GET /lookups/v2/PhoneNumbers/:number',
      'POST /api/2010-04-01/Accounts.json',
      'GET /api/2010-04-01/Accounts.json',
      'GET /api/2010-04-01/Accounts/:account.json',
      'POST /api/2010-04-01/Accounts/:account.json',
      'POST /api/2010-04-01/Accounts/:account/Messages.json',
      'GET /api/2010-04-01/Accounts/:account/Messages.json',
      'GET /api/2010-04-01/Accounts/:account/Messages/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/Calls.json',
      'GET /api/2010-04-01/Accounts/:account/Calls.json',
      'GET /api/2010-04-01/Accounts/:account/Calls/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/Calls/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/IncomingPhoneNumbers.json',
      'POST /api/2010-04-01/Accounts/:account/IncomingPhoneNumbers.json',
      'GET /api/2010-04-01/Accounts/:account/IncomingPhoneNumbers/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/IncomingPhoneNumbers/:sid.json',
      'DELETE /api/2010-04-01/Accounts/:account/IncomingPhoneNumbers/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/Keys.json',
      'POST /api/2010-04-01/Accounts/:account/Keys.json',
      'GET /api/2010-04-01/Accounts/:account/Keys/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/Keys/:sid.json',
      'DELETE /api/2010-04-01/Accounts/:account/Keys/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists/:sid.json',
      'DELETE /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists/:acl/IpAddresses.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/IpAccessControlLists/:acl/IpAddresses.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/CredentialLists.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/CredentialLists.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/CredentialLists/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/CredentialLists/:list/Credentials.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/Domains.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/Domains.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/Domains/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/Domains/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/IpAccessControlListMappings.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/IpAccessControlListMappings.json',
      'DELETE /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/IpAccessControlListMappings/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/CredentialListMappings.json',
      'POST /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/CredentialListMappings.json',
      'DELETE /api/2010-04-01/Accounts/:account/SIP/Domains/:domain/CredentialListMappings/:sid.json',
      'GET /trunking/v1/Trunks',
      'POST /trunking/v1/Trunks',
      'GET /trunking/v1/Trunks/:sid',
      'POST /trunking/v1/Trunks/:sid',
      'DELETE /trunking/v1/Trunks/:sid',
      'GET /trunking/v1/Trunks/:trunk/IpAccessControlLists',
      'POST /trunking/v1/Trunks/:trunk/IpAccessControlLists',
      'GET /trunking/v1/Trunks/:trunk/IpAccessControlLists/:sid',
      'DELETE /trunking/v1/Trunks/:trunk/IpAccessControlLists/:sid',
      'GET /trunking/v1/Trunks/:trunk/CredentialLists',
      'POST /trunking/v1/Trunks/:trunk/CredentialLists',
      'GET /trunking/v1/Trunks/:trunk/CredentialLists/:sid',
      'DELETE /trunking/v1/Trunks/:trunk/CredentialLists/:sid',
      'GET /trunking/v1/Trunks/:trunk/OriginationUrls',
      'POST /trunking/v1/Trunks/:trunk/OriginationUrls',
      'GET /voice/v1/DialingPermissions/Countries',
      'GET /voice/v1/DialingPermissions/Countries/:iso',
      'GET /voice/v1/DialingPermissions/Countries/:iso/HighRiskSpecialPrefixes',
      'POST /voice/v1/DialingPermissions/BulkCountryUpdates',
      'GET /voice/v1/Settings',
      'POST /voice/v1/Settings',
      'GET /accounts/v1/Messaging/GeoPermissions',
      'PATCH /accounts/v1/Messaging/GeoPermissions',
      'POST /accounts/v1/AuthTokens/Secondary',
      'DELETE /accounts/v1/AuthTokens/Secondary',
      'POST /accounts/v1/AuthTokens/Promote',
      'POST /api/2010-04-01/Accounts/:account/Usage/Triggers.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Triggers.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Triggers/:sid.json',
      'POST /api/2010-04-01/Accounts/:account/Usage/Triggers/:sid.json',
      'DELETE /api/2010-04-01/Accounts/:account/Usage/Triggers/:sid.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/AllTime.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/Daily.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/Monthly.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/Yearly.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/Today.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/Yesterday.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/ThisMonth.json',
      'GET /api/2010-04-01/Accounts/:account/Usage/Records/LastMonth.json',
      'GET /monitor/v1/Alerts',
      'GET /monitor/v1/Alerts/:sid',
      'POST /serverless/v1/Services',
      'GET /serverless/v1/Services',
      'GET /serverless/v1/Services/:svc',
      'POST /serverless/v1/Services/:svc/Environments',
      'GET /serverless/v1/Services/:svc/Environments',
      'GET /serverless/v1/Services/:svc/Environments/:env',
      'GET /serverless/v1/Services/:svc/Environments/:env/Logs',
      'GET /serverless/v1/Services/:svc/Environments/:env/Logs/:sid',
      'GET /pricing/v1/Messaging/Countries/:iso',
      'GET /pricing/v1/Voice/Countries/:iso',
      'GET /pricing/v2/Voice/Countries/:iso',
    ]);
  });
});

describe('emulator options', () => {
  it('refuses any host but loopback and bad ports', async () => {
    await expect(startEmulator({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1 only/);
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(/port/);
  });
});
