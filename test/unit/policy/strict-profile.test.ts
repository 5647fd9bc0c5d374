import { loadPolicy, parseStrictProfile } from '../../../src/core/policy';
import { parseRuleSets } from '../../../src/core/throttle/rules';
import { strictDestinations, strictTwinRuleSets } from '../../../src/core/policy/strict-policy';

describe('parseStrictProfile', () => {
  it('pins the defaults: no country change, no call channel, Lookup of the line type, a quarter of every limit', () => {
    expect(parseStrictProfile(undefined)).toEqual({ countries: [], verifyChannels: ['sms', 'whatsapp'], lookup: { lineType: true, onUnusable: 'refuse' }, limitFactor: 0.25, throttles: {} });
  });

  it.each([
    [{ countries: ['gb'] }, /strict\.countries\[0\]/],
    [{ verifyChannels: ['fax'] }, /strict\.verifyChannels\[0\]/],
    [{ limitFactor: 0 }, /strict\.limitFactor/],
    [{ limitFactor: 1.5 }, /strict\.limitFactor/],
    [{ lookup: { lineType: 'yes' } }, /strict\.lookup\.lineType/],
    [{ lookup: { smsPumpingRiskMax: 101 } }, /strict\.lookup\.smsPumpingRiskMax/],
    [{ limitFactr: 0.5 }, /did you mean 'limitFactor'/],
  ])('refuses %j naming the key', (strict, message) => {
    expect(() => parseStrictProfile(strict)).toThrow(message);
  });
});

describe('strictTwinRuleSets', () => {
  const ruleSets = parseRuleSets({});

  it('twins every enforcing send, call and inbound rule set with limits scaled down, at least 1', () => {
    const twins = strictTwinRuleSets(ruleSets, 0.25);
    expect(twins['strict-verify-start']).toEqual({ action: 'verify-start', subject: 'number', windows: [{ limit: 1, per: '10m' }, { limit: 2, per: '1d' }], onStoreError: 'closed', shards: 1 });
    expect(twins['strict-verify-start-global']).toMatchObject({ subject: 'global', shards: 'all' });
    expect(Object.keys(twins)).toEqual(expect.arrayContaining(['strict-voice-outbound', 'strict-sms-outbound', 'strict-voice-inbound']));
  });

  it('leaves code checks and the conversion records alone', () => {
    const twins = Object.values(strictTwinRuleSets(ruleSets, 0.25)) as { action: string }[];
    expect(twins.map((twin) => twin.action)).not.toContain('verify-check');
    expect(twins.map((twin) => twin.action)).not.toContain('verify-conversion');
  });

  it('gives the per-country inbound call counts (a monitor rule set that never refuses) no twin', () => {
    const twins = strictTwinRuleSets(ruleSets, 0.25);
    expect(twins['strict-voice-inbound-global']).toBeDefined();
    expect(twins['strict-voice-inbound-origin']).toBeUndefined();
  });
});

describe('strictDestinations', () => {
  const destinations = loadPolicy('{}').policy.destinations;

  it('keeps the destinations when the profile names no country', () => {
    expect(strictDestinations(destinations, [])).toBe(destinations);
  });

  it('narrows the allow list to the profile countries the normal policy serves', () => {
    const normal = { ...destinations, countries: { allow: ['GB', 'US', 'DE'], deny: [] } };
    expect(strictDestinations(normal, ['GB', 'FR']).countries.allow).toEqual(['GB']);
  });

  it('refuses a profile that leaves no country', () => {
    const normal = { ...destinations, countries: { allow: ['US'], deny: [] } };
    expect(() => strictDestinations(normal, ['GB'])).toThrow(/strict\.countries/);
  });
});

describe('loadPolicy', () => {
  it('compiles the strict profile beside the policy, with the twins and the profile rule sets', () => {
    const loaded = loadPolicy(JSON.stringify({ strict: { throttles: { 'strict-extra': { action: 'verify-start', subject: 'global', windows: [{ limit: 5, per: '1h' }] } } } }));
    expect(loaded.verifyChannels).toEqual(['sms', 'call', 'whatsapp']);
    expect(loaded.strict.verifyChannels).toEqual(['sms', 'whatsapp']);
    expect(loaded.strict.policy.lookup.lineType).toBe(true);
    expect([...loaded.strict.ruleSets.keys()]).toEqual(expect.arrayContaining(['verify-start', 'strict-verify-start', 'strict-extra']));
    expect(loaded.ruleSets.has('strict-verify-start')).toBe(false);
  });
});
