import twilio from 'twilio';
import { useCallbackReceiver } from '../helpers/callback-receiver';
import { ACCOUNT_SID, AUTH_TOKEN, accountClient, caught, lastBody, useContractHarness, waitFor } from './harness';
import { expectValid, responseValidator } from './openapi';

// Monitor Alerts through the real twilio client (bodies checked against twilio_monitor_v1.json)
// and debugger events delivered to a Debugger webhook.
const ALERTS = '/v1/Alerts';
const ALERT = '/v1/Alerts/{Sid}';
const TRUNK = `TK${'1'.repeat(32)}`;
const CALL = `CA${'2'.repeat(32)}`;
const HOUR_MS = 3600 * 1000;

const h = useContractHarness();
const receiver = useCallbackReceiver();
beforeEach(async () => {
  // The main account becomes known (and its token learned) on its first request.
  await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
});

const alerts = () => h.client.monitor.v1.alerts;

describe('Monitor Alerts', () => {
  it('lists raised events newest first and fetches one by SID', async () => {
    await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201, resourceSid: TRUNK });
    const { alertSid } = await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: '32203', resourceSid: CALL, level: 'warning' });
    const listed = await alerts().list();
    expectValid(responseValidator('twilio_monitor_v1', ALERTS, 'get', 200), lastBody(h.client));
    expect(listed.map((a) => [a.errorCode, a.logLevel, a.resourceSid])).toEqual([
      ['32203', 'warning', CALL],
      ['32201', 'error', TRUNK],
    ]);
    const fetched = await alerts()(alertSid).fetch();
    expectValid(responseValidator('twilio_monitor_v1', ALERT, 'get', 200), lastBody(h.client));
    expect(fetched).toMatchObject({ sid: alertSid, alertText: 'SIP: Call blocked by Twilio', moreInfo: 'https://www.twilio.com/docs/errors/32203' });
  });

  it('filters by LogLevel and by StartDate / EndDate on the date generated', async () => {
    await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32202, level: 'warning' });
    const before = await h.control.advanceClock(0);
    await h.control.advanceClock(2 * HOUR_MS);
    await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201 });
    expect((await alerts().list({ logLevel: 'warning' })).map((a) => a.errorCode)).toEqual(['32202']);
    expect((await alerts().list({ startDate: new Date(before + HOUR_MS) })).map((a) => a.errorCode)).toEqual(['32201']);
    expect((await alerts().list({ endDate: new Date(before + HOUR_MS) })).map((a) => a.errorCode)).toEqual(['32202']);
  });

  it('pages with meta', async () => {
    for (let i = 0; i < 3; i += 1) await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201 });
    const page = await alerts().page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    expect((await page.nextPage())?.instances).toHaveLength(1);
  });

  it("shows an account only its own alerts (a subaccount's need its own credentials)", async () => {
    const sub = await h.client.api.v2010.accounts.create({ friendlyName: 'tenant' });
    await h.control.raiseDebuggerEvent({ accountSid: sub.sid, errorCode: 32201 });
    expect(await alerts().list()).toEqual([]);
    const subClient = accountClient(h.emulator.url, sub.sid, sub.authToken);
    expect((await subClient.monitor.v1.alerts.list()).map((a) => a.errorCode)).toEqual(['32201']);
  });

  it('answers 404 for an unknown alert and 400 for a bad LogLevel', async () => {
    expect(await caught(() => alerts()(`NO${'9'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await caught(() => alerts().list({ logLevel: 'fatal' }))).toMatchObject({ status: 400 });
  });
});

describe('the Debugger webhook', () => {
  it('POSTs the event as Twilio documents it, signed with the account token', async () => {
    await h.control.setDebuggerWebhook(ACCOUNT_SID, `${receiver.url}/alerts/debugger`);
    const { alertSid, delivery } = await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201, resourceSid: TRUNK, moreInfo: { sourceIp: '198.51.100.7' } });
    expect(delivery).toMatchObject({ kind: 'debugger', status: 200 });
    const [posted] = receiver.received;
    expect(posted.method).toBe('POST');
    expect(posted.params).toEqual({
      Sid: alertSid,
      AccountSid: ACCOUNT_SID,
      Timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      Level: 'Error',
      PayloadType: 'application/json',
      Payload: expect.any(String),
    });
    expect(JSON.parse(posted.params.Payload)).toMatchObject({ resource_sid: TRUNK, service_sid: null, error_code: '32201', more_info: { sourceIp: '198.51.100.7' }, webhook: expect.any(Object) });
    expect(twilio.validateRequest(AUTH_TOKEN, posted.signature ?? '', posted.url, posted.params)).toBe(true);
  });

  it("delivers a subaccount's event to its parent's webhook with ParentAccountSid, signed with the subaccount token", async () => {
    await h.control.setDebuggerWebhook(ACCOUNT_SID, `${receiver.url}/alerts/debugger`);
    const sub = await h.client.api.v2010.accounts.create({ friendlyName: 'tenant' });
    await h.control.raiseDebuggerEvent({ accountSid: sub.sid, errorCode: 32203, resourceSid: CALL, level: 'warning' });
    await waitFor(async () => receiver.received.length === 1);
    const [posted] = receiver.received;
    expect(posted.params).toMatchObject({ AccountSid: sub.sid, ParentAccountSid: ACCOUNT_SID, Level: 'Warning' });
    expect(twilio.validateRequest(sub.authToken, posted.signature ?? '', posted.url, posted.params)).toBe(true);
  });

  it('records the alert but calls nothing without a webhook, or for notice and debug events', async () => {
    expect((await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201 })).delivery).toBeNull();
    await h.control.setDebuggerWebhook(ACCOUNT_SID, `${receiver.url}/alerts/debugger`);
    expect((await h.control.raiseDebuggerEvent({ accountSid: ACCOUNT_SID, errorCode: 32201, level: 'notice' })).delivery).toBeNull();
    await h.control.setDebuggerWebhook(ACCOUNT_SID, null);
    expect(await h.control.debuggerWebhooks()).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    expect(await alerts().list()).toHaveLength(2);
  });

  it.each([
    [{ accountSid: ACCOUNT_SID, errorCode: 'oops' }, /errorCode must be a five-digit/],
    [{ accountSid: 'AC1', errorCode: 32201 }, /accountSid must be/],
    [{ accountSid: ACCOUNT_SID, errorCode: 32201, resourceSid: 'trunk-1' }, /resourceSid must be a SID/],
    [{ accountSid: ACCOUNT_SID, errorCode: 32201, level: 'fatal' }, /level must be one of/],
  ])('refuses the event %j', async (event, message) => {
    await expect(h.control.raiseDebuggerEvent(event as never)).rejects.toThrow(message);
  });

  it('refuses a webhook URL off the machine', async () => {
    await expect(h.control.setDebuggerWebhook(ACCOUNT_SID, 'https://example.com/debugger')).rejects.toThrow(/on this machine/);
  });
});
