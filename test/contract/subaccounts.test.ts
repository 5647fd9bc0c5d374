import type twilio from 'twilio';
import { ACCOUNT_SID, AUTH_TOKEN, accountClient, basicAuth, caught, lastBody, raw, useContractHarness } from './harness';
import { errorValidator, expectValid, responseValidator } from './openapi';

// Subaccounts and account status through the real twilio client, every body checked against
// twilio_api_v2010.json.
const ACCOUNTS = '/2010-04-01/Accounts.json';
const ACCOUNT = '/2010-04-01/Accounts/{Sid}.json';
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const CALLS = '/2010-04-01/Accounts/{AccountSid}/Calls.json';
const TO = '+447911123456';
const FROM = '+14155552671';

const h = useContractHarness();

const clientFor = (accountSid: string, authToken: string) => accountClient(h.emulator.url, accountSid, authToken);

const expectBody = (client: twilio.Twilio, path: string, method: string, status: number) =>
  expectValid(responseValidator('twilio_api_v2010', path, method, status), lastBody(client));

async function expectRefusal(client: twilio.Twilio, action: () => Promise<unknown>, path: string, method: string, status: number, code: number) {
  expect(await caught(action)).toMatchObject({ status, code });
  expectValid(errorValidator('twilio_api_v2010', path, method, status), lastBody(client));
}

const createSub = (friendlyName = 'tenant-a') => h.client.api.v2010.accounts.create({ friendlyName });

describe('creating and listing subaccounts', () => {
  it('creates an active subaccount owned by the caller and answers its generated token', async () => {
    const sub = await createSub();
    expectBody(h.client, ACCOUNTS, 'post', 201);
    expect(sub).toMatchObject({ friendlyName: 'tenant-a', ownerAccountSid: ACCOUNT_SID, status: 'active' });
    expect(sub.sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(sub.authToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('lists the caller and its subaccounts, filtered by FriendlyName and Status', async () => {
    const a = await createSub('tenant-a');
    const b = await createSub('tenant-b');
    await h.client.api.v2010.accounts(b.sid).update({ status: 'suspended' });
    const all = await h.client.api.v2010.accounts.list();
    expectBody(h.client, ACCOUNTS, 'get', 200);
    expect(all.map((x) => x.sid)).toEqual([ACCOUNT_SID, a.sid, b.sid]);
    expect((await h.client.api.v2010.accounts.list({ friendlyName: 'tenant-a' })).map((x) => x.sid)).toEqual([a.sid]);
    expect((await h.client.api.v2010.accounts.list({ status: 'suspended' })).map((x) => x.sid)).toEqual([b.sid]);
  });

  it('shows a subaccount only itself in the list, and refuses to let it create subaccounts (403 / 20403)', async () => {
    const sub = await createSub();
    const subClient = clientFor(sub.sid, sub.authToken);
    expect((await subClient.api.v2010.accounts.list()).map((x) => x.sid)).toEqual([sub.sid]);
    await expectRefusal(subClient, () => subClient.api.v2010.accounts.create({ friendlyName: 'nested' }), ACCOUNTS, 'post', 403, 20403);
  });

  it('lets the parent fetch a subaccount with its token, and refuses strangers (401 / 20003)', async () => {
    const sub = await createSub();
    const fetched = await h.client.api.v2010.accounts(sub.sid).fetch();
    expectBody(h.client, ACCOUNT, 'get', 200);
    expect(fetched.authToken).toBe(sub.authToken);
    const stranger = clientFor(`AC${'7'.repeat(32)}`, 'other-token');
    await expectRefusal(stranger, () => stranger.api.v2010.accounts(sub.sid).fetch(), ACCOUNT, 'get', 401, 20003);
  });

  it('refuses a FriendlyName over 64 characters and a Status filter that is not a status (400)', async () => {
    await expectRefusal(h.client, () => createSub('x'.repeat(65)), ACCOUNTS, 'post', 400, 20001);
    await expectRefusal(h.client, () => h.client.api.v2010.accounts.list({ status: 'dormant' as never }), ACCOUNTS, 'get', 400, 20001);
  });
});

describe('reaching subaccount resources', () => {
  it("lets main credentials send on a subaccount's 2010 paths, recorded under the subaccount", async () => {
    const sub = await createSub();
    const message = await h.client.api.v2010.accounts(sub.sid).messages.create({ to: TO, from: FROM, body: 'hello' });
    expect(message.accountSid).toBe(sub.sid);
    expect((await h.control.messages())[0].accountSid).toBe(sub.sid);
  });

  it("lets a subaccount's own credentials reach its resources, not its parent's (401)", async () => {
    const sub = await createSub();
    const subClient = clientFor(sub.sid, sub.authToken);
    await subClient.calls.create({ to: TO, from: FROM, url: 'https://example.com/answer' });
    expect((await h.control.calls())[0].accountSid).toBe(sub.sid);
    await expectRefusal(subClient, () => subClient.api.v2010.accounts(ACCOUNT_SID).messages.list(), MESSAGES, 'get', 401, 20003);
  });
});

describe('account status', () => {
  const send = (client: twilio.Twilio, accountSid: string) => () => client.api.v2010.accounts(accountSid).messages.create({ to: TO, from: FROM, body: 'hello' });
  const dial = (client: twilio.Twilio, accountSid: string) => () => client.api.v2010.accounts(accountSid).calls.create({ to: TO, from: FROM, url: 'https://example.com/answer' });

  it('suspends a subaccount: its messages, calls and verifications are refused with 10001; reactivating restores them', async () => {
    const sub = await createSub();
    const updated = await h.client.api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    expectBody(h.client, ACCOUNT, 'post', 200);
    expect(updated.status).toBe('suspended');
    await expectRefusal(h.client, send(h.client, sub.sid), MESSAGES, 'post', 403, 10001);
    await expectRefusal(h.client, dial(h.client, sub.sid), CALLS, 'post', 403, 10001);
    const subClient = clientFor(sub.sid, sub.authToken);
    const service = await subClient.verify.v2.services.create({ friendlyName: 'sub' });
    expect(await caught(() => subClient.verify.v2.services(service.sid).verifications.create({ to: TO, channel: 'sms' }))).toMatchObject({ status: 403, code: 10001 });
    await h.client.api.v2010.accounts(sub.sid).update({ status: 'active' });
    await send(h.client, sub.sid)();
    expect(await h.control.messages()).toHaveLength(1);
  });

  it('keeps the main account sending while a subaccount is suspended', async () => {
    const sub = await createSub();
    await h.client.api.v2010.accounts(sub.sid).update({ status: 'suspended' });
    await send(h.client, ACCOUNT_SID)();
  });

  it("refuses the main account's change of its own status (403 / 20403) but renames it", async () => {
    await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
    await expectRefusal(h.client, () => h.client.api.v2010.accounts(ACCOUNT_SID).update({ status: 'suspended' }), ACCOUNT, 'post', 403, 20403);
    expect((await h.client.api.v2010.accounts(ACCOUNT_SID).update({ friendlyName: 'ops' })).friendlyName).toBe('ops');
  });

  it("refuses a subaccount's change of its own status: only the parent may (403 / 20403)", async () => {
    const sub = await createSub();
    const subClient = clientFor(sub.sid, sub.authToken);
    await expectRefusal(subClient, () => subClient.api.v2010.accounts(sub.sid).update({ status: 'suspended' }), ACCOUNT, 'post', 403, 20403);
    expect((await h.client.api.v2010.accounts(sub.sid).fetch()).status).toBe('active');
  });

  it('keeps a closed subaccount closed (400) and refuses its sends', async () => {
    const sub = await createSub();
    await h.client.api.v2010.accounts(sub.sid).update({ status: 'closed' });
    await expectRefusal(h.client, () => h.client.api.v2010.accounts(sub.sid).update({ status: 'active' }), ACCOUNT, 'post', 400, 20001);
    await expectRefusal(h.client, send(h.client, sub.sid), MESSAGES, 'post', 403, 10001);
  });

  it('suspends every subaccount with a suspended parent, whose status updates then fail with 21476', async () => {
    const sub = await createSub();
    await h.control.setAccount({ sid: ACCOUNT_SID, status: 'suspended' });
    expect((await h.client.api.v2010.accounts(sub.sid).fetch()).status).toBe('suspended');
    await expectRefusal(h.client, send(h.client, sub.sid), MESSAGES, 'post', 403, 10001);
    await expectRefusal(h.client, send(h.client, ACCOUNT_SID), MESSAGES, 'post', 403, 10001);
    await expectRefusal(h.client, () => h.client.api.v2010.accounts(sub.sid).update({ status: 'active' }), ACCOUNT, 'post', 400, 21476);
  });

  it('refuses to reactivate a subaccount Twilio suspended (21478)', async () => {
    const sub = await createSub();
    await h.control.setAccount({ sid: sub.sid, status: 'suspended' });
    await expectRefusal(h.client, () => h.client.api.v2010.accounts(sub.sid).update({ status: 'active' }), ACCOUNT, 'post', 400, 21478);
  });

  it('refuses a Status that is not a status (400)', async () => {
    const sub = await createSub();
    const response = await raw(h.emulator.url, 'POST', `/api/2010-04-01/Accounts/${sub.sid}.json`, { form: [['Status', 'paused']] });
    expect(response.json).toMatchObject({ status: 400, code: 20001 });
  });
});

describe('credentials', () => {
  it('learns the main account token from the first password and keeps it', async () => {
    await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
    await raw(h.emulator.url, 'GET', `/api/2010-04-01/Accounts/${ACCOUNT_SID}.json`, { auth: basicAuth(ACCOUNT_SID, 'another-password') });
    const [main] = await h.control.accounts();
    expect(main).toMatchObject({ sid: ACCOUNT_SID, authToken: AUTH_TOKEN, ownerSid: ACCOUNT_SID });
  });
});
