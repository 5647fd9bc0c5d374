import twilio from 'twilio';
import { handler } from '../../../src/functions/usage/alert-sub';
import { createGateModeReader, createSyncGateModeStore } from '../../../src/core/gate-mode';
import type { FunctionContext } from '../../../src/core/http';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../../helpers/local-stack';

// usage/alert-sub checks Twilio's signature itself: the subaccount's token, then the gate's.
const harness = useFunctionHarness();
const TRIGGER = `UT${'6'.repeat(32)}`;
const DOMAIN = '127.0.0.1:3999';
const URL = `http://${DOMAIN}/usage/alert-sub`;

let context: FunctionContext;
let sub: { sid: string; authToken: string };

beforeEach(async () => {
  const created = await createTwilioClient(harness.context()).api.v2010.accounts.create({ friendlyName: 'customer-a' });
  sub = { sid: created.sid, authToken: created.authToken };
  context = harness.context({ DOMAIN_NAME: DOMAIN, GATE_WEBHOOK_ACCOUNT_SIDS: sub.sid });
  setPolicy({ usageAlerts: { default: 'suspend-subaccount' } });
});

function callback(accountSid: string) {
  return { AccountSid: accountSid, UsageTriggerSid: TRIGGER, IdempotencyToken: `${accountSid}-FIRES-${TRIGGER}-2026-12-04`, UsageCategory: 'totalprice', CurrentValue: '12.5' };
}

function deliver(params: Record<string, string>, signature: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) };
  return invokeFunction(handler, context, { request: { headers, cookies: {} }, ...params });
}

const sign = (token: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(token, URL, params);

async function accountStatus(sid: string) {
  return (await createTwilioClient(harness.context()).api.v2010.accounts(sid).fetch()).status;
}

describe('usage/alert-sub', () => {
  it("suspends the subaccount on a callback signed with the subaccount's token", async () => {
    const params = callback(sub.sid);
    const response = await deliver(params, sign(sub.authToken, params));
    expect(response).toMatchObject({ statusCode: 200, body: { handled: true, action: 'suspend-subaccount' } });
    expect(await accountStatus(sub.sid)).toBe('suspended');
  });

  it("accepts a callback signed with the gate's own token (the other possible convention)", async () => {
    const params = callback(sub.sid);
    expect((await deliver(params, sign(TEST_AUTH_TOKEN, params))).statusCode).toBe(200);
  });

  it.each([
    ['no signature', () => undefined],
    ['a signature made with another token', (params: Record<string, string>) => sign('f'.repeat(32), params)],
    ['a signature of other parameters', (params: Record<string, string>) => sign(sub.authToken, { ...params, CurrentValue: '1' })],
  ])('refuses %s with 403 and changes nothing', async (_name, signature) => {
    const params = callback(sub.sid);
    const response = await deliver(params, signature(params));
    expect(response).toMatchObject({ statusCode: 403, body: { error: { code: 'ERR_GATE_SIGNATURE_INVALID' } } });
    expect(await accountStatus(sub.sid)).toBe('active');
  });

  it('refuses an account it does not serve without any API request', async () => {
    const stranger = `AC${'9'.repeat(32)}`;
    await harness.control.resetLog();
    const params = callback(stranger);
    expect((await deliver(params, sign(sub.authToken, params))).statusCode).toBe(403);
    expect((await harness.control.requestLog()).total).toBe(0);
  });

  it('switches the gate mode for a trigger of its own account, signed with its token', async () => {
    setPolicy({ usageAlerts: { default: 'lockdown' } });
    const params = callback(TEST_ACCOUNT_SID);
    expect((await deliver(params, sign(TEST_AUTH_TOKEN, params))).body).toMatchObject({ handled: true, action: 'lockdown' });
    expect((await createGateModeReader({ store: createSyncGateModeStore({ client: createTwilioClient(context) }) }).current()).mode).toBe('lockdown');
  });
});
