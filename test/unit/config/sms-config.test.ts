import { parseSmsConfig } from '../../../src/core/config';

describe('parseSmsConfig: GATE_SMS_EXTRA_COUNTRIES', () => {
  it('defaults to no extra countries', () => {
    expect(parseSmsConfig({}).extraCountries).toEqual([]);
  });

  it('reads a comma-separated list, in any case, without repeats', () => {
    expect(parseSmsConfig({ GATE_SMS_EXTRA_COUNTRIES: 'in, PH,in' }).extraCountries).toEqual(['IN', 'PH']);
  });

  it('refuses a code that is no country, naming the setting', () => {
    expect(() => parseSmsConfig({ GATE_SMS_EXTRA_COUNTRIES: 'IN,XX' })).toThrow(/GATE_SMS_EXTRA_COUNTRIES.*'XX' is not an ISO 3166/);
  });

  it('refuses more than 8 countries', () => {
    expect(() => parseSmsConfig({ GATE_SMS_EXTRA_COUNTRIES: 'IN,PH,US,CA,AU,NZ,DE,FR,IT' })).toThrow(/GATE_SMS_EXTRA_COUNTRIES.*9 countries/);
  });
});
