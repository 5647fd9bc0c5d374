import { startLocalStack, type LocalStack } from '../helpers/local-stack';

// What the real runtime (twilio-run's) hands the functions for requests a browser page or a
// link could make, over real HTTP against the built bundle.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' });
});
afterAll(() => stack.close());

const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';
const TO = '+447400123456';

async function verificationsSent(): Promise<number> {
  return (await stack.control.requestLog()).byRoute[VERIFY_ROUTE] ?? 0;
}

describe('request guards over HTTP', () => {
  it('refuses a JSON body whose request key would hide a hostile Origin', async () => {
    const response = await stack.call('/verify/start', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ to: TO, request: { headers: {} } }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER' } });
  });

  it('refuses a request parameter in the query string or a form', async () => {
    const query = await stack.call(`/verify/start?request=x`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `to=${encodeURIComponent(TO)}` });
    expect(query.status).toBe(400);
    const form = await stack.call('/verify/start', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `to=${encodeURIComponent(TO)}&request=x` });
    expect(form.status).toBe(400);
    expect(await verificationsSent()).toBe(0);
  });

  it('answers a GET with a query string 405 with Allow: POST, and starts nothing', async () => {
    const response = await stack.call(`/verify/start?to=${encodeURIComponent(TO)}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ success: false, error: { code: 'ERR_GATE_METHOD_NOT_ALLOWED' } });
    expect(await verificationsSent()).toBe(0);
  });

  it('answers a text/plain body with the documented JSON 400', async () => {
    const response = await stack.call('/verify/start', { method: 'POST', body: JSON.stringify({ to: TO }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(/as JSON/) } });
  });

  it('still serves a JSON POST', async () => {
    const response = await stack.call('/verify/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: TO }) });
    expect(response.status).toBe(200);
  });
});
