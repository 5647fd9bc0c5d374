import { ACCOUNT_SID, basicAuth, caught, raw, useContractHarness } from './harness';
import { lastResponseChecks } from './last-response';
import { expectValid, responseValidator } from './openapi';

// The 2010 API (Accounts, Messages, Calls) through the real twilio client, every body checked
// against twilio_api_v2010.json.
const ACCOUNT = '/2010-04-01/Accounts/{Sid}.json';
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const CALLS = '/2010-04-01/Accounts/{AccountSid}/Calls.json';
const TO = '+447911123456';
const FROM = '+14155552671';
const SERVICE_SID = `MG${'1'.repeat(32)}`;

const h = useContractHarness();

const { expectBody, expectError } = lastResponseChecks('twilio_api_v2010', () => h.client);

describe('Accounts', () => {
  it('fetches the authenticated account', async () => {
    const account = await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
    expectBody(ACCOUNT, 'get', 200);
    expect(account).toMatchObject({ sid: ACCOUNT_SID, status: 'active', type: 'Full' });
  });

  it('answers 401 / 20003 when the path names another account than the credentials', async () => {
    const other = `AC${'9'.repeat(32)}`;
    expect(await caught(() => h.client.api.v2010.accounts(other).fetch())).toMatchObject({ status: 401, code: 20003 });
    expectError(ACCOUNT, 'get', 401, 20003);
    const messages = await raw(h.emulator.url, 'GET', `/api/2010-04-01/Accounts/${other}/Messages.json`);
    expect(messages.status).toBe(401);
  });

  it('lets an API key act for the account in the path', async () => {
    const response = await raw(h.emulator.url, 'GET', `/api/2010-04-01/Accounts/${ACCOUNT_SID}.json`, { auth: basicAuth(`SK${'2'.repeat(32)}`, 'secret') });
    expect(response.status).toBe(200);
    expectValid(responseValidator('twilio_api_v2010', ACCOUNT, 'get', 200), response.json);
  });
});

describe('Messages', () => {
  it('creates a queued message from a number', async () => {
    const message = await h.client.messages.create({ to: TO, from: FROM, body: 'Your code is 123456', statusCallback: 'https://example.com/status' });
    expectBody(MESSAGES, 'post', 201);
    expect(message).toMatchObject({ to: TO, from: FROM, status: 'queued', numSegments: '1', direction: 'outbound-api' });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    const [recorded] = await h.control.messages();
    expect(recorded).toMatchObject({ sid: message.sid, statusCallback: 'https://example.com/status', body: 'Your code is 123456' });
    expect((await h.client.messages(message.sid).fetch()).sid).toBe(message.sid);
    expectBody('/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', 'get', 200);
  });

  it('creates an accepted message through a Messaging Service', async () => {
    const message = await h.client.messages.create({ to: TO, messagingServiceSid: SERVICE_SID, body: 'hi' });
    expectBody(MESSAGES, 'post', 201);
    expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: SERVICE_SID });
  });

  it('counts segments as GSM-7 or UCS-2', async () => {
    expect((await h.client.messages.create({ to: TO, from: FROM, body: 'a'.repeat(161) })).numSegments).toBe('2');
    expect((await h.client.messages.create({ to: TO, from: FROM, body: '€'.repeat(81) })).numSegments).toBe('2');
    expect((await h.client.messages.create({ to: TO, from: FROM, body: 'ü'.repeat(70) })).numSegments).toBe('1');
    expect((await h.client.messages.create({ to: TO, from: FROM, body: '😀'.repeat(36) })).numSegments).toBe('2');
  });

  it('lists messages newest first, filtered by To, across pages', async () => {
    for (let i = 0; i < 3; i += 1) await h.client.messages.create({ to: TO, from: FROM, body: `m${i}` });
    await h.client.messages.create({ to: '+33612345678', from: FROM, body: 'other' });
    const listed = await h.client.messages.list({ to: TO, pageSize: 2 });
    expectBody(MESSAGES, 'get', 200);
    expect(listed.map((m) => m.body)).toEqual(['m2', 'm1', 'm0']);
    expect((await h.client.messages.list()).length).toBe(4);
  });

  it.each([
    [{ to: '5551234567', from: FROM, body: 'x' }, 21211],
    [{ to: TO, body: 'x' }, 21603],
    [{ to: TO, from: FROM }, 21602],
    [{ to: TO, messagingServiceSid: SERVICE_SID }, 21619],
    [{ to: TO, from: FROM, body: 'x'.repeat(1601) }, 21617],
    [{ to: TO, from: 'not a sender!', body: 'x' }, 21212],
    [{ to: TO, messagingServiceSid: 'MG123', body: 'x' }, 21705],
    [{ to: TO, from: FROM, body: 'x', statusCallback: 'ftp://example.com' }, 21609],
  ])('refuses %p with 400 / %d', async (params, code) => {
    expect(await caught(() => h.client.messages.create(params))).toMatchObject({ status: 400, code });
    expectError(MESSAGES, 'post', 400, code);
  });

  it('refuses a missing To with 400 / 21604', async () => {
    const response = await raw(h.emulator.url, 'POST', `/api/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, { form: [['From', FROM], ['Body', 'x']] });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 21604, status: 400 });
  });
});

describe('Calls', () => {
  it('creates a queued call and records its time limit', async () => {
    const call = await h.client.calls.create({ to: TO, from: FROM, url: 'https://example.com/twiml', timeLimit: 600, statusCallback: 'https://example.com/status' });
    expectBody(CALLS, 'post', 201);
    expect(call).toMatchObject({ to: TO, from: FROM, status: 'queued', direction: 'outbound-api' });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(h.emulator.state.calls.all()[0]).toMatchObject({ sid: call.sid, timeLimit: 600, url: 'https://example.com/twiml' });
    expect((await h.control.calls())[0]).toMatchObject({ sid: call.sid, timeLimit: 600 });
    expect((await h.client.calls(call.sid).fetch()).sid).toBe(call.sid);
    expectBody('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'get', 200);
    expect(await caught(() => h.client.calls(`CA${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('accepts inline TwiML or an ApplicationSid', async () => {
    await h.client.calls.create({ to: TO, from: FROM, twiml: '<Response><Say>hi</Say></Response>' });
    expectBody(CALLS, 'post', 201);
    await h.client.calls.create({ to: TO, from: FROM, applicationSid: `AP${'3'.repeat(32)}` });
    expectBody(CALLS, 'post', 201);
  });

  it('lists calls newest first, filtered by To', async () => {
    await h.client.calls.create({ to: TO, from: FROM, url: 'https://example.com/a' });
    await h.client.calls.create({ to: '+33612345678', from: FROM, url: 'https://example.com/b' });
    const listed = await h.client.calls.list({ to: TO });
    expectBody(CALLS, 'get', 200);
    expect(listed).toHaveLength(1);
    expect(listed[0].to).toBe(TO);
  });

  it.each([
    [{ to: '12345', from: FROM, url: 'https://example.com/t' }, 21211],
    [{ to: TO, from: 'nobody', url: 'https://example.com/t' }, 21212],
    [{ to: TO, from: FROM }, 21205],
    [{ to: TO, from: FROM, url: 'https://example.com/t', twiml: '<Response/>' }, 21205],
    [{ to: TO, from: FROM, url: 'not a url' }, 21205],
    [{ to: TO, from: FROM, applicationSid: 'AP1' }, 21218],
    [{ to: TO, from: FROM, url: 'https://example.com/t', timeLimit: 0 }, 21200],
  ])('refuses %p with 400 / %d', async (params, code) => {
    expect(await caught(() => h.client.calls.create(params))).toMatchObject({ status: 400, code });
    expectError(CALLS, 'post', 400, code);
  });
});
