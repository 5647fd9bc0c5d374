import { handler } from '../../../src/functions/voice/outbound';
import { callerIdOrder } from '../../../src/core/voice';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { TEST_API_TOKEN } from '../../helpers/local-stack';

const harness = useFunctionHarness();
afterEach(async () => {
  await harness.control.clearFaults();
});

const GB_MOBILE = '+447400123456';
const POOL = ['+14155550101', '+14155550102'];
const CALLS_ROUTE = 'POST /api/2010-04-01/Accounts/:account/Calls.json';
const ALWAYS = 1_000_000;
const ENV = {
  GATE_API_TOKEN: TEST_API_TOKEN,
  GATE_CALLER_ID_POOL: POOL.join(','),
  GATE_CALL_TWIML_URL: 'https://example.com/voice/answer',
  GATE_CALL_STATUS_CALLBACK: 'https://example.com/voice/status',
};
const AUTH = { request: { headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, cookies: {} } };

function call(params: Record<string, unknown>, env: Record<string, string> = {}, context = harness.context({ ...ENV, ...env })) {
  return invokeFunction(handler, context, { ...AUTH, ...params });
}

async function createAttempts(): Promise<number> {
  return (await harness.control.requestLog()).byRoute[CALLS_ROUTE] ?? 0;
}

describe('voice/outbound', () => {
  it('places an allowed call with the time limit, a pooled caller id, the TwiML URL and the status callback', async () => {
    const response = await call({ to: GB_MOBILE, purpose: 'reminder' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ success: true, callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued', timeLimit: 600 });
    expect(response.headers['RateLimit-Policy']).toMatch(/^"voice-outbound/);
    const [recorded] = await harness.control.calls();
    expect(recorded).toMatchObject({
      sid: (response.body as { callSid: string }).callSid,
      to: GB_MOBILE,
      from: callerIdOrder(POOL, GB_MOBILE)[0],
      timeLimit: 600,
      url: 'https://example.com/voice/answer?purpose=reminder',
      twiml: null,
      statusCallback: 'https://example.com/voice/status',
    });
  });

  it('lets a request ask for a shorter call, never a longer one', async () => {
    expect((await call({ to: GB_MOBILE, timeLimit: 120 })).body).toMatchObject({ timeLimit: 120 });
    expect((await call({ to: '+447400123457', timeLimit: '86400' })).body).toMatchObject({ timeLimit: 600 });
    expect((await call({ to: '+447400123458' }, { GATE_CALL_TIME_LIMIT: '5m' })).body).toMatchObject({ timeLimit: 300 });
    expect((await harness.control.calls()).map((recorded) => recorded.timeLimit)).toEqual([120, 600, 300]);
  });

  it('calls one destination from the same pool number every time, and spreads destinations over the pool', async () => {
    const context = harness.context(ENV);
    await call({ to: GB_MOBILE }, {}, context);
    await call({ to: GB_MOBILE }, {}, context);
    for (let i = 0; i < 8; i++) await call({ to: `+3361234567${i}` }, {}, context);
    const calls = await harness.control.calls();
    expect(calls[0].from).toBe(calls[1].from);
    expect(new Set(calls.map((recorded) => recorded.from))).toEqual(new Set(POOL));
  });

  it('uses the configured TwiML template instead of a URL', async () => {
    const twiml = '<Response><Say>Your order is ready.</Say></Response>';
    const env = { GATE_CALL_TWIML_URL: '', GATE_CALL_TWIML: twiml, GATE_CALL_STATUS_CALLBACK: '' };
    expect((await call({ to: GB_MOBILE, purpose: 'reminder' }, env)).statusCode).toBe(200);
    expect((await harness.control.calls())[0]).toMatchObject({ twiml, url: null, statusCallback: null, timeLimit: 600 });
  });

  it.each([
    ['a Latvian number (country deny list)', '+37120123456'],
    ['a Bermudan number under +1 (+1 441)', '+14413701234'],
    ['a Cayman Islands number under +1', '+13453231234'],
    ['a Jamaican number under +1', '+18765550123'],
    ['an Iridium satellite number (prefix deny list)', '+881612345678'],
    ['a UK premium-rate number (line type)', '+449061234567'],
  ])('refuses %s with 403 and places no call', async (_name, to) => {
    const response = await call({ to });
    expect(response.statusCode).toBe(403);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_DESTINATION_REFUSED', message: expect.any(String) } });
    expect(await createAttempts()).toBe(0);
  });

  it('refuses a country outside the allow list', async () => {
    setPolicy({ destinations: { countries: { allow: ['GB'] } } });
    expect((await call({ to: GB_MOBILE })).statusCode).toBe(200);
    expect((await call({ to: '+33612345678' })).statusCode).toBe(403);
    expect(await createAttempts()).toBe(1);
  });

  it.each([
    [{}, 'ERR_GATE_INVALID_PARAMETER'],
    [{ to: 'not a number' }, 'ERR_GATE_INVALID_PHONE_NUMBER'],
    [{ to: GB_MOBILE, timeLimit: 0 }, 'ERR_GATE_INVALID_PARAMETER'],
    [{ to: GB_MOBILE, purpose: 'A B' }, 'ERR_GATE_INVALID_PARAMETER'],
  ])('answers %j with 400 %s', async (params, code) => {
    const response = await call(params);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code } });
    expect(await createAttempts()).toBe(0);
  });

  it('answers 401 without the bearer token or with a wrong one', async () => {
    const context = harness.context(ENV);
    const missing = await invokeFunction(handler, context, { to: GB_MOBILE });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['WWW-Authenticate']).toMatch(/^Bearer/);
    const wrong = await invokeFunction(handler, context, { to: GB_MOBILE, request: { headers: { authorization: 'Bearer nope' }, cookies: {} } });
    expect(wrong.statusCode).toBe(401);
    expect(await createAttempts()).toBe(0);
  });

  it.each([
    ['no caller id pool', { GATE_CALLER_ID_POOL: '' }],
    ['no TwiML', { GATE_CALL_TWIML_URL: '' }],
    ['an invalid voice setting', { GATE_CALL_TIME_LIMIT: 'forever' }],
    ['no API token', { GATE_API_TOKEN: '' }],
  ])('answers 500 ERR_GATE_CONFIG with %s and places no call', async (_name, env) => {
    const response = await call({ to: GB_MOBILE }, env);
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_CONFIG' } });
    expect(await createAttempts()).toBe(0);
  });

  describe('throttles', () => {
    it('throttles the fourth call to one number within 10 minutes with 429, Retry-After and RateLimit', async () => {
      const context = harness.context(ENV);
      for (let i = 0; i < 3; i++) expect((await call({ to: GB_MOBILE }, {}, context)).statusCode).toBe(200);
      const response = await call({ to: GB_MOBILE }, {}, context);
      expect(response.statusCode).toBe(429);
      expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_THROTTLED' } });
      expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
      expect(response.headers.RateLimit).toMatch(/r=0/);
      expect(await createAttempts()).toBe(3);
    });

    it.each([
      ['per prefix', 'voice-outbound-prefix', (i: number) => ({ to: `+44740012345${i}` })],
      ['per identity', 'voice-outbound-identity', (i: number) => ({ to: `+3361234567${i}`, identity: 'user-1' })],
      ['per country', 'voice-outbound-country', (i: number) => ({ to: `+3361234${i}678` })],
      ['overall', 'voice-outbound-global', (i: number) => ({ to: i % 2 ? `+3361234567${i}` : `+44740012${i}456` })],
    ])('throttles %s', async (_name, rule, params) => {
      // A day window kept beside: the range-repeat budget reads the range's and the country's day (docs/configuration.md).
      setPolicy({ throttles: { [rule]: { windows: [{ limit: 2, per: '10m' }, { limit: 1000, per: '1d' }] } } });
      const context = harness.context(ENV);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(params(i), {}, context)).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
    });

    it('fails closed with 503 when Sync is down, and places no call', async () => {
      await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: ALWAYS });
      const response = await call({ to: GB_MOBILE });
      expect(response.statusCode).toBe(503);
      expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_UNAVAILABLE' } });
      expect(await createAttempts()).toBe(0);
    });
  });

  describe('caller id retry', () => {
    const [first, second] = callerIdOrder(POOL, GB_MOBILE);

    it.each([
      ['an unowned caller id (21210)', { kind: 'twilio-error', status: 400, code: 21210 }],
      ['an invalid caller id (21212)', { kind: 'twilio-error', status: 400, code: 21212 }],
    ] as const)('retries once with another caller id after %s', async (_name, fault) => {
      await harness.control.injectFault({ route: CALLS_ROUTE, count: ALWAYS, params: { From: first }, ...fault });
      const response = await call({ to: GB_MOBILE });
      expect(response.statusCode).toBe(200);
      expect(await createAttempts()).toBe(2);
      expect((await harness.control.calls()).map((recorded) => [recorded.from, recorded.timeLimit])).toEqual([[second, 600]]);
    });

    it('gives up after the one retry: 500 ERR_GATE_CONFIG when no caller id is accepted', async () => {
      await harness.control.injectFault({ route: CALLS_ROUTE, kind: 'twilio-error', status: 400, code: 21210, count: ALWAYS });
      const response = await call({ to: GB_MOBILE });
      expect(response.statusCode).toBe(500);
      expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
      expect(await createAttempts()).toBe(2);
    });

    it.each([
      ['a Twilio 500', { kind: '500-html' }],
      ['a 504', { kind: 'twilio-error', status: 504, code: 20504 }],
    ] as const)('does not retry after %s: the call may exist', async (_name, fault) => {
      await harness.control.injectFault({ route: CALLS_ROUTE, count: ALWAYS, ...fault });
      const response = await call({ to: GB_MOBILE });
      expect(response.statusCode).toBe(502);
      expect(await createAttempts()).toBe(1);
    });

    it('places exactly one call when a 502 arrives after the call was created', async () => {
      await harness.control.injectFault({ route: CALLS_ROUTE, kind: '502-after-handling', count: ALWAYS });
      const response = await call({ to: GB_MOBILE });
      expect(response.statusCode).toBe(502);
      expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_UPSTREAM' } });
      expect(await createAttempts()).toBe(1);
      expect(await harness.control.calls()).toHaveLength(1);
    });

    it('has no retry with a pool of one number', async () => {
      await harness.control.injectFault({ route: CALLS_ROUTE, kind: '500-html', count: 1 });
      const response = await call({ to: GB_MOBILE }, { GATE_CALLER_ID_POOL: POOL[0] });
      expect(response.statusCode).toBe(502);
      expect(await createAttempts()).toBe(1);
    });
  });

  describe('Twilio errors', () => {
    it.each([
      ['Geo Permissions (21215)', 403, 'ERR_GATE_DESTINATION_REFUSED', { kind: 'twilio-error', status: 400, code: 21215 }],
      ['no international permission (13227)', 403, 'ERR_GATE_DESTINATION_REFUSED', { kind: 'twilio-error', status: 403, code: 13227 }],
      ['a blocked high-risk route (32205)', 403, 'ERR_GATE_DESTINATION_REFUSED', { kind: 'twilio-error', status: 403, code: 32205 }],
      ["Twilio's rate limit", 429, 'ERR_GATE_THROTTLED', { kind: '429' }],
      ['a hung request (the call may exist)', 503, 'ERR_GATE_UNAVAILABLE', { kind: 'hang' }],
      ['a reset connection (the call may exist)', 503, 'ERR_GATE_UNAVAILABLE', { kind: 'reset' }],
    ] as const)('maps %s to %i %s, without retrying', async (_name, status, code, fault) => {
      await harness.control.injectFault({ route: CALLS_ROUTE, count: ALWAYS, ...fault });
      const response = await call({ to: GB_MOBILE }, { GATE_TWILIO_TIMEOUT_MS: '300' });
      expect(response.statusCode).toBe(status);
      expect(response.body).toEqual({ success: false, error: { code, message: expect.any(String) } });
      expect(JSON.stringify(response.body)).not.toMatch(/injected|ECONN|timeout of|21215|13227|32205/);
      if (status === 403) expect(response.headers['Retry-After']).toBeUndefined();
      else expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
      await harness.control.clearFaults();
      expect(await createAttempts()).toBe(1);
    });
  });

  it("refuses a repeat to a called range once the country's repeats reach their budget, with 403 and no call, and logs the counts", async () => {
    setPolicy({ callRangeRepeats: { floor: 1, perScattered: 0 } });
    const context = harness.context({ ...ENV, GATE_LOG_LEVEL: 'info' });
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const statuses = [];
    try {
      // One range: a first call, one repeat (the budget), then a refused repeat; a call to another range still passes.
      for (const to of ['+4915112345001', '+4915112345002', '+4915112345003', '+4915187654321']) statuses.push((await call({ to }, {}, context)).statusCode);
    } finally {
      spy.mockRestore();
    }
    expect(statuses).toEqual([200, 200, 403, 200]);
    expect(await createAttempts()).toBe(3);
    const refusal = lines.map((line) => JSON.parse(line)).find((record) => record.event === 'voice.outbound' && record.outcome === 'range_repeats');
    expect(refusal).toMatchObject({ country: 'DE', rangeRepeats: { allowed: false, reason: 'over_budget', rangeCalls: 2, repeats: 1, scattered: 1, budget: 1 } });
    expect(lines.join('\n')).not.toMatch(/15112345003/);
  });

  it('lets a number on the policy allow list past the range-repeat budget', async () => {
    setPolicy({ callRangeRepeats: { floor: 0, perScattered: 0 }, destinations: { numbers: { allow: ['+4915112345002'] } } });
    const context = harness.context(ENV);
    const statuses = [];
    for (const to of ['+4915112345001', '+4915112345002', '+4915112345003']) statuses.push((await call({ to }, {}, context)).statusCode);
    expect(statuses).toEqual([200, 200, 403]);
  });

  it('calls a refused destination in monitor mode, but never an invalid number', async () => {
    setPolicy({ mode: 'monitor' });
    expect((await call({ to: '+37120123456' })).statusCode).toBe(200);
    expect((await call({ to: 'junk' })).statusCode).toBe(400);
    expect(await createAttempts()).toBe(1);
  });

  it('logs every decision with masked numbers and the deciding rule', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await call({ to: '+37120123456' }, { GATE_LOG_LEVEL: 'info' });
      await call({ to: GB_MOBILE }, { GATE_LOG_LEVEL: 'info' });
    } finally {
      spy.mockRestore();
    }
    const decisions = lines.map((line) => JSON.parse(line)).filter((record) => record.event === 'voice.outbound');
    expect(decisions).toEqual([
      expect.objectContaining({ outcome: 'refused', to: expect.stringMatching(/^\+3712\*{5}56~[0-9a-f]{8}$/), destination: expect.objectContaining({ reason: 'country_denied', rule: 'destinations.countries.deny[LV]' }) }),
      expect.objectContaining({ outcome: 'placed', to: expect.stringMatching(/^\+4474\*{6}56~[0-9a-f]{8}$/), attempts: [{ callerId: expect.stringMatching(/^\+1415\*+\d{2}~[0-9a-f]{8}$/), ok: true }] }),
    ]);
    expect(lines.join('\n')).not.toMatch(/7400123456|20123456|14155550101/);
  });
});
