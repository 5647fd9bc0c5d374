import { startLocalStack, TEST_API_TOKEN, type LocalStack } from '../helpers/local-stack';

// The built bundle, served by Twilio's local runtime, against the emulator, over real HTTP.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' });
});
afterAll(() => stack.close());

describe('GET /health over HTTP', () => {
  it('answers 200 JSON without checks by default', async () => {
    const response = await stack.call('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ success: true, status: 'ok', version: expect.any(String), mode: 'local' });
  });

  it('runs both checks and reads the gate mode with the app token, once per 10 s per instance', async () => {
    expect((await stack.call('/health?checks=all')).status).toBe(401);
    await stack.control.resetLog();
    const authorization = { authorization: `Bearer ${TEST_API_TOKEN}` };
    const first = await stack.call('/health?checks=all', { headers: authorization });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ success: true, status: 'ok', mode: 'local', gateMode: { mode: 'normal' }, checks: { twilio: { ok: true }, sync: { ok: true } }, cached: false });
    const second = await stack.call('/health?checks=all', { headers: authorization });
    expect(await second.json()).toMatchObject({ cached: true });
    // The account, the Sync service and the gate mode document.
    expect((await stack.control.requestLog()).total).toBe(3);
  });

  it('accepts parameters as JSON and as a form', async () => {
    const json = await stack.call('/health', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checks: 'none' }) });
    expect(await json.json()).toEqual({ success: true, status: 'ok', version: expect.any(String), mode: 'local' });
    const form = await stack.call('/health', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'checks=none' });
    expect(((await form.json()) as { checks?: unknown }).checks).toBeUndefined();
  });

  it('answers bad input with a clear 400', async () => {
    const response = await stack.call('/health?checks=%3Cscript%3E');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      success: false,
      error: { code: 'ERR_GATE_INVALID_PARAMETER', message: "Parameter 'checks' must be one of all, none." },
    });
  });

  it('does not crash on a malformed JSON body', async () => {
    const response = await stack.call('/health', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"checks":' });
    expect(response.status).toBeLessThan(500);
  });

  it('refuses a browser origin that is not allowed and admits one that is', async () => {
    const refused = await stack.call('/health', { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await stack.call('/health?checks=none', { headers: { origin: 'https://app.example.com' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
