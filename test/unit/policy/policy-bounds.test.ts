import { loadPolicy, mostInHorizon, policyBounds } from '../../../src/core/policy';

describe('mostInHorizon', () => {
  it('admits the limit once per window the horizon spans', () => {
    expect(mostInHorizon(3000, 600_000, 3_600_000)).toBe(18_000);
    expect(mostInHorizon(10, 86_400_000, 3_600_000)).toBe(10);
    expect(mostInHorizon(10_000, 3_600_000, 86_400_000)).toBe(240_000);
  });
});

describe('policyBounds', () => {
  it('pins the default policy: the global rule sets bind, per-country caps add up over every country served', () => {
    const bounds = policyBounds(loadPolicy('{}'));
    expect(bounds.codes.hour).toEqual({ limit: 10_000, rule: 'throttle verify-start-global' });
    expect(bounds.codes.day).toEqual({ limit: 100_000, rule: 'throttle verify-start-global' });
    expect(bounds.calls.day).toEqual({ limit: 2000, rule: 'throttle voice-outbound-global' });
    expect(bounds.sms.hour).toEqual({ limit: 1000, rule: 'throttle sms-outbound-global' });
    expect(bounds.codes.candidates.map((candidate) => candidate.rule)).toEqual(['throttle verify-start-global', expect.stringMatching(/^throttle verify-start-country x \d+ countries$/)]);
  });

  it('takes a day window on the global rule set as the daily bound', () => {
    const policy = { throttles: { 'verify-start-global': { windows: [{ limit: 100, per: '10m' }, { limit: 2000, per: '1d' }] } } };
    expect(policyBounds(loadPolicy(JSON.stringify(policy))).codes).toMatchObject({ hour: { limit: 600 }, day: { limit: 2000, rule: 'throttle verify-start-global' } });
  });

  it('counts a country cap once per country the destinations allow', () => {
    const policy = { destinations: { countries: { allow: ['GB', 'FR'] } }, throttles: { 'verify-start-country': { windows: [{ limit: 10, per: '1h' }, { limit: 100_000, per: '1d' }] } } };
    expect(policyBounds(loadPolicy(JSON.stringify(policy))).codes.hour).toEqual({ limit: 20, rule: 'throttle verify-start-country x 2 countries' });
  });

  it('binds codes by a global unconverted budget at its cap, never by the country budget (which judges ranges in the app\'s own countries)', () => {
    const global = {
      throttles: {
        'starts-all': { action: 'verify-start', subject: 'global', windows: [{ limit: 1000, per: '1h' }], mode: 'monitor', onStoreError: 'open', shards: 1 },
        'approvals-all': { action: 'verify-conversion', subject: 'global', windows: [{ limit: 1000, per: '1h' }], onStoreError: 'open', shards: 1 },
      },
      adaptive: { unconverted: { global: { window: '1h', floor: 50, cap: 300 } } },
    };
    expect(policyBounds(loadPolicy(JSON.stringify(global))).codes.day).toEqual({ limit: 7200, rule: 'adaptive.unconverted.global' });
    const country = { destinations: { countries: { allow: ['GB', 'FR', 'DE'] } }, adaptive: { unconverted: { country: { floor: 5 } } } };
    expect(policyBounds(loadPolicy(JSON.stringify(country))).codes.candidates.map((candidate) => candidate.rule)).not.toContain(expect.stringMatching(/unconverted\.country/));
  });

  it('says nothing bounds a policy in monitor mode', () => {
    expect(policyBounds(loadPolicy(JSON.stringify({ mode: 'monitor' }))).codes.day).toEqual({ limit: Number.POSITIVE_INFINITY, rule: null });
  });
});
