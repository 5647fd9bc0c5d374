import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control-client';
import { handler } from '../../src/functions/health';
import { invokeFunction } from '../helpers/invoke-function';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/local-stack';

let emulator: RunningEmulator;
let control: EmulatorControl;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  control = new EmulatorControl(emulator.url);
});
afterAll(() => emulator.close());
beforeEach(() => control.reset());

function context(env: Record<string, string> = {}) {
  return {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_API_BASE_URL: emulator.url,
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
    const response = await invokeFunction(handler, context(), {});
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      status: 'ok',
      mode: 'local',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      checks: { twilio: { ok: true }, sync: { ok: true } },
    });
  });

  it('fetches the account and the Sync service, one request each', async () => {
    await control.resetLog();
    await invokeFunction(handler, context(), {});
    const log = await control.requestLog();
    expect(log.total).toBe(2);
  });

  it('skips the dependency checks with checks=none', async () => {
    await control.resetLog();
    const response = await invokeFunction(handler, context(), { checks: 'none' });
    expect(response.body).toEqual({ success: true, status: 'ok', version: expect.any(String), mode: 'local' });
    expect((await control.requestLog()).total).toBe(0);
  });

  it.each([['bogus'], [['all', 'none']], [{ nested: true }]])('answers 400 for checks=%p', async (checks) => {
    const response = await invokeFunction(handler, context(), { checks });
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER' } });
  });

  it('answers 503 degraded, naming a coarse problem, when Sync fails', async () => {
    await control.injectFault({ route: 'GET /sync/v1/Services/:sid', kind: '500-html', count: 1 });
    const response = await invokeFunction(handler, context(), {});
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
    const response = await invokeFunction(handler, context({ GATE_TWILIO_TIMEOUT_MS: '300' }), {});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.body).toMatchObject({ status: 'degraded', checks: { twilio: { ok: false, problem: 'timeout' } } });
  });

  it('reports unauthorized when the credentials are refused', async () => {
    // A malformed account SID is refused by the API's Basic auth with 401, as Twilio does.
    const response = await invokeFunction(handler, context({ ACCOUNT_SID: 'AC123' }), {});
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ checks: { twilio: { ok: false, problem: 'unauthorized' } } });
  });

  it('never includes the account SID or credentials in its answer', async () => {
    const response = await invokeFunction(handler, context(), {});
    const text = JSON.stringify(response);
    expect(text).not.toContain(TEST_ACCOUNT_SID);
    expect(text).not.toContain(TEST_AUTH_TOKEN);
  });
});
