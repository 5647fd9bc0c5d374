import { handler } from '../../../src/functions/alerts/debugger.protected';
import { handler as voiceOutbound } from '../../../src/functions/voice/outbound';
import { createGateModeReader, createSyncGateModeStore } from '../../../src/core/gate-mode';
import type { FunctionContext } from '../../../src/core/http';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { TEST_ACCOUNT_SID, TEST_API_TOKEN } from '../../helpers/local-stack';

// alerts/debugger against the emulator: counting per code and resource, a burst trips once.
const harness = useFunctionHarness();
const TRUNK = `TK${'1'.repeat(32)}`;
const OTHER_TRUNK = `TK${'2'.repeat(32)}`;
const POOL = '+14155550101';
const ENV = { GATE_API_TOKEN: TEST_API_TOKEN, GATE_CALLER_ID_POOL: POOL, GATE_CALL_TWIML_URL: 'https://example.com/voice/answer' };
const AUTH = { request: { headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, cookies: {} } };

let context: FunctionContext;
beforeEach(() => {
  context = harness.context(ENV);
});

function alert(code: string | number, resourceSid?: string) {
  return invokeFunction(handler, context, {
    AccountSid: TEST_ACCOUNT_SID,
    Sid: `NO${'a'.repeat(32)}`,
    Level: 'Error',
    PayloadType: 'application/json',
    Payload: JSON.stringify({ error_code: code, resource_sid: resourceSid, more_info: { Msg: 'call to +447400123456 failed' } }),
  });
}

const outcomeOf = async (response: Promise<{ statusCode: number; body: unknown }>) => {
  const answered = await response;
  expect(answered.statusCode).toBe(200);
  return (answered.body as { outcome: string }).outcome;
};

async function gateMode() {
  return (await createGateModeReader({ store: createSyncGateModeStore({ client: createTwilioClient(context) }) }).current()).mode;
}

describe('alerts/debugger', () => {
  it('counts 32201 per trunk and trips the action once, at the threshold', async () => {
    setPolicy({ debuggerAlerts: { codes: { '32201': { threshold: 3, per: '5m', action: 'lockdown' } } } });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i += 1) outcomes.push(await outcomeOf(alert(32201, TRUNK)));
    expect(outcomes).toEqual(['counted', 'counted', 'tripped', 'counted', 'counted']);
    expect(await gateMode()).toBe('lockdown');
  });

  it('counts each trunk on its own', async () => {
    setPolicy({ debuggerAlerts: { codes: { '32201': { threshold: 2, per: '5m', action: 'notify' } } } });
    expect(await outcomeOf(alert('32201', TRUNK))).toBe('counted');
    expect(await outcomeOf(alert('32201', OTHER_TRUNK))).toBe('counted');
    expect(await outcomeOf(alert('32201', TRUNK))).toBe('tripped');
    expect(await gateMode()).toBe('normal');
  });

  it('ignores codes the policy does not count', async () => {
    expect(await outcomeOf(alert(11200))).toBe('ignored');
  });

  it.each([
    [{ AccountSid: TEST_ACCOUNT_SID, Payload: '{not json' }],
    [{ AccountSid: TEST_ACCOUNT_SID }],
    [{ Payload: JSON.stringify({ error_code: 32201 }) }],
    [{ AccountSid: TEST_ACCOUNT_SID, Payload: JSON.stringify({ resource_sid: TRUNK }) }],
  ])('answers a malformed delivery 200 and logs it: %j', async (params) => {
    const response = await invokeFunction(handler, context, params);
    expect(response).toMatchObject({ statusCode: 200, body: { success: true, outcome: 'malformed' } });
  });

  it('puts the destination range of a gate-placed call Twilio blocked (32203) on the deny list, which voice/outbound then refuses', async () => {
    const placed = await invokeFunction(voiceOutbound, context, { ...AUTH, to: '+447400123456' });
    expect(placed.statusCode).toBe(200);
    const callSid = (placed.body as { callSid: string }).callSid;
    expect(await outcomeOf(alert(32203, callSid))).toBe('tripped');
    const again = await invokeFunction(voiceOutbound, harness.context({ ...ENV, GATE_HASH_SECRET: String(context.GATE_HASH_SECRET) }), { ...AUTH, to: '+447400123999' });
    expect(again.statusCode).toBe(403);
    expect(again.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
    const elsewhere = await invokeFunction(voiceOutbound, context, { ...AUTH, to: '+447500123456' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('does not deny the range of a call the gate did not place', async () => {
    const client = createTwilioClient(context);
    const call = await client.calls.create({ to: '+447400123456', from: '+14155559999', url: 'https://example.com/x' });
    expect(await outcomeOf(alert(32203, call.sid))).toBe('tripped');
    expect((await invokeFunction(voiceOutbound, context, { ...AUTH, to: '+447400123999' })).statusCode).toBe(200);
  });
});
