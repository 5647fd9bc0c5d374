import { loadPolicy, policyFileOf } from '../../../src/core/policy';

describe('policyFileOf', () => {
  it.each([
    ['the defaults', {}],
    ['a changed fair share by calling country', { inbound: { originShare: { pressure: 0.7, refresh: '30s' } } }],
    ['the fair share switched off', { inbound: { originShare: false } }],
  ])('writes %s so that loading it gives the same inbound rules and rule sets, shards included', (_name, file) => {
    const loaded = loadPolicy(JSON.stringify(file));
    const again = loadPolicy(JSON.stringify(policyFileOf(loaded)));
    expect(again.policy.inbound).toEqual(loaded.policy.inbound);
    expect([...again.ruleSets.values()]).toEqual([...loaded.ruleSets.values()]);
    expect(again.ruleSets.get('voice-inbound-origin')?.shards).toBe(4);
  });
});
