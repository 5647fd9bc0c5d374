import { handler } from '../../../src/functions/sms/outbound';
import { handler as checkHandler } from '../../../src/functions/verify/check';
import { handler as startHandler } from '../../../src/functions/verify/start';
import { useFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { TEST_API_TOKEN } from '../../helpers/local-stack';


const MESSAGING_SERVICE = `MG${'a'.repeat(32)}`;
const GB_MOBILE = '+447400123456';
const POLICY = {
  templates: {
    'appointment-reminder': { text: 'Your appointment is on {date} at {time}. Reply STOP to opt out.', params: { date: 'date', time: 'time' } },
    greeting: { text: 'Hello {name}, {note}', params: { name: 'name', note: 'text' } },
    joined: { text: 'Visit {a}.{b} today', params: { a: 'text', b: 'text' } },
    'call-back': { text: 'Call us on 98765 {tail}. Your code: {code}', params: { tail: 'text', code: 'code' } },
    'order-shipped': 'Your order has shipped.',
  },
};

const harness = useFunctionHarness(POLICY);
let context: ReturnType<FunctionHarness['context']>;
beforeEach(() => {
  context = harness.context({ GATE_API_TOKEN: TEST_API_TOKEN, GATE_MESSAGING_SERVICE_SID: MESSAGING_SERVICE });
});

const auth = { request: { headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, cookies: {} } };

function send(params: Record<string, unknown>, ctx = context) {
  return invokeFunction(handler, ctx, { ...auth, ...params });
}

async function verify(to: string) {
  expect((await invokeFunction(startHandler, context, { to })).statusCode).toBe(200);
  const code = await harness.control.verificationCode(to);
  expect((await invokeFunction(checkHandler, context, { to, code })).body).toEqual({ success: true, valid: true });
}

const reminder = { template: 'appointment-reminder', params: { date: '2026-12-24', time: '14:30' } };

describe('sms/outbound', () => {
  it('sends a template to a verified recipient through the Messaging Service', async () => {
    await verify(GB_MOBILE);
    const response = await send({ to: GB_MOBILE, ...reminder });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ success: true, sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const [message] = await harness.control.messages();
    expect(message).toMatchObject({ to: GB_MOBILE, messagingServiceSid: MESSAGING_SERVICE, body: 'Your appointment is on 2026-12-24 at 14:30. Reply STOP to opt out.' });
    expect(message.from ?? null).toBeNull();
  });

  it('refuses an unverified recipient with 403 and sends nothing', async () => {
    const response = await send({ to: GB_MOBILE, ...reminder });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_RECIPIENT_NOT_VERIFIED' } });
    expect(await harness.control.messages()).toHaveLength(0);
  });

  it('refuses a verified recipient in a range on the runtime deny list with 403 and sends nothing', async () => {
    await verify(GB_MOBILE);
    // The runtime deny list, as `gatekeeper deny add +4474001` (or alerts/debugger) writes it.
    const { getGateRuntime } = await import('../../../src/compose');
    const { parseConfig } = await import('../../../src/core/config');
    const { createTwilioClient } = await import('../../../src/core/twilio');
    const runtime = getGateRuntime({ config: parseConfig(context), policyText: JSON.stringify(POLICY), createClient: () => createTwilioClient(context) });
    await runtime.denyList.add({ kind: 'prefix', prefix: '+4474001' });
    const response = await send({ to: GB_MOBILE, ...reminder });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    expect(await harness.control.messages()).toHaveLength(0);
    expect((await send({ to: '+447500123456', ...reminder })).body).toMatchObject({ error: { code: 'ERR_GATE_RECIPIENT_NOT_VERIFIED' } });
  });

  it('sends to an allow-listed number without a verification', async () => {
    setPolicy({ ...POLICY, destinations: { numbers: { allow: [GB_MOBILE] } } });
    expect((await send({ to: GB_MOBILE, template: 'order-shipped' })).statusCode).toBe(200);
  });

  it('accepts params as JSON text, as a form body carries them', async () => {
    await verify(GB_MOBILE);
    expect((await send({ to: GB_MOBILE, template: reminder.template, params: JSON.stringify(reminder.params) })).statusCode).toBe(200);
  });

  it.each([
    [{ template: 'no-such-template' }, /names no template/],
    [{ template: 'Bad Name!' }, /'template' must be a template name/],
    [{ template: 'appointment-reminder', params: { date: '2026-12-24' } }, /'time' is required/],
    [{ template: 'appointment-reminder', params: { date: '2026-02-30', time: '14:30' } }, /'date' must be a date/],
    [{ template: 'appointment-reminder', params: { date: '2026-12-24', time: '14:30', extra: 'x' } }, /has no parameter 'extra'/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'see bit.ly' } }, /parameter 'note' must not contain a link/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'call 07400 123456' } }, /parameter 'note' must not contain a phone number/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'go to Paypal.Support' } }, /parameter 'note' must not contain a link/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'ring (415) 555-2671' } }, /parameter 'note' must not contain a phone number/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'ring O2O 7946 O958' } }, /parameter 'note' must not contain a phone number/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'call09050000327' } }, /parameter 'note' must not contain a phone number/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'see Secure.Help' } }, /parameter 'note' must not contain a link/],
    [{ template: 'greeting', params: { name: 'Ann', note: 'Txt WIN to 80082' } }, /parameter 'note' must not contain a phone number/],
    [{ template: 'greeting', params: { name: 'http://x', note: 'hi' } }, /'name' must be/],
    [{ template: 'joined', params: { a: 'evil', b: 'com' } }, /parameter 'a' must not contain a link/],
    [{ template: 'appointment-reminder', params: 'not json' }, /'params' must be an object/],
    [{ template: 'appointment-reminder', params: ['2026-12-24'] }, /'params' must be an object/],
  ])('answers %j with 400 and sends nothing', async (params, message) => {
    await verify(GB_MOBILE);
    const response = await send({ to: GB_MOBILE, ...params }, harness.context({ GATE_API_TOKEN: TEST_API_TOKEN, GATE_MESSAGING_SERVICE_SID: MESSAGING_SERVICE, GATE_HASH_SECRET: context.GATE_HASH_SECRET as string }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(message) } });
    expect(await harness.control.messages()).toHaveLength(0);
  });

  it('reads national numbers of GATE_SMS_EXTRA_COUNTRIES in parameters too', async () => {
    await verify(GB_MOBILE);
    const params = { template: 'call-back', params: { tail: '43210', code: 'A1B2C3' } };
    expect((await send({ to: GB_MOBILE, ...params })).statusCode).toBe(200);
    const withIndia = harness.context({ GATE_API_TOKEN: TEST_API_TOKEN, GATE_MESSAGING_SERVICE_SID: MESSAGING_SERVICE, GATE_HASH_SECRET: context.GATE_HASH_SECRET as string, GATE_SMS_EXTRA_COUNTRIES: 'IN' });
    const refused = await send({ to: GB_MOBILE, ...params }, withIndia);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(/parameter 'tail' must not contain a phone number/) } });
  });

  it('refuses a denied destination with 403 and an invalid number with 400', async () => {
    expect((await send({ to: '+37120123456', ...reminder })).body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    expect((await send({ to: 'junk', ...reminder })).body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PHONE_NUMBER' } });
  });

  it('refuses a call without the bearer token', async () => {
    const response = await invokeFunction(handler, context, { to: GB_MOBILE, ...reminder });
    expect(response.statusCode).toBe(401);
  });

  it('throttles a recipient after the per-number limit, with Retry-After', async () => {
    await verify(GB_MOBILE);
    const responses = [];
    for (let i = 0; i < 6; i += 1) responses.push(await send({ to: GB_MOBILE, template: 'order-shipped' }));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses[5].body).toMatchObject({ error: { code: 'ERR_GATE_THROTTLED' } });
    expect(Number(responses[5].headers['Retry-After'])).toBeGreaterThan(0);
    expect(await harness.control.messages()).toHaveLength(5);
  });

  it('maps Twilio refusing the recipient (21610, unsubscribed) to 403', async () => {
    await verify(GB_MOBILE);
    await harness.control.injectFault({ route: 'POST /api/2010-04-01/Accounts/:account/Messages.json', kind: 'twilio-error', count: 1, status: 400, code: 21610 });
    const response = await send({ to: GB_MOBILE, template: 'order-shipped' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
  });

  it('answers ERR_GATE_CONFIG without a Messaging Service', async () => {
    const response = await send({ to: GB_MOBILE, ...reminder }, harness.context({ GATE_API_TOKEN: TEST_API_TOKEN }));
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
  });
});
