import { lastBody, lastStatus, raw, useContractHarness } from './harness';
import { errorValidator, expectValid, responseValidator } from './openapi';

// Lookup v2 through the real twilio client, every body checked against twilio_lookups_v2.json.
const PATH = '/v2/PhoneNumbers/{PhoneNumber}';
const FIELDS = 'line_type_intelligence,sms_pumping_risk';
// The Lookup docs say carrier details are only returned where known (mobile networks): null otherwise.
const NULLABLE = ['line_type_intelligence.carrier_name', 'line_type_intelligence.mobile_country_code', 'line_type_intelligence.mobile_network_code'];

const h = useContractHarness();

async function lookup(number: string, fields: string | null = FIELDS) {
  const result = await h.client.lookups.v2.phoneNumbers(number).fetch(fields === null ? {} : { fields });
  expect(lastStatus(h.client)).toBe(200);
  expectValid(responseValidator('twilio_lookups_v2', PATH, 'get', 200, { nullable: NULLABLE }), lastBody(h.client));
  return result;
}

describe('Lookup v2', () => {
  it('formats and validates a number, filling the requested packages', async () => {
    const result = await lookup('+447911123456');
    expect(result).toMatchObject({
      valid: true,
      phoneNumber: '+447911123456',
      callingCountryCode: '44',
      nationalFormat: '07911 123456',
      validationErrors: [],
      lineTypeIntelligence: { type: 'mobile', errorCode: null },
      smsPumpingRisk: { smsPumpingRiskScore: 10, carrierRiskCategory: 'low', numberBlocked: false, errorCode: null },
    });
  });

  it.each([
    ['+442071838750', 'landline'],
    ['+18005550100', 'tollFree'],
    ['+19005550100', 'premium'],
    ['+15005550006', 'personal'],
    ['+14155552671', 'mobile'],
    ['+33612345678', 'mobile'],
  ])('derives the line type of %s as %s from libphonenumber', async (number, type) => {
    expect((await lookup(number)).lineTypeIntelligence).toMatchObject({ type });
  });

  it('fills only the requested fields', async () => {
    const basic = await lookup('+447911123456', null);
    expect(basic.lineTypeIntelligence).toBeNull();
    expect(basic.smsPumpingRisk).toBeNull();
    const lti = await lookup('+447911123456', 'line_type_intelligence');
    expect(lti.lineTypeIntelligence).not.toBeNull();
    expect(lti.smsPumpingRisk).toBeNull();
  });

  it.each([
    ['+4470', 'TOO_SHORT'],
    ['+44791112345678901', 'TOO_LONG'],
    ['+447700900123', 'INVALID_BUT_POSSIBLE'],
    ['+999123456', 'INVALID_COUNTRY_CODE'],
  ])('answers 200 with valid false and null details for %s (%s)', async (number, reason) => {
    const result = await lookup(number);
    expect(result).toMatchObject({ valid: false, validationErrors: [reason], callingCountryCode: null, countryCode: null, nationalFormat: null, lineTypeIntelligence: null, smsPumpingRisk: null });
  });

  it('reads a national number with CountryCode', async () => {
    const result = await h.client.lookups.v2.phoneNumbers('020 7183 8750').fetch({ countryCode: 'GB', fields: 'line_type_intelligence' });
    expect(result).toMatchObject({ valid: true, phoneNumber: '+442071838750', lineTypeIntelligence: { type: 'landline' } });
  });

  it('applies per-number overrides set through the control API', async () => {
    await h.control.setLookupOverride({ phoneNumber: '+447911123456', lineType: 'nonFixedVoip', carrierName: 'Pump Telecom', mobileCountryCode: '234', mobileNetworkCode: '15', smsPumpingRiskScore: 95 });
    const result = await lookup('+447911123456');
    expect(result.lineTypeIntelligence).toMatchObject({ type: 'nonFixedVoip', carrierName: 'Pump Telecom', mobileCountryCode: '234', mobileNetworkCode: '15' });
    expect(result.smsPumpingRisk).toMatchObject({ smsPumpingRiskScore: 95, carrierRiskCategory: 'high' });
    await h.control.setLookupOverride({ phoneNumber: '+447911123456', valid: false });
    expect((await lookup('+447911123456')).valid).toBe(false);
  });

  it('refuses an unknown field name with a clear 400', async () => {
    const response = await raw(h.emulator.url, 'GET', '/lookups/v2/PhoneNumbers/+447911123456?Fields=line_type_inteligence');
    expect(response.status).toBe(400);
    expectValid(errorValidator('twilio_lookups_v2', PATH, 'get', 400), response.json);
    expect((response.json as { message: string }).message).toMatch(/line_type_inteligence/);
  });
});
