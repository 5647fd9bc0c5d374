import { loadPolicy, policyFileOf } from '../../../src/core/policy';

describe('policyFileOf', () => {
  it.each([
    ['the defaults', {}],
    ['a changed fair share by calling country', { inbound: { originShare: { pressure: 0.7, refresh: '30s' } } }],
    ['the fair share switched off', { inbound: { originShare: false } }],
    ['changed known callers', { inbound: { knownCallers: { remember: '30d', maxFill: 0.9 } } }],
    ['known callers switched off', { inbound: { knownCallers: false } }],
    ['known callers after a raised pressure point', { inbound: { originShare: { pressure: 0.85 } } }],
  ])('writes %s so that loading it gives the same inbound rules and rule sets, shards included', (_name, file) => {
    const loaded = loadPolicy(JSON.stringify(file));
    const again = loadPolicy(JSON.stringify(policyFileOf(loaded)));
    expect(again.policy.inbound).toEqual(loaded.policy.inbound);
    expect([...again.ruleSets.values()]).toEqual([...loaded.ruleSets.values()]);
    expect(again.ruleSets.get('voice-inbound-origin')?.shards).toBe(4);
  });
});
