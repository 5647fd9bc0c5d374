import { rewriteTwilioUrl } from '../../../src/core/twilio/base-url-request-client';

describe('rewriteTwilioUrl', () => {
  const base = 'http://127.0.0.1:4010';

  it.each([
    ['https://sync.twilio.com/v1/Services/default', `${base}/sync/v1/Services/default`],
    ['https://verify.twilio.com/v2/Services/VA1/Verifications', `${base}/verify/v2/Services/VA1/Verifications`],
    ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json', `${base}/api/2010-04-01/Accounts/AC1/Messages.json`],
    ['https://lookups.twilio.com/v2/PhoneNumbers/+447700900123?Fields=x', `${base}/lookups/v2/PhoneNumbers/+447700900123?Fields=x`],
    ['https://sync.dublin.ie1.twilio.com/v1/Services', `${base}/sync/v1/Services`],
    ['https://SYNC.Twilio.com/v1/Services', `${base}/sync/v1/Services`],
  ])('maps %s onto the base URL with the product as first segment', (input, expected) => {
    expect(rewriteTwilioUrl(input, base)).toBe(expected);
  });

  it('ignores a trailing slash on the base URL', () => {
    expect(rewriteTwilioUrl('https://sync.twilio.com/v1/Services', `${base}/`)).toBe(`${base}/sync/v1/Services`);
  });

  it.each([
    'https://example.com/v1/Services',
    'https://twilio.com.evil.example/v1',
    'http://sync.twilio.com/v1/Services',
    'https://sync.twilio.community/v1',
  ])('leaves %s unchanged', (input) => {
    expect(rewriteTwilioUrl(input, base)).toBe(input);
  });
});
