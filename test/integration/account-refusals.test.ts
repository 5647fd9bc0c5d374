import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../emulator';
import type { AccountSettings } from '../../emulator/api/account-state';
import { EmulatorControl } from '../../emulator/control/control-client';
import { LOCAL_ACCOUNT, provisionLocalAccount, type LocalGateSettings } from '../../emulator/local-account';
import { startBundle, type RunningBundle } from '../helpers/bundle-server';
import { TEST_API_TOKEN, TEST_AUTH_TOKEN, localEnv } from '../helpers/local-stack';

// The gates against the emulated account's own refusals, which the emulator now produces
// natively (no injected faults): the local account of `npm start`, then one setting changed as an
// operator might find it on a real account (a trial, Geo Permissions off, a STOP, a caller id or
// Messaging Service that is not the account's). Each refusal maps to the documented error.
let emulator: RunningEmulator;
let control: EmulatorControl;
let bundle: RunningBundle;
let settings: LocalGateSettings;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  control = new EmulatorControl(emulator.url);
  settings = await provisionLocalAccount(emulator.url, TEST_AUTH_TOKEN);
  bundle = await startBundle(localEnv(emulator.url, { ...settings, GATE_HASH_SECRET: randomBytes(32).toString('hex') }));
});
afterAll(async () => {
  await bundle.close();
  await emulator.close();
});

const BASE_ACCOUNT: AccountSettings = {
  type: 'Full',
  phoneNumbers: [LOCAL_ACCOUNT.gateNumber, ...LOCAL_ACCOUNT.callerIdPool, ...LOCAL_ACCOUNT.messagingSenders],
  verifiedNumbers: [],
  smsDisabledCountries: [],
  voiceDisabledCountries: [],
  optOuts: [],
};

let nextNumber = 0;
/** A fresh UK mobile per test: the per-number throttles and backoff never carry over. */
function freshNumber(): string {
  nextNumber += 1;
  return `+4474005${String(10000 + nextNumber).slice(-5)}`;
}

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: { success: boolean; error?: { code: string } } }> {
  const response = await fetch(`${bundle.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
}

async function verify(to: string): Promise<void> {
  expect((await post('/verify/start', { to })).status).toBe(200);
  const code = await control.verificationCode(to);
  expect((await post('/verify/check', { to, code })).body).toEqual({ success: true, valid: true });
}

const sendSms = (to: string) => post('/sms/outbound', { to, template: 'appointment-reminder', params: { date: '2030-01-31', time: '09:30' } }, TEST_API_TOKEN);
const placeCall = (to: string) => post('/voice/outbound', { to, purpose: 'demo' }, TEST_API_TOKEN);

async function withAccount(change: (to: string) => AccountSettings): Promise<string> {
  const to = freshNumber();
  await verify(to);
  await control.configureAccount({ ...BASE_ACCOUNT, messagingServices: (await control.account()).messagingServices, ...change(to) });
  return to;
}

afterEach(() => control.configureAccount({ ...BASE_ACCOUNT, messagingServices: [{ sid: settings.GATE_MESSAGING_SERVICE_SID, senders: [...LOCAL_ACCOUNT.messagingSenders] }] }));

describe('sms/outbound against the account', () => {
  it('sends through the local account as provisioned', async () => {
    const to = await withAccount(() => ({}));
    expect(await sendSms(to)).toMatchObject({ status: 200, body: { success: true } });
  });

  it.each([
    ['SMS Geo Permissions off for the country (21408)', (): AccountSettings => ({ smsDisabledCountries: ['GB'] })],
    ['a recipient who replied STOP (21610)', (to: string): AccountSettings => ({ optOuts: [{ number: to, sender: settings.GATE_MESSAGING_SERVICE_SID }] })],
    ['a trial account and an unverified recipient (21608)', (): AccountSettings => ({ type: 'Trial' })],
  ])('answers 403 ERR_GATE_DESTINATION_REFUSED for %s and sends nothing', async (_name, change) => {
    const to = await withAccount(change);
    const sent = (await control.messages()).length;
    expect(await sendSms(to)).toEqual({ status: 403, body: { success: false, error: { code: 'ERR_GATE_DESTINATION_REFUSED', message: expect.any(String) } } });
    expect(await control.messages()).toHaveLength(sent);
  });

  it('answers 500 ERR_GATE_CONFIG when the Messaging Service is not the account’s (21705)', async () => {
    const to = await withAccount(() => ({ messagingServices: [] }));
    expect(await sendSms(to)).toMatchObject({ status: 500, body: { error: { code: 'ERR_GATE_CONFIG' } } });
  });
});

describe('voice/outbound against the account', () => {
  it.each([
    ['Voice Geo Permissions off for the country (21215)', (): AccountSettings => ({ voiceDisabledCountries: ['GB'] })],
    ['a trial account and an unverified number (21219)', (): AccountSettings => ({ type: 'Trial' })],
  ])('answers 403 ERR_GATE_DESTINATION_REFUSED for %s, trying no other caller id', async (_name, change) => {
    const to = await withAccount(change);
    await control.resetLog();
    expect(await placeCall(to)).toMatchObject({ status: 403, body: { error: { code: 'ERR_GATE_DESTINATION_REFUSED' } } });
    expect((await control.requestLog()).byRoute['POST /api/2010-04-01/Accounts/:account/Calls.json']).toBe(1);
  });

  it('answers 500 ERR_GATE_CONFIG when no caller id of the pool is the account’s (21210), after trying another', async () => {
    const to = await withAccount(() => ({ phoneNumbers: [LOCAL_ACCOUNT.gateNumber, ...LOCAL_ACCOUNT.messagingSenders] }));
    await control.resetLog();
    expect(await placeCall(to)).toMatchObject({ status: 500, body: { error: { code: 'ERR_GATE_CONFIG' } } });
    expect((await control.requestLog()).byRoute['POST /api/2010-04-01/Accounts/:account/Calls.json']).toBe(2);
    expect(await control.calls()).toHaveLength(0);
  });

  it('places the call from the local account as provisioned', async () => {
    const to = await withAccount(() => ({}));
    expect(await placeCall(to)).toMatchObject({ status: 200, body: { success: true } });
  });
});
