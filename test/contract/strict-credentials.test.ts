import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import { ACCOUNT_SID, AUTH_TOKEN, basicAuth, raw } from './harness';
import { errorValidator, expectValid } from './openapi';

// Strict-credentials mode: each account has a real token and wrong credentials get 401 / 20003.
const ACCOUNT = '/2010-04-01/Accounts/{Sid}.json';
const accountPath = (sid: string) => `/api/2010-04-01/Accounts/${sid}.json`;

let emulator: RunningEmulator;
let control: EmulatorControl;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, strictCredentials: true });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => control.reset());

const fetchAccount = (sid: string, password: string) => raw(emulator.url, 'GET', accountPath(sid), { auth: basicAuth(sid, password) });

function expectUnauthorized(response: { status: number; json: unknown; headers: Headers }) {
  expect(response.status).toBe(401);
  expect(response.json).toMatchObject({ code: 20003 });
  expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
  expectValid(errorValidator('twilio_api_v2010', ACCOUNT, 'get', 401), response.json);
}

describe('strict credentials', () => {
  it('is on when the emulator starts with it, and reset keeps it on', async () => {
    expect(await control.strictCredentials()).toBe(true);
  });

  it('refuses an account it does not know, whatever the password', async () => {
    expectUnauthorized(await fetchAccount(ACCOUNT_SID, AUTH_TOKEN));
  });

  it("accepts the main account's token set through the control API and refuses any other", async () => {
    await control.setAccount({ sid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect((await fetchAccount(ACCOUNT_SID, AUTH_TOKEN)).status).toBe(200);
    expectUnauthorized(await fetchAccount(ACCOUNT_SID, `${AUTH_TOKEN}x`));
    expectUnauthorized(await fetchAccount(ACCOUNT_SID, AUTH_TOKEN.slice(0, -1)));
  });

  it("accepts a subaccount's generated token only", async () => {
    await control.setAccount({ sid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const created = await raw(emulator.url, 'POST', '/api/2010-04-01/Accounts.json', { auth: basicAuth(ACCOUNT_SID, AUTH_TOKEN), form: [['FriendlyName', 'tenant']] });
    const { sid, auth_token: token } = created.json as { sid: string; auth_token: string };
    expect((await fetchAccount(sid, token)).status).toBe(200);
    expectUnauthorized(await fetchAccount(sid, AUTH_TOKEN));
  });

  it('refuses the main token on the product hosts too (Sync, Verify)', async () => {
    await control.setAccount({ sid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const wrong = basicAuth(ACCOUNT_SID, 'wrong');
    expect((await raw(emulator.url, 'GET', '/sync/v1/Services/default', { auth: wrong })).status).toBe(401);
    expect((await raw(emulator.url, 'GET', '/verify/v2/Services', { auth: wrong })).status).toBe(401);
    expect((await raw(emulator.url, 'GET', '/sync/v1/Services/default', { auth: basicAuth() })).status).toBe(200);
  });

  it('switches off and on through the control API; tokens learned while off stay', async () => {
    await control.setStrictCredentials(false);
    expect((await fetchAccount(ACCOUNT_SID, 'learned-token')).status).toBe(200);
    await control.setStrictCredentials(true);
    expect((await fetchAccount(ACCOUNT_SID, 'learned-token')).status).toBe(200);
    expectUnauthorized(await fetchAccount(ACCOUNT_SID, AUTH_TOKEN));
  });

  it('refuses bad control input with a message naming the field', async () => {
    await expect(control.setAccount({ sid: 'AC1', authToken: 'x' })).rejects.toThrow(/sid must be "AC" \+ 32 hex digits/);
    await expect(control.setAccount({ sid: ACCOUNT_SID, authToken: '' })).rejects.toThrow(/authToken must be a non-empty string/);
    const response = await raw(emulator.url, 'POST', '/__emulator/credentials', { body: '{"strict":"yes"}', contentType: 'application/json', auth: null });
    expect(response.status).toBe(400);
  });
});
