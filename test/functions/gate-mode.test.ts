import { handler as smsInbound } from '../../src/functions/sms/inbound.protected';
import { handler as smsOutbound } from '../../src/functions/sms/outbound';
import { handler as verifyStart } from '../../src/functions/verify/start';
import { handler as voiceForward } from '../../src/functions/voice/forward.protected';
import { handler as voiceInbound } from '../../src/functions/voice/inbound.protected';
import { handler as voiceOutbound } from '../../src/functions/voice/outbound';
import { createGateModeDocument, createSyncGateModeStore, type GateMode } from '../../src/core/gate-mode';
import type { FunctionContext } from '../../src/core/http';
import { createTwilioClient } from '../../src/core/twilio';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction, setPolicy } from '../helpers/invoke-function';
import { TEST_API_TOKEN } from '../helpers/local-stack';
import { REJECT_BUSY, parseTwiml, twimlVerbs } from '../helpers/twiml';
import { smsWebhook, voiceWebhook } from '../helpers/webhook-params';

// The gate mode across every money path, through the handlers and the emulator's Sync Document.
const harness = useFunctionHarness();
const GB_MOBILE = '+447400123456';
const DE_MOBILE = '+4915112345678';
const AUTH = { request: { headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, cookies: {} } };
const ENV = {
  GATE_API_TOKEN: TEST_API_TOKEN,
  GATE_CALLER_ID_POOL: '+14155550101',
  GATE_CALL_TWIML_URL: 'https://example.com/voice/answer',
  GATE_MESSAGING_SERVICE_SID: `MG${'a'.repeat(32)}`,
  GATE_VOICE_APP_URL: 'https://example.com/voice/menu',
  GATE_FORWARD_TO: '+447400999111',
  GATE_SMS_FORWARD_TO: '+447400999888',
};

let context: FunctionContext;
beforeEach(() => {
  setPolicy({ destinations: { numbers: { allow: [GB_MOBILE] } }, templates: { hello: 'Hello.' } });
  context = harness.context(ENV);
});

async function setMode(mode: GateMode, until: number | null = null) {
  const store = createSyncGateModeStore({ client: createTwilioClient(context) });
  await store.write(createGateModeDocument({ mode, reason: 'test', until, by: 'test' }, Date.now()));
}

/** A fresh runtime (new hash secret), so no mode is cached from an earlier request. */
const freshContext = () => (context = harness.context(ENV));

describe('lockdown', () => {
  beforeEach(() => setMode('lockdown', Date.now() + 90_000));

  it.each([
    ['verify/start', () => invokeFunction(verifyStart, context, { to: GB_MOBILE })],
    ['voice/outbound', () => invokeFunction(voiceOutbound, context, { ...AUTH, to: GB_MOBILE })],
    ['sms/outbound', () => invokeFunction(smsOutbound, context, { ...AUTH, to: GB_MOBILE, template: 'hello' })],
  ])('refuses %s with 503 ERR_GATE_LOCKDOWN and the time left as Retry-After, sending nothing', async (_path, send) => {
    const response = await send();
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_LOCKDOWN' } });
    expect(Number(response.headers['Retry-After'])).toBeGreaterThan(80);
    expect(Number(response.headers['Retry-After'])).toBeLessThanOrEqual(90);
    expect(await harness.control.messages()).toHaveLength(0);
    expect(await harness.control.calls()).toHaveLength(0);
    expect(await harness.control.verificationCode(GB_MOBILE)).toBeNull();
  });

  it('rejects inbound calls and forwards', async () => {
    expect(twimlVerbs((await invokeFunction(voiceInbound, context, voiceWebhook(GB_MOBILE))).body)).toEqual(REJECT_BUSY);
    expect(twimlVerbs((await invokeFunction(voiceForward, context, voiceWebhook(GB_MOBILE))).body)).toEqual(REJECT_BUSY);
  });

  it('forwards no inbound message', async () => {
    const response = await invokeFunction(smsInbound, context, smsWebhook(GB_MOBILE, 'hello there'));
    expect(parseTwiml(response.body)).toEqual({ name: 'Response', attributes: {}, text: '', children: [] });
  });

  it('lifts by itself at its end', async () => {
    await setMode('lockdown', Date.now() + 300);
    freshContext();
    expect((await invokeFunction(verifyStart, context, { to: GB_MOBILE })).statusCode).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await invokeFunction(verifyStart, context, { to: GB_MOBILE })).statusCode).toBe(200);
  });
});

describe('normal after lockdown', () => {
  it('serves again once the mode is back to normal and the instance cache has expired', async () => {
    await setMode('lockdown');
    expect((await invokeFunction(verifyStart, context, { to: GB_MOBILE })).statusCode).toBe(503);
    await setMode('normal');
    freshContext();
    expect((await invokeFunction(verifyStart, context, { to: GB_MOBILE })).statusCode).toBe(200);
  });
});

describe('strict', () => {
  it('refuses the call channel of verify/start, which normal serves', async () => {
    expect((await invokeFunction(verifyStart, context, { to: DE_MOBILE, channel: 'call' })).statusCode).toBe(200);
    await setMode('strict');
    freshContext();
    const response = await invokeFunction(verifyStart, context, { to: GB_MOBILE, channel: 'call' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    expect((await invokeFunction(verifyStart, context, { to: GB_MOBILE, channel: 'sms' })).statusCode).toBe(200);
  });

  it('serves only the strict profile countries', async () => {
    setPolicy({ strict: { countries: ['GB'] } });
    freshContext();
    expect((await invokeFunction(verifyStart, context, { to: DE_MOBILE })).statusCode).toBe(200);
    await setMode('strict');
    freshContext();
    expect((await invokeFunction(verifyStart, context, { to: '+4915112345679' })).statusCode).toBe(403);
  });

  it('adds the strict twins of the throttles: a quarter of the global limit by default', async () => {
    setPolicy({ throttles: { 'verify-start-global': { windows: [{ limit: 8, per: '10m' }] } } });
    await setMode('strict');
    freshContext();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await invokeFunction(verifyStart, context, { to: `+4474001234${10 + i}` })).statusCode);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});
