import { parsePolicy } from '../../../src/core/policy';
import { inboundCallerRules } from '../../../src/core/inbound';

describe('inboundCallerRules', () => {
  const policy = parsePolicy({ inbound: { deny: { numbers: ['+447400123456'], prefixes: ['+44740012', '+4474001234'] }, anonymous: 'reject' } });
  const rules = inboundCallerRules(policy);

  it.each([
    ['+447400123456', 'inbound.deny.numbers'],
    ['+447400123499', 'inbound.deny.prefixes[+4474001234]'],
    ['+447400120000', 'inbound.deny.prefixes[+44740012]'],
    ['+447400130000', null],
  ])('decides %s by %s', (caller, rule) => {
    expect(rules.denies(caller)).toBe(rule);
  });

  it('carries the anonymous setting, and denies nobody by default', () => {
    expect(rules.anonymous).toBe('reject');
    const defaults = inboundCallerRules(parsePolicy({}));
    expect(defaults.anonymous).toBe('allow');
    expect(defaults.denies('+447400123456')).toBeNull();
  });

  it('compiles a loaded policy once', () => {
    expect(inboundCallerRules(policy)).toBe(rules);
  });
});
