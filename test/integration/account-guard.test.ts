/**
 * The account guard over the built bundle and the emulator, end to end: a Usage Trigger on a
 * subaccount fires when usage crosses it, the emulator POSTs the signed callback to
 * `usage/alert-sub`, the gate suspends the subaccount exactly once (a second delivery of the same
 * firing does nothing), a forged callback is refused; a trigger on the gate's own account switches
 * the gate to strict and verify/start follows; `gatekeeper mode set lockdown` stops every outbound
 * money path of a warm instance within 5 s, and `mode set normal` restores them.
 */
import twilio from 'twilio';
import { runModeCommand } from '../../src/cli/commands/mode';
import { createTwilioClient } from '../../src/core/twilio';
import { fakeIo } from '../helpers/fake-cli-io';
import { startLocalStack, TEST_ACCOUNT_SID, TEST_API_TOKEN, TEST_AUTH_TOKEN, type LocalStack } from '../helpers/local-stack';

const GATE_MODE_CACHE_MS = 5_000;
const SETTLE_MS = 300;
const ACCOUNT_UPDATE = 'POST /api/2010-04-01/Accounts/:account.json';

let stack: LocalStack;
let sub: { sid: string; authToken: string };

function mainClient(emulatorUrl: string) {
  return createTwilioClient({ ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: emulatorUrl, getTwilioClient: () => twilio(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN) });
}

beforeAll(async () => {
  // The subaccount exists before the gate starts: the gate serves the subaccounts it is told of.
  stack = await startLocalStack({}, {
    beforeBundle: async (emulatorUrl) => {
      const created = await mainClient(emulatorUrl).api.v2010.accounts.create({ friendlyName: 'customer-a' });
      sub = { sid: created.sid, authToken: created.authToken };
      return { GATE_WEBHOOK_ACCOUNT_SIDS: sub.sid };
    },
  });
}, 60_000);
afterAll(() => stack?.close());

async function waitForCallbacks(count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const delivered = (await stack.control.callbacks()).filter((callback) => callback.status !== null || callback.error !== null);
    if (delivered.length >= count || Date.now() > deadline) return delivered;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function verifyStart(body: Record<string, string>) {
  return stack.call('/verify/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
function callOut() {
  return stack.call('/voice/outbound', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_TOKEN}` }, body: JSON.stringify({ to: '+447400123456' }) });
}

async function setMode(...args: string[]) {
  const { io, stderr } = fakeIo(undefined, { env: { ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: stack.emulator.url, GATE_HASH_SECRET: 's'.repeat(32) } });
  expect(await runModeCommand(['set', ...args], io)).toBe(0);
  expect(stderr()).toMatch(/^mode: writing to the emulator/);
}

describe('the account guard, end to end', () => {
  it('suspends a subaccount once when its usage crosses a trigger, whose signed callback arrives twice', async () => {
    // A subaccount sees its own resources with its own credentials.
    const subClient = createTwilioClient({ ACCOUNT_SID: sub.sid, AUTH_TOKEN: sub.authToken, TWILIO_API_BASE_URL: stack.emulator.url, getTwilioClient: () => twilio(sub.sid, sub.authToken) });
    const trigger = await subClient.api.v2010.accounts(sub.sid).usage.triggers.create({
      callbackUrl: `${stack.bundle.url}/usage/alert-sub`,
      triggerValue: '3',
      usageCategory: 'sms-outbound',
      triggerBy: 'count',
      recurring: 'daily',
      friendlyName: 'gatekeeper:suspend-subaccount:daily',
    });
    await stack.control.resetLog();
    await stack.control.addUsage({ accountSid: sub.sid, category: 'sms-outbound', count: 3 });
    const [fired] = await waitForCallbacks(1);
    expect(fired).toMatchObject({ url: `${stack.bundle.url}/usage/alert-sub`, status: 200, signingAccountSid: sub.sid });

    expect((await mainClient(stack.emulator.url).api.v2010.accounts(sub.sid).fetch()).status).toBe('suspended');
    await expect(subClient.messages.create({ to: '+447400123456', from: '+15005550006', body: 'x' })).rejects.toMatchObject({ code: 10001 });

    await stack.control.redeliverTrigger(trigger.sid);
    const deliveries = await waitForCallbacks(2);
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200]);
    expect((await stack.control.requestLog()).byRoute[ACCOUNT_UPDATE]).toBe(1);
  });

  it('refuses a forged callback', async () => {
    const params = new URLSearchParams({ AccountSid: sub.sid, UsageTriggerSid: `UT${'f'.repeat(32)}`, IdempotencyToken: 'forged' });
    const forged = await stack.call('/usage/alert-sub', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature('wrong-token', `${stack.bundle.url}/usage/alert-sub`, Object.fromEntries(params)) },
      body: params,
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'ERR_GATE_SIGNATURE_INVALID' } });
  });

  it("switches the gate to strict when the gate account's own trigger fires, and verify/start follows", async () => {
    await mainClient(stack.emulator.url).api.v2010.accounts(TEST_ACCOUNT_SID).usage.triggers.create({
      callbackUrl: `${stack.bundle.url}/usage/alert-sub`,
      triggerValue: '1',
      usageCategory: 'calls-outbound',
      triggerBy: 'count',
      recurring: 'daily',
      friendlyName: 'gatekeeper:strict:daily',
    });
    const before = (await stack.control.callbacks()).length;
    await stack.control.addUsage({ accountSid: TEST_ACCOUNT_SID, category: 'calls-outbound', count: 1 });
    expect((await waitForCallbacks(before + 1)).at(-1)).toMatchObject({ status: 200 });
    const refused = await verifyStart({ to: '+447400123457', channel: 'call' });
    expect(refused.status).toBe(403);
    expect((await verifyStart({ to: '+447400123457', channel: 'sms' })).status).toBe(200);
    await setMode('normal');
  });

  it('stops every outbound money path of a warm instance within 5 s of `mode set lockdown`, and `mode set normal` restores them', async () => {
    await new Promise((resolve) => setTimeout(resolve, GATE_MODE_CACHE_MS + SETTLE_MS));
    expect((await verifyStart({ to: '+447400123458' })).status).toBe(200);
    await setMode('lockdown', '--reason', 'test');
    await new Promise((resolve) => setTimeout(resolve, GATE_MODE_CACHE_MS + SETTLE_MS));
    expect((await verifyStart({ to: '+447400123459' })).status).toBe(503);
    expect((await callOut()).status).toBe(503);
    await setMode('normal');
    await new Promise((resolve) => setTimeout(resolve, GATE_MODE_CACHE_MS + SETTLE_MS));
    expect((await verifyStart({ to: '+447400123460' })).status).toBe(200);
  }, 30_000);
});
