import twilio from 'twilio';
import { useCallbackReceiver, type ReceivedCallback } from '../helpers/callback-receiver';
import { ACCOUNT_SID, AUTH_TOKEN, accountClient, caught, lastBody, startHarness, useContractHarness, waitFor } from './harness';
import { lastResponseChecks } from './last-response';
import { errorValidator, expectValid } from './openapi';

// Usage Triggers through the real twilio client (bodies checked against twilio_api_v2010.json),
// the usage the emulator's own sends add, and trigger firing to a local receiver.
const TRIGGERS = '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json';
const TRIGGER = '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json';
const TO = '+447911123456';
const FROM = '+14155552671';
const DAY_MS = 24 * 3600 * 1000;

const h = useContractHarness();
const receiver = useCallbackReceiver();

const { expectBody } = lastResponseChecks('twilio_api_v2010', () => h.client);

const triggers = (client = h.client, accountSid = ACCOUNT_SID) => client.api.v2010.accounts(accountSid).usage.triggers;
const sms = (accountSid = ACCOUNT_SID) => h.client.api.v2010.accounts(accountSid).messages.create({ to: TO, from: FROM, body: 'hello' });
const callbackUrl = (path = '/usage/alert') => `${receiver.url}${path}`;

/** Waits for `n` callbacks at the receiver and returns them. */
async function callbacks(n: number): Promise<ReceivedCallback[]> {
  await waitFor(async () => receiver.received.length >= n);
  return receiver.received;
}

function isSignedBy(callback: ReceivedCallback, token: string): boolean {
  return twilio.validateRequest(token, callback.signature ?? '', callback.url, callback.params);
}

describe('Usage Trigger resource', () => {
  it('creates with defaults (POST, TriggerBy usage, not recurring) and fetches, lists, updates and deletes', async () => {
    const created = await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '100', usageCategory: 'sms', friendlyName: 'gatekeeper:notify:daily' });
    expectBody(TRIGGERS, 'post', 201);
    expect(created).toMatchObject({ callbackMethod: 'POST', triggerBy: 'usage', recurring: 'alltime', triggerValue: '100', currentValue: '0', dateFired: null });
    expect(created.sid).toMatch(/^UT[0-9a-f]{32}$/);
    await triggers()(created.sid).fetch();
    expectBody(TRIGGER, 'get', 200);
    const updated = await triggers()(created.sid).update({ callbackMethod: 'GET', friendlyName: 'renamed' });
    expectBody(TRIGGER, 'post', 200);
    expect(updated).toMatchObject({ callbackMethod: 'GET', friendlyName: 'renamed', triggerValue: '100' });
    await triggers().list();
    expectBody(TRIGGERS, 'get', 200);
    expect(await triggers()(created.sid).remove()).toBe(true);
    expect(await caught(() => triggers()(created.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('filters the list by Recurring, TriggerBy and UsageCategory', async () => {
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms', recurring: 'daily', triggerBy: 'count' });
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '5', usageCategory: 'totalprice', recurring: 'monthly', triggerBy: 'price' });
    expect((await triggers().list({ recurring: 'daily' })).map((t) => t.usageCategory)).toEqual(['sms']);
    expect((await triggers().list({ triggerBy: 'price' })).map((t) => t.usageCategory)).toEqual(['totalprice']);
    expect((await triggers().list({ usageCategory: 'totalprice' })).map((t) => t.recurring)).toEqual(['monthly']);
  });

  it('resolves a +N TriggerValue against the current value at creation, and keeps it when updated', async () => {
    await sms();
    await sms();
    const created = await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '+3', usageCategory: 'sms-outbound', triggerBy: 'count' });
    expect(created).toMatchObject({ currentValue: '2', triggerValue: '5' });
    const ignored = await h.client.request({ method: 'post', uri: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Triggers/${created.sid}.json`, data: { TriggerValue: '50' } });
    expect((ignored.body as { trigger_value: string }).trigger_value).toBe('5');
  });

  it.each([
    [{ callbackUrl: 'not a url', triggerValue: '1', usageCategory: 'sms' }],
    [{ callbackUrl: 'http://127.0.0.1/x', triggerValue: 'ten', usageCategory: 'sms' }],
    [{ callbackUrl: 'http://127.0.0.1/x', triggerValue: '1', usageCategory: 'SMS Outbound' }],
    [{ callbackUrl: 'http://127.0.0.1/x', triggerValue: '1', usageCategory: 'sms', triggerBy: 'cost' }],
    [{ callbackUrl: 'http://127.0.0.1/x', triggerValue: '1', usageCategory: 'sms', recurring: 'hourly' }],
    [{ callbackUrl: 'http://127.0.0.1/x', triggerValue: '1', usageCategory: 'sms', callbackMethod: 'PUT' }],
  ])('refuses %j with 400', async (params) => {
    expect(await caught(() => triggers().create(params as never))).toMatchObject({ status: 400 });
    expectValid(errorValidator('twilio_api_v2010', TRIGGERS, 'post', 400), lastBody(h.client));
  });
});

describe('usage from the emulator’s own sends', () => {
  it('counts message segments in sms-outbound and sms, calls in calls-outbound and calls, Verify starts, and every price in totalprice', async () => {
    await h.client.messages.create({ to: TO, from: FROM, body: 'x'.repeat(200) });
    await h.client.calls.create({ to: TO, from: FROM, url: 'https://example.com/answer' });
    const service = await h.client.verify.v2.services.create({ friendlyName: 'usage' });
    await h.client.verify.v2.services(service.sid).verifications.create({ to: TO, channel: 'sms' });
    const usage = await h.control.usage(ACCOUNT_SID);
    expect(usage['sms-outbound']).toEqual({ count: 2, usage: 2, price: 0.0158 });
    expect(usage.sms).toEqual(usage['sms-outbound']);
    expect(usage['calls-outbound']).toEqual({ count: 1, usage: 1, price: 0.014 });
    expect(usage.calls).toEqual(usage['calls-outbound']);
    expect(usage['authy-phone-verifications']).toEqual({ count: 1, usage: 1, price: 0.05 });
    expect(usage.totalprice).toEqual({ count: 0, usage: 0.0798, price: 0.0798 });
  });

  it('charges nothing for a refused send', async () => {
    await caught(() => h.client.messages.create({ to: TO, from: FROM, body: '' }));
    expect(await h.control.usage(ACCOUNT_SID)).toEqual({});
  });
});

describe('trigger firing', () => {
  it('POSTs the documented fields, signed with the owning account token, once per GMT day', async () => {
    const trigger = await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '2', usageCategory: 'sms-outbound', triggerBy: 'count', recurring: 'daily' });
    await sms();
    expect(receiver.received).toHaveLength(0);
    await sms();
    const [fired] = await callbacks(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(fired.method).toBe('POST');
    expect(fired.params).toEqual({
      AccountSid: ACCOUNT_SID,
      UsageTriggerSid: trigger.sid,
      DateFired: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      Recurring: 'daily',
      UsageCategory: 'sms-outbound',
      TriggerBy: 'count',
      TriggerValue: '2',
      CurrentValue: '2',
      UsageRecordUri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Usage/Records/Today.json?Category=sms-outbound`,
      IdempotencyToken: `${ACCOUNT_SID}-FIRES-${trigger.sid}-${today}`,
    });
    expect(isSignedBy(fired, AUTH_TOKEN)).toBe(true);
    expect(isSignedBy(fired, 'another-token')).toBe(false);
    expect((await triggers()(trigger.sid).fetch()).dateFired).not.toBeNull();

    await sms();
    await h.control.advanceClock(DAY_MS);
    await sms();
    await sms();
    const all = await callbacks(2);
    expect(all).toHaveLength(2);
    expect(all[1].params.IdempotencyToken).not.toBe(all[0].params.IdempotencyToken);
  });

  it('fires a trigger that is not recurring once ever', async () => {
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
    await sms();
    await callbacks(1);
    await h.control.advanceClock(200 * DAY_MS);
    await h.control.advanceClock(200 * DAY_MS);
    await sms();
    await sms();
    expect((await h.control.callbacks()).length).toBe(1);
    expect(receiver.received[0].params.Recurring).toBe('');
  });

  it('GETs with the fields in the query when CallbackMethod is GET, signed over the full URL', async () => {
    await triggers().create({ callbackUrl: callbackUrl('/alert?source=emulator'), callbackMethod: 'GET', triggerValue: '0.02', usageCategory: 'totalprice', triggerBy: 'price' });
    await h.client.calls.create({ to: TO, from: FROM, url: 'https://example.com/answer' });
    expect(receiver.received).toHaveLength(0);
    await sms();
    const [fired] = await callbacks(1);
    expect(fired.method).toBe('GET');
    const query = new URL(fired.url).searchParams;
    expect(query.get('source')).toBe('emulator');
    expect(query.get('CurrentValue')).toBe('0.0219');
    expect(twilio.validateRequest(AUTH_TOKEN, fired.signature ?? '', fired.url, {})).toBe(true);
  });

  it('fires on usage added through the control API', async () => {
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '10', usageCategory: 'calls', triggerBy: 'usage', recurring: 'monthly' });
    await h.control.addUsage({ accountSid: ACCOUNT_SID, category: 'calls-outbound', count: 3, usage: 12, price: 0.5 });
    const [fired] = await callbacks(1);
    expect(fired.params).toMatchObject({ UsageCategory: 'calls', CurrentValue: '12', Recurring: 'monthly' });
  });

  it('re-delivers the last firing with the same IdempotencyToken', async () => {
    const trigger = await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
    await sms();
    await callbacks(1);
    const again = await h.control.redeliverTrigger(trigger.sid);
    expect(again.status).toBe(200);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].params).toEqual(receiver.received[0].params);
    expect(isSignedBy(receiver.received[1], AUTH_TOKEN)).toBe(true);
  });

  it('refuses to re-deliver a trigger that never fired (404)', async () => {
    const trigger = await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms' });
    await expect(h.control.redeliverTrigger(trigger.sid)).rejects.toMatchObject({ status: 404 });
  });

  it('never calls a URL off the machine: the firing is recorded as refused', async () => {
    await triggers().create({ callbackUrl: 'https://example.com/usage', triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
    await sms();
    await waitFor(async () => (await h.control.callbacks()).length === 1);
    const [delivery] = await h.control.callbacks();
    expect(delivery).toMatchObject({ kind: 'usage-trigger', url: 'https://example.com/usage', status: null, error: expect.stringMatching(/loopback/) });
  });

  it('waits the configured firing delay before calling back', async () => {
    await h.control.configureUsageFiring({ firingDelayMs: 1500 });
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
    const sent = Date.now();
    await sms();
    await callbacks(1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1400);
  });
});

describe('triggers and subaccounts', () => {
  async function subaccount() {
    const sub = await h.client.api.v2010.accounts.create({ friendlyName: 'tenant' });
    const client = accountClient(h.emulator.url, sub.sid, sub.authToken);
    return { sid: sub.sid, token: sub.authToken, client };
  }

  it("signs a subaccount trigger's callback with the subaccount token, or the main token when switched", async () => {
    const sub = await subaccount();
    const trigger = await triggers(h.client, sub.sid).create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
    expect(trigger.accountSid).toBe(sub.sid);
    await sms(sub.sid);
    const [fired] = await callbacks(1);
    expect(fired.params.AccountSid).toBe(sub.sid);
    expect(isSignedBy(fired, sub.token)).toBe(true);
    expect(isSignedBy(fired, AUTH_TOKEN)).toBe(false);
    await h.control.configureUsageFiring({ signWith: 'main-account' });
    await h.control.redeliverTrigger(trigger.sid);
    expect(isSignedBy(receiver.received[1], AUTH_TOKEN)).toBe(true);
  });

  it("lets a subaccount manage its own triggers with its own credentials, not its parent's", async () => {
    const sub = await subaccount();
    await triggers(sub.client, sub.sid).create({ callbackUrl: callbackUrl(), triggerValue: '1', usageCategory: 'sms' });
    expect(await caught(() => triggers(sub.client, ACCOUNT_SID).list())).toMatchObject({ status: 401, code: 20003 });
  });

  it("counts subaccounts' usage in a main account trigger unless switched off", async () => {
    const sub = await subaccount();
    await triggers().create({ callbackUrl: callbackUrl(), triggerValue: '2', usageCategory: 'sms', triggerBy: 'count' });
    await h.control.configureUsageFiring({ includeSubaccounts: false });
    await sms(sub.sid);
    await sms(sub.sid);
    await sms();
    expect((await h.control.callbacks()).length).toBe(0);
    await h.control.configureUsageFiring({ includeSubaccounts: true });
    await sms(sub.sid);
    const [fired] = await callbacks(1);
    expect(fired.params).toMatchObject({ AccountSid: ACCOUNT_SID, CurrentValue: '4' });
  });
});

describe('usage control API', () => {
  it.each([
    [{ accountSid: 'AC1', category: 'sms' }, /accountSid must be/],
    [{ accountSid: ACCOUNT_SID, category: 'SMS' }, /category must be/],
    [{ accountSid: ACCOUNT_SID, category: 'sms', count: -1 }, /count must be a number/],
  ])('refuses %j', async (body, message) => {
    await expect(h.control.addUsage(body as never)).rejects.toThrow(message);
  });

  it('refuses a firing config it cannot apply', async () => {
    await expect(h.control.configureUsageFiring({ firingDelayMs: -5 })).rejects.toThrow(/firingDelayMs/);
    await expect(h.control.configureUsageFiring({ signWith: 'parent' as never })).rejects.toThrow(/signWith/);
    expect(await h.control.usageFiringConfig()).toEqual({ firingDelayMs: 0, signWith: 'trigger-account', includeSubaccounts: true });
  });
});

describe('console output', () => {
  it('prints each firing with its trigger, method, URL without query, and the answer', async () => {
    const lines: string[] = [];
    const printing = await startHarness({ quiet: false, output: (line) => lines.push(line) });
    try {
      const trigger = await printing.client.api.v2010.accounts(ACCOUNT_SID).usage.triggers.create({ callbackUrl: `${receiver.url}/usage/alert?key=secret`, triggerValue: '1', usageCategory: 'sms', triggerBy: 'count' });
      await printing.client.messages.create({ to: TO, from: FROM, body: 'hello' });
      await waitFor(async () => lines.some((line) => line.includes(trigger.sid)));
      const fired = lines.find((line) => line.includes(trigger.sid));
      expect(fired).toBe(`[emulator] usage-trigger ${trigger.sid}: POST ${receiver.url}/usage/alert -> 200`);
      expect(lines.join('\n')).not.toContain(AUTH_TOKEN);
    } finally {
      await printing.emulator.close();
    }
  });
});
