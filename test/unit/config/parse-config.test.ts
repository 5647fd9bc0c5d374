import { ConfigError, DEFAULT_SYNC_SHARDS, parseConfig } from '../../../src/core/config';

describe('parseConfig', () => {
  it('pins the defaults', () => {
    expect(parseConfig({})).toEqual({
      accountSid: undefined,
      apiBaseUrl: undefined,
      twilioTimeoutMs: 3000,
      apiToken: undefined,
      allowedOrigins: [],
      syncServiceSid: 'default',
      syncShards: DEFAULT_SYNC_SHARDS,
      logLevel: 'info',
      hashSecret: undefined,
      identitySecret: undefined,
      verifyServiceSid: undefined,
      verifiedTtlSeconds: 30 * 24 * 3600,
      defaultCountry: undefined,
      verifyRateLimits: false,
      webhookAccountSids: [],
    });
  });

  it('reads GATE_WEBHOOK_ACCOUNT_SIDS as a list of account SIDs', () => {
    const [a, b] = [`AC${'a'.repeat(32)}`, `AC${'b'.repeat(32)}`];
    expect(parseConfig({ GATE_WEBHOOK_ACCOUNT_SIDS: `${a}, ${b}` }).webhookAccountSids).toEqual([a, b]);
    expect(() => parseConfig({ GATE_WEBHOOK_ACCOUNT_SIDS: `${a},MG${'a'.repeat(32)}` })).toThrow(/GATE_WEBHOOK_ACCOUNT_SIDS: 'MG.*' is not an account SID/);
  });

  it('reads GATE_VERIFY_RATE_LIMITS as true or false only', () => {
    expect(parseConfig({ GATE_VERIFY_RATE_LIMITS: 'true' }).verifyRateLimits).toBe(true);
    expect(parseConfig({ GATE_VERIFY_RATE_LIMITS: 'false' }).verifyRateLimits).toBe(false);
    expect(() => parseConfig({ GATE_VERIFY_RATE_LIMITS: 'yes' })).toThrow(ConfigError);
    expect(() => parseConfig({ GATE_VERIFY_RATE_LIMITS: 'yes' })).toThrow(/GATE_VERIFY_RATE_LIMITS.*'yes' is not true or false; set true after 'gatekeeper verify-limits apply'/);
  });

  it('never derives the hash secret from AUTH_TOKEN: rotating the token must not reset the gates', () => {
    expect(parseConfig({ AUTH_TOKEN: 'a'.repeat(32) }).hashSecret).toBeUndefined();
    expect(parseConfig({ AUTH_TOKEN: 'a'.repeat(32), GATE_HASH_SECRET: 's'.repeat(40) }).hashSecret).toBe('s'.repeat(40));
    expect(parseConfig({ AUTH_TOKEN: 'b'.repeat(32), GATE_HASH_SECRET: 's'.repeat(40) }).hashSecret).toBe('s'.repeat(40));
    expect(() => parseConfig({ GATE_HASH_SECRET: 'short' })).toThrow(/GATE_HASH_SECRET: is 5 characters; use at least 32/);
  });

  describe('TWILIO_API_BASE_URL', () => {
    it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://127.9.0.1:80', 'http://[::1]:4010'])('honours the loopback base URL %s', (url) => {
      expect(parseConfig({ TWILIO_API_BASE_URL: url }).apiBaseUrl).toBe(url);
    });

    it.each(['https://api.example.com', 'http://10.0.0.5:4010', 'http://127.0.0.1.example.com', 'http://localhost.example.com:4010'])(
      'refuses the remote base URL %s, which would receive the credentials',
      (url) => {
        expect(() => parseConfig({ TWILIO_API_BASE_URL: url })).toThrow(ConfigError);
        expect(() => parseConfig({ TWILIO_API_BASE_URL: url })).toThrow(/TWILIO_API_BASE_URL: .* is not a loopback host.*GATE_ALLOW_REMOTE_API_BASE_URL=true/);
      },
    );

    it('honours a remote base URL only with GATE_ALLOW_REMOTE_API_BASE_URL=true', () => {
      expect(parseConfig({ TWILIO_API_BASE_URL: 'http://10.0.0.5:4010', GATE_ALLOW_REMOTE_API_BASE_URL: 'true' }).apiBaseUrl).toBe('http://10.0.0.5:4010');
      expect(() => parseConfig({ TWILIO_API_BASE_URL: 'http://10.0.0.5:4010', GATE_ALLOW_REMOTE_API_BASE_URL: 'false' })).toThrow(ConfigError);
      expect(() => parseConfig({ TWILIO_API_BASE_URL: 'http://10.0.0.5:4010', GATE_ALLOW_REMOTE_API_BASE_URL: 'yes' })).toThrow(/not true or false/);
    });

    it('is never honoured in a deployed service, loopback or allowed', () => {
      for (const env of [
        { TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' },
        { TWILIO_API_BASE_URL: 'http://10.0.0.5:4010', GATE_ALLOW_REMOTE_API_BASE_URL: 'true' },
      ]) {
        expect(() => parseConfig({ ...env, DOMAIN_NAME: 'gatekeeper-1234-dev.twil.io' })).toThrow(/TWILIO_API_BASE_URL: is set in a deployed service/);
      }
      expect(parseConfig({ DOMAIN_NAME: 'gatekeeper-1234-dev.twil.io' }).apiBaseUrl).toBeUndefined();
      expect(parseConfig({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010', DOMAIN_NAME: 'localhost:3000' }).apiBaseUrl).toBe('http://127.0.0.1:4010');
    });

    it('refuses what is not an http(s) URL', () => {
      expect(() => parseConfig({ TWILIO_API_BASE_URL: 'ftp://127.0.0.1' })).toThrow(/not an http\(s\) URL/);
      expect(() => parseConfig({ TWILIO_API_BASE_URL: 'not a url' })).toThrow(/not an http\(s\) URL/);
    });
  });

  it('reads the verification settings', () => {
    expect(parseConfig({ GATE_VERIFY_SERVICE_SID: 'VA' + 'f'.repeat(32), GATE_VERIFIED_TTL: '12h', GATE_DEFAULT_COUNTRY: 'GB' })).toMatchObject({
      verifyServiceSid: 'VA' + 'f'.repeat(32),
      verifiedTtlSeconds: 43200,
      defaultCountry: 'GB',
    });
  });

  it('reads every setting', () => {
    const config = parseConfig({
      ACCOUNT_SID: 'AC' + '1'.repeat(32),
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      GATE_TWILIO_TIMEOUT_MS: '2000',
      GATE_API_TOKEN: 'x'.repeat(40),
      GATE_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:3000',
      GATE_SYNC_SERVICE_SID: 'IS' + 'a'.repeat(32),
      GATE_SYNC_SHARDS: '32',
      GATE_LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      twilioTimeoutMs: 2000,
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      syncShards: 32,
      logLevel: 'debug',
    });
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ GATE_API_TOKEN: '  ', GATE_SYNC_SHARDS: '' }).syncShards).toBe(DEFAULT_SYNC_SHARDS);
  });

  it.each([
    ['GATE_API_TOKEN', 'short', /at least 32/],
    ['GATE_SYNC_SHARDS', '0', /whole number from 1 to 256/],
    ['GATE_SYNC_SHARDS', '2.5', /whole number/],
    ['GATE_LOG_LEVEL', 'verbose', /use one of debug, info/],
    ['GATE_ALLOWED_ORIGINS', '*', /not allowed/],
    ['GATE_ALLOWED_ORIGINS', 'app.example.com', /scheme:\/\/host/],
    ['GATE_TWILIO_TIMEOUT_MS', '60000', /between 100 and 9000/],
    ['GATE_SYNC_SERVICE_SID', 'my-service', /Sync service SID/],
    ['GATE_HASH_SECRET', 'short', /at least 32/],
    ['GATE_VERIFY_SERVICE_SID', 'VA123', /Verify service SID/],
    ['GATE_VERIFIED_TTL', '30 days', /not a duration from 1m to 365d/],
    ['GATE_VERIFIED_TTL', '400d', /not a duration/],
    ['GATE_DEFAULT_COUNTRY', 'UK', /ISO 3166/],
  ])('refuses %s=%p with a message naming the setting and the fix', (setting, value, fix) => {
    let thrown: unknown;
    try {
      parseConfig({ [setting]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).setting).toBe(setting);
    expect((thrown as ConfigError).message).toMatch(new RegExp(`^${setting}: `));
    expect((thrown as ConfigError).message).toMatch(fix);
  });

  it('ignores values that are not strings', () => {
    expect(parseConfig({ GATE_SYNC_SHARDS: 4 as unknown as string }).syncShards).toBe(DEFAULT_SYNC_SHARDS);
  });
});
