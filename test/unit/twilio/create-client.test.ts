import { BaseUrlRequestClient } from '../../../src/core/twilio/base-url-request-client';
import { createTwilioClient, DEFAULT_TWILIO_TIMEOUT_MS, resolveTimeoutMs } from '../../../src/core/twilio';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;

describe('createTwilioClient', () => {
  it('uses context.getTwilioClient with the short timeout when no base URL is set', () => {
    const sentinel = { sentinel: true };
    const getTwilioClient = jest.fn(() => sentinel as never);
    const client = createTwilioClient({ getTwilioClient, ACCOUNT_SID, AUTH_TOKEN: 'x' });
    expect(client).toBe(sentinel);
    expect(getTwilioClient).toHaveBeenCalledWith({ timeout: DEFAULT_TWILIO_TIMEOUT_MS });
  });

  it('honours GATE_TWILIO_TIMEOUT_MS', () => {
    const getTwilioClient = jest.fn(() => ({}) as never);
    createTwilioClient({ getTwilioClient, GATE_TWILIO_TIMEOUT_MS: '1500' });
    expect(getTwilioClient).toHaveBeenCalledWith({ timeout: 1500 });
  });

  it('builds a real client with a rewriting HTTP client when TWILIO_API_BASE_URL is set', () => {
    const getTwilioClient = jest.fn();
    const client = createTwilioClient({
      getTwilioClient,
      ACCOUNT_SID,
      AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
    });
    expect(getTwilioClient).not.toHaveBeenCalled();
    expect(client.httpClient).toBeInstanceOf(BaseUrlRequestClient);
    expect(client.accountSid).toBe(ACCOUNT_SID);
  });

  it('refuses a remote base URL, and any base URL in a deployed service, before a request carries the credentials', () => {
    const getTwilioClient = jest.fn();
    const context = { getTwilioClient, ACCOUNT_SID, AUTH_TOKEN: 't' };
    expect(() => createTwilioClient({ ...context, TWILIO_API_BASE_URL: 'https://collector.example.com' })).toThrow(/not a loopback host/);
    expect(() => createTwilioClient({ ...context, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010', DOMAIN_NAME: 'x-1234.twil.io' })).toThrow(/deployed service/);
    expect(createTwilioClient({ ...context, TWILIO_API_BASE_URL: 'https://collector.example.com', GATE_ALLOW_REMOTE_API_BASE_URL: 'true' }).httpClient).toBeInstanceOf(BaseUrlRequestClient);
    expect(getTwilioClient).not.toHaveBeenCalled();
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() =>
      createTwilioClient({ getTwilioClient: jest.fn(), ACCOUNT_SID, AUTH_TOKEN: 't', TWILIO_API_BASE_URL: 'ftp://x' }),
    ).toThrow(/TWILIO_API_BASE_URL/);
  });
});

describe('resolveTimeoutMs', () => {
  it.each([
    [undefined, 3000],
    ['', 3000],
    ['100', 100],
    ['9000', 9000],
    [2500, 2500],
  ])('resolves %p to %p', (input, expected) => {
    expect(resolveTimeoutMs(input)).toBe(expected);
  });

  it.each(['99', '9001', '1.5', 'abc', '-1', '30000'])('refuses %p with a message naming the setting', (input) => {
    expect(() => resolveTimeoutMs(input)).toThrow(/GATE_TWILIO_TIMEOUT_MS/);
  });
});
