import { EmulatorControlError } from '../../emulator/control/control-client';
import { ACCOUNT_SID, caught, lastBody, useContractHarness } from './harness';
import { errorValidator, expectValid, responseValidator } from './openapi';

// The emulated account's own refusals, natively (no injected faults), through the real twilio
// client; every body checked against twilio_api_v2010.json.
const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const CALLS = '/2010-04-01/Accounts/{AccountSid}/Calls.json';
const OWNED = '+14155550100';
const STRANGER = '+14155550199';
const GB_MOBILE = '+447911123456';
const LV_MOBILE = '+37120123456';
const SERVICE_SID = `MG${'5'.repeat(32)}`;
const URL = 'https://example.com/voice/answer';

const h = useContractHarness();

const provision = () => h.control.configureAccount({ phoneNumbers: [OWNED], messagingServices: [{ sid: SERVICE_SID, senders: [OWNED] }] });

async function expectRefusal(send: () => Promise<unknown>, path: string, status: number, code: number) {
  expect(await caught(send)).toMatchObject({ status, code });
  expectValid(errorValidator('twilio_api_v2010', path, 'post', status), lastBody(h.client));
}

const sms = (to: string, sender: { from?: string; messagingServiceSid?: string }) => () => h.client.messages.create({ to, body: 'hello', ...sender });
const call = (to: string, from = OWNED) => () => h.client.calls.create({ to, from, url: URL });

describe('an account with numbers and a Messaging Service', () => {
  beforeEach(provision);

  it('sends from its own number and through its own service', async () => {
    await h.client.messages.create({ to: GB_MOBILE, from: OWNED, body: 'hello' });
    await h.client.messages.create({ to: GB_MOBILE, messagingServiceSid: SERVICE_SID, body: 'hello' });
    await h.client.calls.create({ to: GB_MOBILE, from: OWNED, url: URL });
    expect(await h.control.messages()).toHaveLength(2);
    expect(await h.control.calls()).toHaveLength(1);
  });

  it('refuses a message from a number it does not own (21606)', async () => {
    await expectRefusal(sms(GB_MOBILE, { from: STRANGER }), MESSAGES, 400, 21606);
  });

  it('refuses a Messaging Service that is not its own (21705)', async () => {
    await expectRefusal(sms(GB_MOBILE, { messagingServiceSid: `MG${'6'.repeat(32)}` }), MESSAGES, 400, 21705);
  });

  it('refuses a call from a number it neither owns nor verified (21210), and places one from a verified caller id', async () => {
    await expectRefusal(call(GB_MOBILE, STRANGER), CALLS, 400, 21210);
    await h.control.configureAccount({ verifiedNumbers: [STRANGER] });
    const placed = await h.client.calls.create({ to: GB_MOBILE, from: STRANGER, url: URL });
    expect(placed.sid).toMatch(/^CA/);
  });

  it('refuses a message to a country whose SMS Geo Permission is off (21408)', async () => {
    await h.control.configureAccount({ smsDisabledCountries: ['LV'] });
    await expectRefusal(sms(LV_MOBILE, { messagingServiceSid: SERVICE_SID }), MESSAGES, 400, 21408);
    await h.client.messages.create({ to: GB_MOBILE, messagingServiceSid: SERVICE_SID, body: 'hello' });
  });

  it('refuses a call to a country whose Voice Geo Permission is off (21215)', async () => {
    await h.control.configureAccount({ voiceDisabledCountries: ['LV'] });
    await expectRefusal(call(LV_MOBILE), CALLS, 403, 21215);
  });

  it('refuses a message to a recipient who replied STOP to the sender (21610), and only to that sender', async () => {
    await h.control.configureAccount({ optOuts: [{ number: GB_MOBILE, sender: SERVICE_SID }] });
    await expectRefusal(sms(GB_MOBILE, { messagingServiceSid: SERVICE_SID }), MESSAGES, 400, 21610);
    await h.client.messages.create({ to: GB_MOBILE, from: OWNED, body: 'hello' });
  });
});

describe('a trial account', () => {
  beforeEach(async () => {
    await provision();
    await h.control.configureAccount({ type: 'Trial', verifiedNumbers: [GB_MOBILE] });
  });

  it('says so on the Accounts resource', async () => {
    const account = await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
    expect(account.type).toBe('Trial');
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', 'get', 200), lastBody(h.client));
  });

  it('reaches verified numbers only: 21608 for a message, 21219 for a call', async () => {
    await h.client.messages.create({ to: GB_MOBILE, messagingServiceSid: SERVICE_SID, body: 'hello' });
    await expectRefusal(sms('+447911123457', { messagingServiceSid: SERVICE_SID }), MESSAGES, 400, 21608);
    await expectRefusal(call('+447911123457'), CALLS, 400, 21219);
  });
});

describe('the account control API', () => {
  it('accepts any well-formed sender until numbers are provisioned', async () => {
    expect((await h.control.account()).senders).toBe('any');
    await h.client.messages.create({ to: GB_MOBILE, from: STRANGER, body: 'hello' });
    expect((await provision()).senders).toBe('owned');
  });

  it.each([
    [{ phoneNumbers: ['4155550100'] }, /phoneNumbers\[0\] is not a valid E\.164 number/],
    [{ type: 'Premium' }, /type must be "Trial" or "Full"/],
    [{ phoneNumbers: [OWNED], messagingServices: [{ senders: [STRANGER] }] }, /is not one of the account's phoneNumbers/],
    [{ smsDisabledCountries: ['Latvia'] }, /two-letter ISO country code/],
    [{ optOuts: [{ number: GB_MOBILE, sender: 'nobody' }] }, /sender must be a sender number or a Messaging Service SID/],
    [{ balance: 10 }, /unknown key 'balance'/],
  ])('refuses %j with a message naming the field, changing nothing', async (settings, message) => {
    const error = await caught(() => h.control.configureAccount(settings as never));
    expect(error).toBeInstanceOf(EmulatorControlError);
    expect(String(error.message)).toMatch(message);
    expect((await h.control.account()).senders).toBe('any');
  });

  it('forgets the account on reset', async () => {
    await provision();
    await h.control.reset();
    expect(await h.control.account()).toMatchObject({ senders: 'any', phoneNumbers: [], type: 'Full' });
  });
});
