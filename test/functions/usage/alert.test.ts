import { handler } from '../../../src/functions/usage/alert.protected';
import { handler as verifyStart } from '../../../src/functions/verify/start';
import { createGateModeReader, createSyncGateModeStore } from '../../../src/core/gate-mode';
import type { FunctionContext } from '../../../src/core/http';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { TEST_ACCOUNT_SID } from '../../helpers/local-stack';

// usage/alert against the emulator, as a Usage Trigger of the gate's own account calls it.
const harness = useFunctionHarness();
const TRIGGER = `UT${'5'.repeat(32)}`;
const MODE_WRITE = 'POST /sync/v1/Services/:svc/Documents';

let context: FunctionContext;
beforeEach(() => {
  context = harness.context();
});

function fire(extra: Record<string, string> = {}) {
  return invokeFunction(handler, context, {
    AccountSid: TEST_ACCOUNT_SID,
    UsageTriggerSid: TRIGGER,
    IdempotencyToken: `${TEST_ACCOUNT_SID}-FIRES-${TRIGGER}-2026-12-04`,
    UsageCategory: 'totalprice',
    TriggerBy: 'price',
    TriggerValue: '50',
    CurrentValue: '50.25',
    Recurring: 'daily',
    DateFired: 'Fri, 04 Dec 2026 16:00:00 +0000',
    ...extra,
  });
}

async function gateMode() {
  return createGateModeReader({ store: createSyncGateModeStore({ client: createTwilioClient(context) }) }).current();
}

describe('usage/alert', () => {
  it('switches the gate to strict until the end of the GMT day for a trigger the policy names, and verify/start follows', async () => {
    setPolicy({ usageAlerts: { triggers: { [TRIGGER]: 'strict' } } });
    const response = await fire();
    expect(response).toMatchObject({ statusCode: 200, body: { success: true, handled: true, action: 'strict' } });
    const mode = await gateMode();
    expect(mode).toMatchObject({ mode: 'strict', document: { by: `usage-alert:${TRIGGER}` } });
    const until = mode.document?.until as number;
    expect(new Date(until).getUTCHours()).toBe(0);
    expect(until - Date.now()).toBeLessThanOrEqual(86_400_000);
    const call = await invokeFunction(verifyStart, context, { to: '+447400123456', channel: 'call' });
    expect(call.body).toMatchObject({ error: { code: 'ERR_GATE_DESTINATION_REFUSED' } });
  });

  it('locks the gate down and acts once when the same firing is delivered twice', async () => {
    setPolicy({ usageAlerts: { triggers: { [TRIGGER]: 'lockdown' } } });
    expect((await fire()).body).toMatchObject({ handled: true, action: 'lockdown' });
    await harness.control.resetLog();
    expect((await fire()).body).toMatchObject({ handled: false, duplicate: true });
    const log = await harness.control.requestLog();
    expect(Object.keys(log.byRoute).filter((route) => route.startsWith(MODE_WRITE))).toEqual([]);
    expect((await gateMode()).mode).toBe('lockdown');
    expect((await invokeFunction(verifyStart, context, { to: '+447400123456' })).statusCode).toBe(503);
  });

  it('notifies by default when the trigger cannot be read or names no action', async () => {
    expect((await fire()).body).toMatchObject({ handled: true, action: 'notify' });
    expect((await gateMode()).mode).toBe('normal');
  });

  it('refuses to suspend the account it runs in', async () => {
    setPolicy({ usageAlerts: { default: 'suspend-subaccount' } });
    expect((await fire()).body).toMatchObject({ handled: false, action: 'suspend-subaccount', refused: 'own_account' });
  });

  it.each([
    [{ AccountSid: 'not-a-sid' }, /AccountSid/],
    [{ UsageTriggerSid: '' }, /UsageTriggerSid/],
  ])('answers 400 for a malformed %j', async (extra, message) => {
    const response = await fire(extra);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(message) } });
  });
});
