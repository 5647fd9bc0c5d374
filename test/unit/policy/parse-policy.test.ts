import { DEFAULT_UNCONVERTED_BUDGETS } from '../../../src/core/adaptive';
import { DEFAULT_ORIGIN_SHARE } from '../../../src/core/inbound/origin-share';
import { DEFAULT_KNOWN_CALLERS } from '../../../src/core/inbound/known-callers';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import {
  CARIBBEAN_ISLAND_STATES,
  NANP_OUTSIDE_US_AND_CANADA,
  DEFAULT_DENIED_PREFIXES,
  HIGH_RISK_COUNTRIES,
  PACIFIC_ISLAND_STATES,
  parsePolicy,
  PolicyError,
} from '../../../src/core/policy';

describe('parsePolicy', () => {
  it('pins the defaults', () => {
    const policy = parsePolicy({});
    expect(policy.mode).toBe('enforce');
    expect(policy.destinations.countries).toEqual({ allow: [], deny: [...HIGH_RISK_COUNTRIES, ...PACIFIC_ISLAND_STATES, ...CARIBBEAN_ISLAND_STATES, ...NANP_OUTSIDE_US_AND_CANADA] });
    expect(policy.destinations.prefixes).toEqual({ allow: [], deny: ['+870', '+878', '+881', '+882', '+883', '+888', '+979', '+800', '+808'] });
    expect(policy.destinations.numbers).toEqual({ allow: [], deny: [] });
  });

  it('denies by default every +1 member but the United States and Canada, as libphonenumber knows them', () => {
    const nanp = getCountries().filter((country) => getCountryCallingCode(country) === '1' && country !== 'US' && country !== 'CA');
    expect([...NANP_OUTSIDE_US_AND_CANADA].sort()).toEqual(nanp.sort());
    expect(parsePolicy({}).destinations.countries.deny).toEqual(expect.arrayContaining(nanp));
    expect(parsePolicy({}).destinations.countries.deny).not.toEqual(expect.arrayContaining(['US']));
    expect(parsePolicy({}).destinations.countries.deny).not.toEqual(expect.arrayContaining(['CA']));
  });

  it('reads allow entries as numbers or as numbers with an expiry (a date is 00:00 UTC)', () => {
    const policy = parsePolicy({
      destinations: {
        numbers: {
          allow: ['+447911123456', { number: '+447911123457', expires: '2026-12-31' }, { number: '+447911123458', expires: '2026-12-31T18:00:00+01:00' }, { number: '+447911123459' }],
        },
      },
    });
    expect(policy.destinations.numbers.allow).toEqual([
      { number: '+447911123456', expires: null, expiresAt: null },
      { number: '+447911123457', expires: '2026-12-31', expiresAt: Date.UTC(2026, 11, 31) },
      { number: '+447911123458', expires: '2026-12-31T18:00:00+01:00', expiresAt: Date.UTC(2026, 11, 31, 17) },
      { number: '+447911123459', expires: null, expiresAt: null },
    ]);
    expect(policy.destinations.lineTypes).toEqual({ sms: ['MOBILE', 'FIXED_LINE_OR_MOBILE'], voice: ['MOBILE', 'FIXED_LINE_OR_MOBILE', 'FIXED_LINE'] });
    expect(policy.lookup).toEqual({ lineType: false, smsPumpingRiskMax: null, onError: 'closed', onUnusable: 'free-checks' });
    expect(policy.inbound).toEqual({ deny: { numbers: [], prefixes: [] }, anonymous: 'allow', originShare: DEFAULT_ORIGIN_SHARE, knownCallers: DEFAULT_KNOWN_CALLERS });
    expect(policy.adaptive).toEqual({
      lowConversion: { scope: 'prefix:8', digits: 8, window: '1h', windowMs: 3_600_000, minStarts: 3, minConversion: 0.2 },
      backoff: { first: '30s', firstMs: 30_000, max: '1h', maxMs: 3_600_000 },
      unconverted: DEFAULT_UNCONVERTED_BUDGETS,
    });
    expect(DEFAULT_DENIED_PREFIXES).toHaveLength(9);
  });

  it('denies the ten most abused countries by default', () => {
    expect(HIGH_RISK_COUNTRIES).toEqual(['LV', 'LT', 'RS', 'SO', 'CG', 'CD', 'TD', 'GM', 'SL', 'GN']);
  });

  it('replaces a default list with the one in the file', () => {
    const policy = parsePolicy({ destinations: { countries: { deny: ['RU'] }, prefixes: { deny: [] } } });
    expect(policy.destinations.countries.deny).toEqual(['RU']);
    expect(policy.destinations.prefixes.deny).toEqual([]);
  });

  it('reads the inbound caller rules', () => {
    const policy = parsePolicy({ inbound: { deny: { numbers: ['+447911123456'], prefixes: ['+4479112'] }, anonymous: 'reject' } });
    expect(policy.inbound).toEqual({ deny: { numbers: ['+447911123456'], prefixes: ['+4479112'] }, anonymous: 'reject', originShare: DEFAULT_ORIGIN_SHARE, knownCallers: DEFAULT_KNOWN_CALLERS });
  });

  it('reads inbound.originShare: false switches it off, an object replaces the fields it gives', () => {
    expect(parsePolicy({ inbound: { originShare: false } }).inbound.originShare).toBe(false);
    expect(parsePolicy({ inbound: { originShare: true } }).inbound.originShare).toEqual(DEFAULT_ORIGIN_SHARE);
    expect(parsePolicy({ inbound: { originShare: { floor: 0.1, refresh: '30s' } } }).inbound.originShare).toEqual({ ...DEFAULT_ORIGIN_SHARE, floor: 0.1, refresh: '30s', refreshMs: 30_000 });
  });

  it('accepts monitor mode and lookup settings', () => {
    const policy = parsePolicy({ mode: 'monitor', lookup: { lineType: true, smsPumpingRiskMax: 60, onError: 'open', onUnusable: 'refuse' } });
    expect(policy.mode).toBe('monitor');
    expect(policy.lookup).toEqual({ lineType: true, smsPumpingRiskMax: 60, onError: 'open', onUnusable: 'refuse' });
    expect(() => parsePolicy({ lookup: { onUnusable: 'allow' } })).toThrow(/lookup\.onUnusable: must be 'refuse' or 'free-checks', not "allow"/);
  });

  it.each([
    [[], '(root)', /must be an object, not a list/],
    [{ destination: {} }, 'destination', /did you mean 'destinations'/],
    [{ mode: 'block' }, 'mode', /'enforce' or 'monitor'/],
    [{ destinations: { countries: { deny: ['XX'] } } }, 'destinations.countries.deny[0]', /not an ISO 3166 alpha-2/],
    [{ destinations: { countries: { deny: ['gb'] } } }, 'destinations.countries.deny[0]', /must be upper case: 'GB'/],
    [{ destinations: { countries: { deny: 'LV' } } }, 'destinations.countries.deny', /must be a list, not a string/],
    [{ destinations: { countries: { denny: [] } } }, 'destinations.countries.denny', /did you mean 'deny'/],
    [{ destinations: { prefixes: { deny: ['882'] } } }, 'destinations.prefixes.deny[0]', /write '\+' and 1 to 15 digits/],
    [{ destinations: { numbers: { allow: ['07911123456'] } } }, 'destinations.numbers.allow[0]', /not an E\.164 number/],
    [{ destinations: { numbers: { allow: [447911123456] } } }, 'destinations.numbers.allow[0]', /must be an object, not a number/],
    [{ destinations: { numbers: { allow: [{ expires: '2026-12-31' }] } } }, 'destinations.numbers.allow[0].number', /is required: an E\.164 number/],
    [{ destinations: { numbers: { allow: [{ number: '+447911123456', expires: 'next week' }] } } }, 'destinations.numbers.allow[0].expires', /is not a date; use 2026-12-31/],
    [{ destinations: { numbers: { allow: [{ number: '+447911123456', expires: '2026-12-31T18:00:00' }] } } }, 'destinations.numbers.allow[0].expires', /is not a date/],
    [{ destinations: { numbers: { allow: [{ number: '+447911123456', expires: '2026-02-30' }] } } }, 'destinations.numbers.allow[0].expires', /is not a date/],
    [{ destinations: { numbers: { allow: [{ number: '+447911123456', until: '2026-12-31' }] } } }, 'destinations.numbers.allow[0].until', /unknown key/],
    [{ destinations: { lineTypes: { sms: ['CELL'] } } }, 'destinations.lineTypes.sms[0]', /not a line type; use one of MOBILE/],
    [{ destinations: { lineTypes: { fax: [] } } }, 'destinations.lineTypes.fax', /unknown key/],
    [{ lookup: { smsPumpingRiskMax: 101 } }, 'lookup.smsPumpingRiskMax', /0 to 100/],
    [{ lookup: { lineType: 'yes' } }, 'lookup.lineType', /true or false/],
    [{ lookup: { onError: 'fail' } }, 'lookup.onError', /'closed' or 'open'/],
    [{ throttles: [] }, 'throttles', /must be an object/],
    [{ inbound: { anonymus: 'reject' } }, 'inbound.anonymus', /did you mean 'anonymous'/],
    [{ inbound: { anonymous: 'block' } }, 'inbound.anonymous', /'allow' or 'reject'/],
    [{ inbound: { deny: { numbers: ['07911123456'] } } }, 'inbound.deny.numbers[0]', /not an E\.164 number/],
    [{ inbound: { deny: { prefixes: ['44'] } } }, 'inbound.deny.prefixes[0]', /write '\+' and 1 to 15 digits/],
    [{ inbound: { deny: { countries: ['LV'] } } }, 'inbound.deny.countries', /unknown key/],
    [{ inbound: { originShare: { floor: 0 } } }, 'inbound.originShare.floor', /above 0 and at most 0\.5/],
    [{ inbound: { originShare: { floor: 0.6 } } }, 'inbound.originShare.floor', /above 0 and at most 0\.5/],
    [{ inbound: { originShare: { pressure: -0.1 } } }, 'inbound.originShare.pressure', /above 0 and at most 1/],
    [{ inbound: { originShare: { pressure: '50%' } } }, 'inbound.originShare.pressure', /not a string/],
    [{ inbound: { originShare: { headroom: 0.5 } } }, 'inbound.originShare.headroom', /from 1 to 100/],
    [{ inbound: { originShare: { refresh: '10x' } } }, 'inbound.originShare.refresh', /1s to 5m/],
    [{ inbound: { originShare: { refresh: '1h' } } }, 'inbound.originShare.refresh', /1s to 5m/],
    [{ inbound: { originShare: { warmUpCalls: -1 } } }, 'inbound.originShare.warmUpCalls', /whole number from 0/],
    [{ inbound: { originShare: { pressur: 0.5 } } }, 'inbound.originShare.pressur', /did you mean 'pressure'/],
    [{ inbound: { originShare: 'on' } }, 'inbound.originShare', /must be an object/],
  ])('refuses %j at %s with a message naming the fix', (json, path, message) => {
    let thrown: unknown;
    try {
      parsePolicy(json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    expect((thrown as PolicyError).path).toBe(path);
    expect((thrown as PolicyError).message).toMatch(message);
  });
});
