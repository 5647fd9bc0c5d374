import { createGateModeDocument, createSyncGateModeStore } from '../../src/core/gate-mode';
import { createTwilioClient } from '../../src/core/twilio';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import type { FunctionHandler } from '../../src/core/http';
import { invokeFunction } from '../helpers/invoke-function';
import { TEST_ACCOUNT_SID, TEST_API_TOKEN, TEST_AUTH_TOKEN } from '../helpers/local-stack';

let emulator: RunningEmulator;
let control: EmulatorControl;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
// Each test gets a fresh instance: the function keeps its health result for 10 s per instance.
let handler: FunctionHandler;
beforeEach(async () => {
  jest.isolateModules(() => {
    handler = (require('../../src/functions/health') as { handler: FunctionHandler }).handler;
  });
  await control.reset();
});

const AUTH = { request: { headers: { authorization: `Bearer ${TEST_API_TOKEN}` }, cookies: {} } };
const ALL = { ...AUTH, checks: 'all' };

function context(env: Record<string, string> = {}) {
  return {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_API_BASE_URL: emulator.url,
    GATE_API_TOKEN: TEST_API_TOKEN,
    GATE_LOG_LEVEL: 'silent',
    DOMAIN_NAME: 'localhost:3000',
    getTwilioClient: () => {
      throw new Error('local mode never uses context.getTwilioClient');
    },
    ...env,
  };
}

describe('health', () => {
  it('reports ok with both dependency checks when Twilio and Sync answer', async () => {
    const response = await invokeFunction(handler, context(), ALL);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      status: 'ok',
      mode: 'local',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      gateMode: { mode: 'normal', source: 'store' },
      checks: { twilio: { ok: true }, sync: { ok: true } },
      cached: false,
    });
  });

  it('reports the gate mode with the checks', async () => {
    const client = createTwilioClient(context());
    await createSyncGateModeStore({ client }).write(createGateModeDocument({ mode: 'lockdown', reason: 'secret words', until: Date.now() + 60_000, by: 'cli' }, Date.now()));
    const response = await invokeFunction(handler, context({ GATE_SYNC_SERVICE_SID: 'default', ACCOUNT_SID: `AC${'4'.repeat(32)}` }), ALL);
    expect(response.body).toMatchObject({ gateMode: { mode: 'lockdown', source: 'store', by: 'cli', until: expect.any(String) } });
    expect(JSON.stringify(response.body)).not.toContain('secret words');
  });

  it('fetches the account, the Sync service and the gate mode once, and reuses the result on the instance for 10 s', async () => {
    await control.resetLog();
    await invokeFunction(handler, context(), ALL);
    expect((await control.requestLog()).total).toBe(3);
    const again = await Promise.all([invokeFunction(handler, context(), ALL), invokeFunction(handler, context(), ALL)]);
    expect(again.map((response) => (response.body as { cached: boolean }).cached)).toEqual([true, true]);
    expect((await control.requestLog()).total).toBe(3);
  });

  it('shares one check between concurrent requests', async () => {
    await control.resetLog();
    await Promise.all([1, 2, 3].map(() => invokeFunction(handler, context(), ALL)));
    expect((await control.requestLog()).total).toBe(3);
  });

  it('skips the dependency checks by default and with checks=none, without a token', async () => {
    await control.resetLog();
    for (const event of [{}, { checks: 'none' }]) {
      const response = await invokeFunction(handler, context(), event);
      expect(response.body).toEqual({ success: true, status: 'ok', version: expect.any(String), mode: 'local' });
    }
    expect((await control.requestLog()).total).toBe(0);
  });

  it('requires the app token for checks=all, and spends nothing without it', async () => {
    await control.resetLog();
    const missing = await invokeFunction(handler, context(), { checks: 'all' });
    expect(missing.statusCode).toBe(401);
    expect(missing.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_UNAUTHORIZED' } });
    const wrong = await invokeFunction(handler, context(), { checks: 'all', request: { headers: { authorization: 'Bearer wrong-token' }, cookies: {} } });
    expect(wrong.statusCode).toBe(401);
    const unconfigured = await invokeFunction(handler, context({ GATE_API_TOKEN: '' }), ALL);
    expect(unconfigured.statusCode).toBe(500);
    expect((await control.requestLog()).total).toBe(0);
  });

  it.each([['bogus'], [['all', 'none']], [{ nested: true }]])('answers 400 for checks=%p', async (checks) => {
    const response = await invokeFunction(handler, context(), { checks });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER' } });
  });

  it('answers 503 degraded, naming a coarse problem, when Sync fails', async () => {
    await control.injectFault({ route: 'GET /sync/v1/Services/:sid', kind: '500-html', count: 1 });
    const response = await invokeFunction(handler, context(), ALL);
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({
      success: false,
      status: 'degraded',
      checks: { twilio: { ok: true }, sync: { ok: false, problem: 'upstream_error' } },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/<html|<body/i);
  });

  it('reports a timeout within the configured client timeout when the API hangs', async () => {
    await control.injectFault({ route: 'GET /api/2010-04-01/Accounts/:sid.json', kind: 'hang', count: 1 });
    const started = Date.now();
    const response = await invokeFunction(handler, context({ GATE_TWILIO_TIMEOUT_MS: '300' }), ALL);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.body).toMatchObject({ status: 'degraded', checks: { twilio: { ok: false, problem: 'timeout' } } });
  });

  it('reports unauthorized when the credentials are refused', async () => {
    // A malformed account SID is refused by the API's Basic auth with 401, as Twilio does.
    const response = await invokeFunction(handler, context({ ACCOUNT_SID: 'AC123' }), ALL);
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ checks: { twilio: { ok: false, problem: 'unauthorized' } } });
  });

  it('never includes the account SID or credentials in its answer', async () => {
    const response = await invokeFunction(handler, context(), ALL);
    const text = JSON.stringify(response);
    expect(text).not.toContain(TEST_ACCOUNT_SID);
    expect(text).not.toContain(TEST_AUTH_TOKEN);
  });
});
