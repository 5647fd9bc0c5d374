import { compileDestinationPolicy, type DestinationDecision } from '../../../src/core/phone';
import { parsePolicy } from '../../../src/core/policy';

const evaluateDefault = compileDestinationPolicy(parsePolicy({}).destinations);

type Row = [string, string, Partial<DestinationDecision>];

describe('evaluateDestination with the default policy', () => {
  it.each<Row>([
    // Allowed by the general rules.
    ['GB mobile', '+447400123456', { allowed: true, reason: 'allowed', rule: 'default', country: 'GB', type: 'MOBILE', e164: '+447400123456' }],
    ['US number (mobile or fixed)', '+14155552671', { allowed: true, reason: 'allowed', country: 'US', type: 'FIXED_LINE_OR_MOBILE' }],
    ['Jersey mobile under +44', '+447797123456', { allowed: true, country: 'JE', type: 'MOBILE' }],
    ['Guernsey mobile under +44', '+447781123456', { allowed: true, country: 'GG', type: 'MOBILE' }],
    ['Isle of Man mobile under +44', '+447624123456', { allowed: true, country: 'IM', type: 'MOBILE' }],
    ['German mobile', '+4915123456789', { allowed: true, country: 'DE' }],
    // +1 Caribbean: decided on the parsed country, not the calling code.
    ['Jamaica under +1', '+18765550123', { allowed: false, reason: 'country_denied', rule: 'destinations.countries.deny[JM]', country: 'JM' }],
    ['Bahamas under +1', '+12423571234', { allowed: false, reason: 'country_denied', country: 'BS' }],
    ['Dominican Republic under +1', '+18092345678', { allowed: false, reason: 'country_denied', country: 'DO' }],
    ['Bermuda under +1', '+14413701234', { allowed: false, reason: 'country_denied', rule: 'destinations.countries.deny[BM]', country: 'BM' }],
    ['the Cayman Islands under +1', '+13453231234', { allowed: false, reason: 'country_denied', country: 'KY' }],
    ['Puerto Rico under +1', '+17872345678', { allowed: false, reason: 'country_denied', country: 'PR' }],
    ['the US Virgin Islands under +1', '+13406421234', { allowed: false, reason: 'country_denied', country: 'VI' }],
    ['Guam under +1', '+16713001234', { allowed: false, reason: 'country_denied', country: 'GU' }],
    // The ten high-risk countries.
    ['Latvia', '+37120123456', { allowed: false, reason: 'country_denied', country: 'LV' }],
    ['Lithuania', '+37061234567', { allowed: false, reason: 'country_denied', country: 'LT' }],
    ['Serbia', '+381601234567', { allowed: false, reason: 'country_denied', country: 'RS' }],
    ['Congo', '+242061234567', { allowed: false, reason: 'country_denied', country: 'CG' }],
    ['DR Congo', '+243991234567', { allowed: false, reason: 'country_denied', country: 'CD' }],
    ['Chad', '+23566123456', { allowed: false, reason: 'country_denied', country: 'TD' }],
    ['Gambia', '+2203012345', { allowed: false, reason: 'country_denied', country: 'GM' }],
    ['Sierra Leone', '+23276123456', { allowed: false, reason: 'country_denied', country: 'SL' }],
    ['Guinea', '+224601234567', { allowed: false, reason: 'country_denied', country: 'GN' }],
    ['Fiji (Pacific)', '+6797012345', { allowed: false, reason: 'country_denied', country: 'FJ' }],
    // Non-geographic codes: refused by prefix before any type check.
    ['Iridium +8816', '+881612345678', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+881]', country: undefined }],
    ['international network +882', '+882160000000', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+882]' }],
    ['international network +883', '+883140123456', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+883]' }],
    ['Inmarsat +870', '+870772123456', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+870]' }],
    ['international premium rate +979', '+979123456789', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+979]' }],
    ['invalid +882 number', '+88213123456', { allowed: false, reason: 'invalid_number' }],
    // UK special ranges: refused by line type for SMS.
    ['UK 070 personal number', '+447012345678', { allowed: false, reason: 'line_type_not_allowed', rule: 'destinations.lineTypes.sms', type: 'PERSONAL_NUMBER' }],
    ['UK 076 pager', '+447640123456', { allowed: false, reason: 'line_type_not_allowed', type: 'PAGER' }],
    ['UK 084 special service', '+448451234567', { allowed: false, reason: 'line_type_not_allowed', type: 'PREMIUM_RATE' }],
    ['UK 087 special service', '+448712345678', { allowed: false, reason: 'line_type_not_allowed', type: 'PREMIUM_RATE' }],
    ['UK 09 premium rate', '+449061234567', { allowed: false, reason: 'line_type_not_allowed', type: 'PREMIUM_RATE' }],
    ['UK 0800 freephone', '+448001234567', { allowed: false, reason: 'line_type_not_allowed', type: 'TOLL_FREE' }],
    ['Jersey landline', '+441534712345', { allowed: false, reason: 'line_type_not_allowed', type: 'FIXED_LINE', country: 'JE' }],
    // Hostile and malformed input.
    ['fullwidth digits and plus', '＋４４７４００１２３４５６', { allowed: true, e164: '+447400123456' }],
    ['zero-width space inside', '+44740\u200b0123456', { allowed: true, e164: '+447400123456' }],
    ['direction override inside', '\u202e+447400123456\u202c', { allowed: true, e164: '+447400123456' }],
    ['Arabic-Indic digits', '+٤٤٧٤٠٠١٢٣٤٥٦', { allowed: true, e164: '+447400123456' }],
    ['an extension', '+1 (415) 555-2671 ext 12', { allowed: false, reason: 'extension_not_allowed', e164: '+14155552671' }],
    ['national format without a default country', '07400 123456', { allowed: false, reason: 'invalid_number' }],
    ['number inside text', 'call +447400123456 now', { allowed: false, reason: 'invalid_number' }],
    ['tel: URI', 'tel:+447400123456', { allowed: false, reason: 'invalid_number' }],
    ['empty', '', { allowed: false, reason: 'invalid_number', rule: 'parse' }],
    ['spaces', '   ', { allowed: false, reason: 'invalid_number' }],
    ['10 KB string', '+44'.padEnd(10240, '7'), { allowed: false, reason: 'invalid_number' }],
    ['10 KB of digits', '1'.repeat(10240), { allowed: false, reason: 'invalid_number' }],
    ['emoji', '📞📞📞', { allowed: false, reason: 'invalid_number' }],
    ['SQL fragment', "+44' OR '1'='1", { allowed: false, reason: 'invalid_number' }],
    ['HTML fragment', '<script>alert(1)</script>', { allowed: false, reason: 'invalid_number' }],
    ['too short', '+4412', { allowed: false, reason: 'invalid_number' }],
    ['unassigned range', '+15555555555', { allowed: false, reason: 'invalid_number' }],
  ])('%s (%s) for SMS', (_name, input, expected) => {
    expect(evaluateDefault(input, { channel: 'sms' })).toMatchObject(expected);
  });

  it('never returns a number for refusals that could not parse', () => {
    expect(evaluateDefault('garbage', { channel: 'sms' })).toEqual({ allowed: false, reason: 'invalid_number', rule: 'parse' });
  });

  it.each([null, undefined, 42, {}, ['+447400123456']])('answers invalid_number for a non-string %p, never throwing', (input) => {
    expect(evaluateDefault(input as unknown as string, { channel: 'sms' }).reason).toBe('invalid_number');
  });

  it('parses national formats with a default country', () => {
    expect(evaluateDefault('07400 123456', { channel: 'sms', defaultCountry: 'GB' })).toMatchObject({ allowed: true, e164: '+447400123456' });
    expect(evaluateDefault('(415) 555-2671', { channel: 'sms', defaultCountry: 'US' })).toMatchObject({ allowed: true, e164: '+14155552671' });
  });

  it('allows landlines for voice but not for SMS', () => {
    expect(evaluateDefault('+4930123456', { channel: 'voice' })).toMatchObject({ allowed: true, type: 'FIXED_LINE' });
    expect(evaluateDefault('+4930123456', { channel: 'sms' })).toMatchObject({ allowed: false, reason: 'line_type_not_allowed' });
  });
});

describe('evaluateDestination precedence', () => {
  const evaluate = compileDestinationPolicy(
    parsePolicy({
      destinations: {
        numbers: { allow: ['+37120123456', '+447012345678'], deny: ['+447400123456', '+37120123456'] },
        prefixes: { allow: ['+3712', '+4474001'], deny: ['+371', '+44740', '+4474'] },
        countries: { allow: ['GB', 'LV', 'DE'], deny: ['LV'] },
      },
    }).destinations,
  );

  it.each<Row>([
    ['number deny beats number allow', '+37120123456', { allowed: false, reason: 'number_denied', rule: 'destinations.numbers.deny' }],
    ['number deny beats everything else', '+447400123456', { allowed: false, reason: 'number_denied' }],
    ['number allow skips prefix, country and line type', '+447012345678', { allowed: true, reason: 'number_allowed', type: 'PERSONAL_NUMBER' }],
    ['longest prefix wins: allow +4474001 over deny +44740', '+447400123457', { allowed: true, reason: 'prefix_allowed', rule: 'destinations.prefixes.allow[+4474001]' }],
    ['longest prefix wins: deny +44740 over shorter deny', '+447400223456', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+44740]' }],
    ['prefix allow skips a country deny', '+37120123457', { allowed: true, reason: 'prefix_allowed' }],
    ['prefix deny applies before the country allow list', '+37161234567', { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+371]' }],
    ['country allow list refuses others', '+33612345678', { allowed: false, reason: 'country_not_allowed', rule: 'destinations.countries.allow' }],
    ['country allow list refuses non-geographic numbers', '+979123456789', { allowed: false, reason: 'country_not_allowed' }],
    ['country allow list admits listed', '+4915123456789', { allowed: true, reason: 'allowed' }],
  ])('%s', (_name, input, expected) => {
    expect(evaluate(input, { channel: 'sms' })).toMatchObject(expected);
  });

  it('honours an allow entry until its expiry, then judges the number like any other', () => {
    const expiring = compileDestinationPolicy(parsePolicy({ destinations: { numbers: { allow: [{ number: '+37120123456', expires: '2026-12-31' }] } } }).destinations);
    const expiry = Date.UTC(2026, 11, 31);
    expect(expiring('+37120123456', { channel: 'sms', now: expiry - 1 })).toMatchObject({ allowed: true, reason: 'number_allowed', rule: 'destinations.numbers.allow', expiresAt: expiry });
    expect(expiring('+37120123456', { channel: 'sms', now: expiry })).toMatchObject({ allowed: false, reason: 'country_denied' });
  });

  it('still checks line types after a prefix allow', () => {
    const evaluateAllowPrefix = compileDestinationPolicy(parsePolicy({ destinations: { prefixes: { allow: ['+4470'] } } }).destinations);
    expect(evaluateAllowPrefix('+447012345678', { channel: 'sms' })).toMatchObject({ allowed: false, reason: 'line_type_not_allowed' });
  });

  it('is deterministic', () => {
    const inputs = ['+447400123457', '+37120123456', 'x', '+979123456789'];
    const first = inputs.map((input) => evaluate(input, { channel: 'voice' }));
    expect(inputs.map((input) => evaluate(input, { channel: 'voice' }))).toEqual(first);
  });
});
