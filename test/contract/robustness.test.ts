import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { ACCOUNT_SID, raw, startHarness, type ContractHarness } from './harness';
import { errorValidator, expectValid } from './openapi';

// Bad input never crashes the emulator: every answer is a clear 4xx, and it keeps serving.
let h: ContractHarness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.close();
  process.off('unhandledRejection', onUnhandled);
});
beforeEach(() => h.control.reset());
afterEach(async () => {
  // Still alive and well after whatever the test threw at it.
  expect((await raw(h.emulator.url, 'GET', '/sync/v1/Services/default')).status).toBe(200);
  expect(unhandled).toEqual([]);
});

const ITEMS = '/sync/v1/Services/default/Maps/m/Items';
const genericError = errorValidator('twilio_sync_v1', '/v1/Services/{Sid}', 'get', 404);

function sendRaw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(h.emulator.port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('API input', () => {
  it('answers an unknown route with 404 / 20404 and a known path with a wrong method with 405', async () => {
    const unknown = await raw(h.emulator.url, 'GET', '/sync/v1/Nothing/here');
    expect(unknown.status).toBe(404);
    expectValid(genericError, unknown.json);
    expect(unknown.json).toMatchObject({ code: 20404, message: 'The requested resource /v1/Nothing/here was not found' });
    const wrongMethod = await raw(h.emulator.url, 'PUT', '/sync/v1/Services/default');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toMatchObject({ code: 20004, status: 405 });
  });

  it('requires auth before saying anything about a route', async () => {
    const response = await raw(h.emulator.url, 'GET', '/sync/v1/Nothing', { auth: null });
    expect(response.json).toMatchObject({ status: 401, code: 20003 });
  });

  it('treats a garbage or non-form body as no parameters (Twilio reads forms only)', async () => {
    await raw(h.emulator.url, 'POST', '/sync/v1/Services/default/Maps', { form: [['UniqueName', 'm']] });
    const garbage = await raw(h.emulator.url, 'POST', ITEMS, { body: randomBytes(2048), contentType: 'application/x-www-form-urlencoded' });
    expect(garbage.status).toBe(400);
    expectValid(genericError, garbage.json);
    const json = await raw(h.emulator.url, 'POST', `/api/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      body: JSON.stringify({ To: '+447911123456', From: '+14155552671', Body: 'x' }),
      contentType: 'application/json',
    });
    expect(json.json).toMatchObject({ status: 400, code: 21604 });
    const badEncoding = await raw(h.emulator.url, 'POST', ITEMS, { body: 'Key=%E0%A4%A&Data=%7B%7D&Junk=%zz%', contentType: 'application/x-www-form-urlencoded' });
    expect(badEncoding.status).toBe(201);
  });

  it('answers 413 / 20413 to a body over 64 KiB and drops bodies beyond the drain limit', async () => {
    const huge = await raw(h.emulator.url, 'POST', ITEMS, { form: [['Key', 'k'], ['Data', JSON.stringify({ x: 'y'.repeat(70 * 1024) })]] });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ code: 20413, status: 413 });
    await expect(raw(h.emulator.url, 'POST', ITEMS, { body: Buffer.alloc(17 * 1024 * 1024, 97), contentType: 'text/plain' })).rejects.toThrow();
  });

  it('survives malformed path encoding and malformed HTTP', async () => {
    const path = await raw(h.emulator.url, 'GET', '/sync/v1/Services/default/Maps/%E0%A4%A/Items/%');
    expect(path.status).toBe(404);
    const answer = await sendRaw('THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });

  it('refuses bad paging parameters with 400', async () => {
    const response = await raw(h.emulator.url, 'GET', `/api/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?PageSize=abc`);
    expect(response.status).toBe(400);
    expectValid(genericError, response.json);
  });
});

describe('control API input', () => {
  const control = (method: string, path: string, body?: string) =>
    raw(h.emulator.url, method, `/__emulator${path}`, { auth: null, body, contentType: body === undefined ? undefined : 'application/json' });

  it.each([
    ['POST', '/faults', '{"route":'],
    ['POST', '/faults', '[1,2]'],
    ['POST', '/faults', '{"route":"GET /x","kind":"explode"}'],
    ['POST', '/faults', '{"route":"GET /x","kind":"429","count":0}'],
    ['POST', '/faults', '{"route":"GET /(unclosed/","kind":"429"}'],
    ['POST', '/faults', '{"route":"no-leading-slash","kind":"429"}'],
    ['POST', '/faults', `{"route":"GET /${'a'.repeat(600)}","kind":"429"}`],
    ['POST', '/faults', '{"route":"GET /x","kind":"429","typo":1}'],
    ['POST', '/latency', '{}'],
    ['POST', '/latency', '{"fixedMs":-1}'],
    ['POST', '/latency', '{"minMs":50,"maxMs":10}'],
    ['POST', '/latency', '{"fixedMs":999999999}'],
    ['POST', '/sync-rate-limits', '{"readsPerSecond":5}'],
    ['POST', '/sync-rate-limits', '{"enabled":true,"burstSeconds":0}'],
    ['POST', '/lookup/overrides', '{"phoneNumber":"07911"}'],
    ['POST', '/lookup/overrides', '{"phoneNumber":"+447911123456","lineType":"satellite"}'],
    ['POST', '/lookup/overrides', '{"phoneNumber":"+447911123456","smsPumpingRiskScore":101}'],
    ['POST', '/clock', '{"advanceMs":"soon"}'],
    ['GET', '/verify/codes', undefined],
  ])('%s %s with %s answers 400 with a JSON error', async (method, path, body) => {
    const response = await control(method, path, body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: expect.stringMatching(/\w{3,}/) });
  });

  it('answers unknown control routes with 404 and wrong methods with 405', async () => {
    expect((await control('GET', '/nope')).status).toBe(404);
    expect((await control('GET', '/reset')).status).toBe(405);
  });

  it('answers an oversized control body with 413', async () => {
    const response = await control('POST', '/faults', JSON.stringify({ route: 'GET /x', kind: '429', pad: 'x'.repeat(70 * 1024) }));
    expect(response.status).toBe(413);
  });

  it('bounds the number of faults', async () => {
    for (let i = 0; i < 100; i += 1) await h.control.injectFault({ route: `GET /x/${i}`, kind: '429' });
    await expect(h.control.injectFault({ route: 'GET /x/101', kind: '429' })).rejects.toThrow(/at most 100 faults/);
  });

  it('exposes health, clock, and the rate limit settings', async () => {
    expect(await h.control.health()).toBe(true);
    const before = (await control('GET', '/clock')).json as { epochMs: number };
    expect(await h.control.advanceClock(60_000)).toBeGreaterThanOrEqual(before.epochMs + 60_000);
    expect((await control('GET', '/sync-rate-limits')).json).toEqual({ enabled: true, readsPerSecond: 20, writesPerSecond: 20, burstSeconds: 10 });
  });
});
