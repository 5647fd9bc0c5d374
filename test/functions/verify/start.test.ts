import type { FunctionContext } from '../../../src/core/http';
import { DEFAULT_RULE_SETS, parseRuleSets } from '../../../src/core/throttle';
import { createTwilioClient } from '../../../src/core/twilio';
import { applyVerifyRateLimitChanges, desiredVerifyRateLimits, planVerifyRateLimits } from '../../../src/core/verify';
import { handler } from '../../../src/functions/verify/start';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, invokeWithEvent, setPolicy } from '../../helpers/invoke-function';

const harness = useFunctionHarness();

const GB_MOBILE = '+447400123456';
const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';

async function verificationsSent(): Promise<number> {
  return (await harness.control.requestLog()).byRoute[VERIFY_ROUTE] ?? 0;
}

function start(params: Record<string, unknown>, env?: Record<string, string>) {
  return invokeFunction(handler, harness.context(env), params);
}

describe('verify/start', () => {
  it('refuses a number in a range on the runtime deny list with 403 and sends nothing', async () => {
    const context = harness.context();
    // The runtime deny list, as `gatekeeper deny add --prefix` (or alerts/debugger) writes it.
    const { getGateRuntime } = await import('../../../src/compose');
    const { parseConfig } = await import('../../../src/core/config');
    const runtime = getGateRuntime({ config: parseConfig(context), policyText: '{}', createClient: () => createTwilioClient(context) });
    await runtime.denyList.add({ kind: 'prefix', prefix: '+4474001' });
    const response = await invokeFunction(handler, context, { to: GB_MOBILE });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    expect(await verificationsSent()).toBe(0);
    expect((await invokeFunction(handler, context, { to: '+447500123456' })).statusCode).toBe(200);
  });

  describe('requests only the runtime describes', () => {
    it('refuses a parameter named request, which would replace the Origin the runtime passed, and sends nothing', async () => {
      const context = harness.context({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' });
      const forged = { to: GB_MOBILE, request: { headers: { 'content-type': 'application/json' } } };
      const response = await invokeWithEvent(handler, context, forged);
      expect(response.statusCode).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(/'request' is reserved/) } });
      const asForm = await invokeWithEvent(handler, context, { to: GB_MOBILE, request: 'x' });
      expect(asForm.statusCode).toBe(400);
      expect(await verificationsSent()).toBe(0);
    });

    it('answers a GET with a query string 405 and sends nothing', async () => {
      const get = { request: { headers: { 'user-agent': 'curl/8.5.0', accept: '*/*' }, cookies: {} }, to: GB_MOBILE };
      const response = await invokeWithEvent(handler, harness.context(), get);
      expect(response.statusCode).toBe(405);
      expect(response.headers.Allow).toBe('POST');
      expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_METHOD_NOT_ALLOWED' } });
      expect(await verificationsSent()).toBe(0);
    });
  });

  it('sends a code to an allowed destination and answers pending, with RateLimit headers', async () => {
    const response = await start({ to: GB_MOBILE, channel: 'sms' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ success: true, status: 'pending', channel: 'sms' });
    expect(response.headers['RateLimit-Policy']).toBeDefined();
    expect(response.headers.RateLimit).toBeDefined();
    expect(`${response.headers.RateLimit} ${response.headers['RateLimit-Policy']}`).not.toContain('7400123456');
    expect(await harness.control.verificationCode(GB_MOBILE)).toMatch(/^\d{6}$/);
  });

  it('defaults the channel to sms and accepts call and whatsapp', async () => {
    expect((await start({ to: GB_MOBILE })).body).toMatchObject({ channel: 'sms' });
    expect((await start({ to: '+4915123456789', channel: 'call' })).body).toMatchObject({ channel: 'call' });
    expect((await start({ to: '+33612345678', channel: 'whatsapp' })).body).toMatchObject({ channel: 'whatsapp' });
  });

  it.each([
    ['a Latvian number (country deny list)', '+37120123456', 'sms'],
    ['a Jamaican number under +1', '+18765550123', 'sms'],
    ['a Bermudan number under +1 (+1 441)', '+14413701234', 'sms'],
    ['a Bermudan number under +1, by call', '+14413701234', 'call'],
    ['a Puerto Rican number under +1', '+17872345678', 'sms'],
    ['an Iridium satellite number (prefix deny list)', '+881612345678', 'sms'],
    ['a UK premium-rate number (line type)', '+449061234567', 'sms'],
    ['a German landline for SMS (line type)', '+4930123456', 'sms'],
  ])('refuses %s with 403 and sends nothing', async (_name, to, channel) => {
    const response = await start({ to, channel });
    expect(response.statusCode).toBe(403);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_DESTINATION_REFUSED', message: expect.any(String) } });
    expect(await verificationsSent()).toBe(0);
  });

  it('refuses a locale Verify does not support with 400 before anything is counted, and passes a supported one', async () => {
    const context = harness.context();
    await harness.control.resetLog();
    for (let i = 0; i < 12; i += 1) {
      const refused = await invokeFunction(handler, context, { to: GB_MOBILE, locale: 'xx' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(/'locale' must be a language Twilio Verify supports/) } });
    }
    // Nothing was read or written: no throttle, no adaptive record, no Verify request.
    expect((await harness.control.requestLog()).total).toBe(0);
    // Verify itself would answer 404 to 'xx' (a missing service, for the gate); 'pt-br' it takes.
    expect((await invokeFunction(handler, context, { to: GB_MOBILE, locale: 'pt-br' })).statusCode).toBe(200);
  });

  it('allows a landline for the call channel', async () => {
    expect((await start({ to: '+4930123456', channel: 'call' })).statusCode).toBe(200);
  });

  it('refuses a number on the policy deny list', async () => {
    setPolicy({ destinations: { numbers: { deny: [GB_MOBILE] } } });
    expect((await start({ to: GB_MOBILE })).statusCode).toBe(403);
  });

  it.each([
    [{}, 'ERR_GATE_INVALID_PARAMETER', /'to' is required/],
    [{ to: 'not a number' }, 'ERR_GATE_INVALID_PHONE_NUMBER', /valid phone number/],
    [{ to: '+1 (415) 555-2671 ext 12' }, 'ERR_GATE_INVALID_PHONE_NUMBER', /without an extension/],
    [{ to: '07400 123456' }, 'ERR_GATE_INVALID_PHONE_NUMBER', /international format/],
    [{ to: GB_MOBILE, channel: 'fax' }, 'ERR_GATE_INVALID_PARAMETER', /'channel' must be one of sms, call, whatsapp/],
    [{ to: GB_MOBILE, locale: 'english!' }, 'ERR_GATE_INVALID_PARAMETER', /'locale'/],
    [{ to: GB_MOBILE, identity: 'has spaces in it' }, 'ERR_GATE_INVALID_PARAMETER', /'identity'/],
    [{ to: [GB_MOBILE, GB_MOBILE] }, 'ERR_GATE_INVALID_PARAMETER', /given once/],
    [{ to: { $ne: '' } }, 'ERR_GATE_INVALID_PARAMETER', /must be a string/],
  ])('answers %j with 400 %s', async (params, code, message) => {
    const response = await start(params);
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ success: false, error: { code, message: expect.stringMatching(message) } });
    expect(await verificationsSent()).toBe(0);
  });

  it('parses national numbers with GATE_DEFAULT_COUNTRY', async () => {
    expect((await start({ to: '07400 123456' }, { GATE_DEFAULT_COUNTRY: 'GB' })).statusCode).toBe(200);
    expect(await harness.control.verificationCode(GB_MOBILE)).toMatch(/^\d{6}$/);
  });

  it('throttles the fourth start to one number within 10 minutes with 429, Retry-After and RateLimit', async () => {
    // The per-number backoff would refuse the second start first (see adaptive.test.ts).
    setPolicy({ adaptive: { backoff: false } });
    const context = harness.context();
    for (let i = 0; i < 3; i += 1) expect((await invokeFunction(handler, context, { to: GB_MOBILE })).statusCode).toBe(200);
    const response = await invokeFunction(handler, context, { to: GB_MOBILE });
    expect(response.statusCode).toBe(429);
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_THROTTLED' } });
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
    expect(response.headers.RateLimit).toMatch(/r=0/);
    expect(await verificationsSent()).toBe(3);
  });

  it('applies the per-identity throttle across numbers', async () => {
    setPolicy({ throttles: { 'verify-start-identity': { action: 'verify-start', subject: 'identity', windows: [{ limit: 2, per: '1h' }] } } });
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: '+447400123451', identity: 'user-1' })).statusCode).toBe(200);
    expect((await invokeFunction(handler, context, { to: '+447400123452', identity: 'user-1' })).statusCode).toBe(200);
    expect((await invokeFunction(handler, context, { to: '+447400123453', identity: 'user-1' })).statusCode).toBe(429);
    expect((await invokeFunction(handler, context, { to: '+447400123453', identity: 'user-2' })).statusCode).toBe(200);
  });

  it.each([
    ['429', 429, 'ERR_GATE_THROTTLED'],
    ['500-html', 502, 'ERR_GATE_UPSTREAM'],
    ['hang', 503, 'ERR_GATE_UNAVAILABLE'],
    ['reset', 503, 'ERR_GATE_UNAVAILABLE'],
  ] as const)('maps a Verify %s to %i %s', async (kind, status, code) => {
    await harness.control.injectFault({ route: VERIFY_ROUTE, kind, count: 1 });
    const response = await start({ to: GB_MOBILE }, { GATE_TWILIO_TIMEOUT_MS: '300' });
    expect(response.statusCode).toBe(status);
    expect(response.body).toEqual({ success: false, error: { code, message: expect.any(String) } });
    expect(JSON.stringify(response.body)).not.toMatch(/html|ECONN|timeout of/i);
  });

  it("maps Verify's own send limit (60203) to 429", async () => {
    // Five unconverted starts to one range would otherwise meet the low-conversion rule (or the range's unentered-code budget) first.
    setPolicy({ throttles: { 'verify-start': { windows: [{ limit: 20, per: '10m' }] } }, adaptive: { lowConversion: false, backoff: false, unconverted: false } });
    const context = harness.context();
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await invokeFunction(handler, context, { to: GB_MOBILE })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('fails closed with 503 when Sync is down, and sends nothing', async () => {
    // Enough for the throttle's reads and their retries, and the country budget's count of every shard.
    await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: 500 });
    const response = await start({ to: GB_MOBILE });
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_UNAVAILABLE' } });
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(0);
    expect(await verificationsSent()).toBe(0);
  });

  it('sends to refused destinations in monitor mode, but never to invalid numbers', async () => {
    setPolicy({ mode: 'monitor' });
    expect((await start({ to: '+37120123456' })).statusCode).toBe(200);
    expect((await start({ to: 'junk' })).statusCode).toBe(400);
    expect(await verificationsSent()).toBe(1);
  });

  describe('with Lookup', () => {
    it('refuses a high SMS pumping risk score', async () => {
      setPolicy({ lookup: { smsPumpingRiskMax: 50 } });
      await harness.control.setLookupOverride({ phoneNumber: GB_MOBILE, smsPumpingRiskScore: 90 });
      expect((await start({ to: GB_MOBILE })).statusCode).toBe(403);
      await harness.control.setLookupOverride({ phoneNumber: '+447400123457', smsPumpingRiskScore: 10 });
      expect((await start({ to: '+447400123457' })).statusCode).toBe(200);
    });

    it("replaces an ambiguous type with the carrier's line type", async () => {
      setPolicy({ lookup: { lineType: true } });
      await harness.control.setLookupOverride({ phoneNumber: '+14155552671', lineType: 'landline' });
      expect((await start({ to: '+14155552671' })).statusCode).toBe(403);
      await harness.control.setLookupOverride({ phoneNumber: '+14155552672', lineType: 'mobile' });
      expect((await start({ to: '+14155552672' })).statusCode).toBe(200);
    });

    it('does not pay for Lookup when the free checks already refuse or it cannot change the outcome', async () => {
      setPolicy({ lookup: { lineType: true } });
      await start({ to: '+37120123456' });
      await start({ to: GB_MOBILE });
      expect((await harness.control.requestLog()).byRoute['GET /lookups/v2/PhoneNumbers/:number'] ?? 0).toBe(0);
    });

    it("keeps the free checks' decision for an answer that cannot judge the number, and refuses it with onUnusable refuse", async () => {
      await harness.control.setLookupOverride({ phoneNumber: '+14155552673', valid: false });
      setPolicy({ lookup: { lineType: true } });
      expect((await start({ to: '+14155552673' })).statusCode).toBe(200);
      setPolicy({ lookup: { lineType: true, onUnusable: 'refuse' } });
      const refused = await start({ to: '+14155552673' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    });

    it('fails closed on an unusable Lookup answer in a country the budget turned strict, and only there', async () => {
      setPolicy({ lookup: { smsPumpingRiskMax: 50 } });
      const unusable = '+447400991234';
      await harness.control.setLookupOverride({ phoneNumber: unusable, valid: false });
      // Elsewhere (and before), such an answer leaves the free checks' decision.
      expect((await start({ to: unusable })).statusCode).toBe(200);
      const context = harness.context();
      // Ten unentered codes over ten ranges spend the floor of a new deployment's GB: it turns strict.
      for (let range = 10; range < 20; range += 1) expect((await invokeFunction(handler, context, { to: `+447400${range}1234` })).statusCode).toBe(200);
      const refused = await invokeFunction(handler, context, { to: unusable });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    });

    it('fails closed on a Lookup failure by default, and open when configured', async () => {
      setPolicy({ lookup: { smsPumpingRiskMax: 50 } });
      await harness.control.injectFault({ route: 'GET /lookups/v2/PhoneNumbers/:number', kind: '500-html', count: 1 });
      expect((await start({ to: GB_MOBILE })).statusCode).toBe(503);
      setPolicy({ lookup: { smsPumpingRiskMax: 50, onError: 'open' } });
      await harness.control.injectFault({ route: 'GET /lookups/v2/PhoneNumbers/:number', kind: '500-html', count: 1 });
      expect((await start({ to: GB_MOBILE })).statusCode).toBe(200);
    });
  });

  it('answers 500 ERR_GATE_CONFIG without a Verify service or with an invalid policy file', async () => {
    expect((await start({ to: GB_MOBILE }, { GATE_VERIFY_SERVICE_SID: '' })).body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
    setPolicy({ destinations: { countrys: {} } });
    const response = await start({ to: GB_MOBILE });
    expect(response.statusCode).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('countrys');
  });
});

describe('verify/start with the Verify Service Rate Limits backstop (GATE_VERIFY_RATE_LIMITS)', () => {
  async function applyDefaultRateLimits(env: Record<string, unknown>) {
    const client = createTwilioClient(env as FunctionContext);
    const desired = desiredVerifyRateLimits(parseRuleSets(undefined, DEFAULT_RULE_SETS));
    await applyVerifyRateLimitChanges(client, harness.verifyServiceSid, [], planVerifyRateLimits(desired, []));
  }

  it("is capped by Twilio's own Buckets when the gate's limits are lost (here: loosened in the policy)", async () => {
    const context = harness.context({ GATE_VERIFY_RATE_LIMITS: 'true' });
    await applyDefaultRateLimits(context);
    // The gate's state is "lost": its per-number limit and adaptive rules no longer hold the number.
    setPolicy({ throttles: { 'verify-start': { windows: [{ limit: 20, per: '10m' }] } }, adaptive: { backoff: false, lowConversion: false, unconverted: false } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await invokeFunction(handler, context, { to: GB_MOBILE, identity: 'user-1' })).statusCode);
    // Twilio's gate_number Bucket (3 per 600 s) refuses the fourth, before Verify's 5-send cap.
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await verificationsSent()).toBe(4);
    // The one 429 is Verify's answer to the fourth start.
    expect((await harness.control.requestLog()).byStatus['429']).toBe(1);
  });

  it('passes no RateLimits in monitor mode, which must never refuse', async () => {
    setPolicy({ mode: 'monitor' });
    // The service has no Rate Limits: keys would be refused, so a 200 shows none were sent.
    expect((await invokeFunction(handler, harness.context({ GATE_VERIFY_RATE_LIMITS: 'true' }), { to: GB_MOBILE })).statusCode).toBe(200);
  });

  it('passes no RateLimits by default, so a service without them keeps working', async () => {
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: GB_MOBILE })).statusCode).toBe(200);
    // With the setting on and no Rate Limits on the service, Verify refuses the unknown key names:
    // the operator's setup, so a configuration error (details in the log), not the caller's 400.
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    let response;
    try {
      response = await invokeFunction(handler, harness.context({ GATE_VERIFY_RATE_LIMITS: 'true', GATE_LOG_LEVEL: 'info' }), { to: '+447400123457' });
    } finally {
      spy.mockRestore();
    }
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
    expect(lines.join('\n')).toMatch(/GATE_VERIFY_RATE_LIMITS.*verify-limits apply/);
  });

  it('names the requested channel in its decision record, which the report prices by', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect((await invokeFunction(handler, harness.context({ GATE_LOG_LEVEL: 'info' }), { to: GB_MOBILE, channel: 'call' })).statusCode).toBe(200);
    } finally {
      spy.mockRestore();
    }
    const record = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.event === 'verify.start');
    expect(record).toMatchObject({ outcome: 'sent', channel: 'call' });
  });
});
