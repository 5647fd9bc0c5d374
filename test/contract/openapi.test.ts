import { errorValidator, expectValid, responseExamples, responseValidator, type SpecName } from './openapi';

// The validation helper itself: it must accept what Twilio documents and refuse what it does not,
// or every other contract test proves nothing.
const OPERATIONS: [SpecName, string, string, number][] = [
  ['twilio_sync_v1', '/v1/Services/{Sid}', 'get', 200],
  ['twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps', 'post', 201],
  ['twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', 'post', 201],
  ['twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', 'get', 200],
  ['twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}', 'post', 200],
  ['twilio_verify_v2', '/v2/Services', 'post', 201],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/Verifications', 'post', 201],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/VerificationCheck', 'post', 200],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/RateLimits', 'post', 201],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/RateLimits', 'get', 200],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/RateLimits/{RateLimitSid}/Buckets', 'post', 201],
  ['twilio_verify_v2', '/v2/Services/{ServiceSid}/RateLimits/{RateLimitSid}/Buckets', 'get', 200],
  ['twilio_lookups_v2', '/v2/PhoneNumbers/{PhoneNumber}', 'get', 200],
  ['twilio_monitor_v1', '/v1/Alerts', 'get', 200],
  ['twilio_monitor_v1', '/v1/Alerts/{Sid}', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', 'post', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts.json', 'post', 201],
  ['twilio_api_v2010', '/2010-04-01/Accounts.json', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json', 'post', 201],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers/{Sid}.json', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 'post', 201],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Messages.json', 'get', 200],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Calls.json', 'post', 201],
  ['twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Calls.json', 'get', 200],
];

const ITEM = ['twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}', 'get', 200] as const;
const validItem = () => ({
  key: 'k',
  account_sid: `AC${'a'.repeat(32)}`,
  service_sid: `IS${'b'.repeat(32)}`,
  map_sid: `MP${'c'.repeat(32)}`,
  url: 'https://sync.twilio.com/v1/Services/IS/Maps/MP/Items/k',
  revision: '1',
  data: {},
  date_expires: null,
  date_created: '2025-01-01T00:00:00Z',
  date_updated: '2025-01-01T00:00:00Z',
  created_by: 'system',
});

describe('OpenAPI response validation helper', () => {
  it.each(OPERATIONS)("accepts the spec's own examples for %s %s %s %s, strictly", (spec, path, method, status) => {
    const examples = responseExamples(spec, path, method, status);
    expect(Object.keys(examples).length).toBeGreaterThan(0);
    const validate = responseValidator(spec, path, method, status);
    for (const example of Object.values(examples)) expectValid(validate, example);
  });

  it('accepts a complete, correct body', () => {
    expectValid(responseValidator(...ITEM), validItem());
  });

  it.each([
    ['a missing property', (b: Record<string, unknown>) => delete b.created_by],
    ['an unlisted property', (b: Record<string, unknown>) => (b.extra = 1)],
    ['a wrong type', (b: Record<string, unknown>) => (b.revision = 1)],
    ['a SID with the wrong prefix', (b: Record<string, unknown>) => (b.map_sid = `IS${'c'.repeat(32)}`)],
    ['a non-ISO date', (b: Record<string, unknown>) => (b.date_created = 'Wed, 01 Jan 2025 00:00:00 +0000')],
    ['a relative url', (b: Record<string, unknown>) => (b.url = '/v1/Services')],
  ])('refuses %s', (_name, mutate) => {
    const body = validItem();
    mutate(body);
    expect(responseValidator(...ITEM)(body)).toBe(false);
  });

  it('translates nullable: null passes only where the spec allows it', () => {
    const lookup = responseValidator('twilio_lookups_v2', '/v2/PhoneNumbers/{PhoneNumber}', 'get', 200, { strict: false });
    expect(lookup({ valid: true, validation_errors: null })).toBe(true);
    expect(lookup({ valid: null })).toBe(false);
    const account = responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', 'get', 200, { strict: false });
    expect(account({ sid: null, status: 'active' })).toBe(true);
    expect(account({ status: 'dormant' })).toBe(false);
  });

  it('checks RFC 2822 dates on the 2010 API', () => {
    const account = responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{Sid}.json', 'get', 200, { strict: false });
    expect(account({ date_created: 'Thu, 30 Jul 2015 20:00:00 +0000' })).toBe(true);
    expect(account({ date_created: '2015-07-30T20:00:00Z' })).toBe(false);
  });

  it("uses the operation's own error schema when it has one, else the four Twilio error fields", () => {
    const body = { code: 20429, message: 'Too many requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 };
    expectValid(errorValidator('twilio_verify_v2', '/v2/Services/{ServiceSid}/Verifications', 'post', 429), body);
    const generic = errorValidator('twilio_sync_v1', '/v1/Services/{Sid}', 'get', 404);
    expectValid(generic, { ...body, code: 20404, status: 404 });
    expect(generic({ code: 20404, message: 'x', status: 404 })).toBe(false);
    expect(generic({ ...body, more_info: 'elsewhere' })).toBe(false);
  });

  it('names the operation when the spec has none', () => {
    expect(() => responseValidator('twilio_sync_v1', '/v1/Nope', 'get', 200)).toThrow(/no operation GET \/v1\/Nope/);
  });
});
