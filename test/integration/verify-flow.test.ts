import { startLocalStack, type LocalStack } from '../helpers/local-stack';

// The verification flow through the built bundle and the emulator, over real HTTP, as the demo
// page (src/assets/index.html) drives it.
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' });
});
afterAll(() => stack.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return stack.call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('verification over HTTP', () => {
  it('starts, then checks a code end to end', async () => {
    const started = await post('/verify/start', { to: '+447400123456', channel: 'sms' });
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ success: true, status: 'pending', channel: 'sms' });
    expect(started.headers.get('ratelimit-policy')).toMatch(/^"verify-start/);

    const code = await stack.control.verificationCode('+447400123456');
    const checked = await post('/verify/check', { to: '+447400123456', code });
    expect(checked.status).toBe(200);
    expect(await checked.json()).toEqual({ success: true, valid: true });
  });

  it('accepts form-encoded requests like a plain HTML form', async () => {
    const response = await stack.call('/verify/start', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'to=%2B4915123456789&channel=call',
    });
    expect(response.status).toBe(200);
  });

  it('refuses a premium-rate destination with 403 and sends nothing', async () => {
    await stack.control.resetLog();
    const response = await post('/verify/start', { to: '+449061234567' });
    expect(response.status).toBe(403);
    expect((await stack.control.requestLog()).byRoute['POST /verify/v2/Services/:svc/Verifications'] ?? 0).toBe(0);
  });

  it('refuses a cross-origin browser request from an origin that is not allowed', async () => {
    const response = await post('/verify/start', { to: '+447400123457' }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ERR_GATE_ORIGIN_NOT_ALLOWED');
  });

  it('lets the platform answer the preflight, then admits the allowed origin with its own CORS headers', async () => {
    const preflight = await stack.call('/verify/start', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    const response = await post('/verify/start', { to: '+447400123458' }, { origin: 'https://app.example.com' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('serves the demo page', async () => {
    const response = await stack.call('/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('/verify/start');
  });

  it('never serves the private policy file', async () => {
    const response = await stack.call('/policy.json');
    expect(response.status).toBe(403);
  });
});
