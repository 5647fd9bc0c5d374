import { loadPolicy } from '../../../src/core/policy';
import { resolveForwardTargets } from '../../../src/core/voice';

describe('resolveForwardTargets', () => {
  const { evaluateDestination } = loadPolicy('{}');

  it('accepts numbers the voice destination policy allows, landlines included', () => {
    expect(resolveForwardTargets(['+447400123456', '+4930123456'], evaluateDestination)).toEqual({ ok: true, numbers: ['+447400123456', '+4930123456'] });
  });

  it.each([
    ['a Latvian number (country deny list)', '+37120123456', /country_denied: destinations\.countries\.deny\[LV\]/],
    ['a UK premium-rate number (line type)', '+449061234567', /line_type_not_allowed/],
    ['an Iridium satellite number (prefix deny list)', '+881612345678', /prefix_denied: destinations\.prefixes\.deny\[\+881\]/],
  ])('refuses the whole list when it holds %s, naming the entry masked', (_name, number, reason) => {
    const result = resolveForwardTargets(['+447400123456', number], evaluateDestination);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.setting).toBe('GATE_FORWARD_TO');
    expect(result.problem).toMatch(/^entry 2 \(\+\d{4}\*+\d{2}\) is refused by the voice destination policy/);
    expect(result.problem).toMatch(reason);
    expect(result.problem).not.toContain(number);
  });

  it('checks the list again once an allow entry a number relied on has expired', () => {
    const expiry = Date.UTC(2026, 11, 31);
    const policy = loadPolicy(JSON.stringify({ destinations: { numbers: { allow: [{ number: '+37120123456', expires: '2026-12-31' }] } } }));
    expect(resolveForwardTargets(['+37120123456'], policy.evaluateDestination, undefined, expiry - 1)).toEqual({ ok: true, numbers: ['+37120123456'] });
    expect(resolveForwardTargets(['+37120123456'], policy.evaluateDestination, undefined, expiry)).toMatchObject({ ok: false, problem: expect.stringMatching(/country_denied/) });
  });

  it('refuses an empty list', () => {
    expect(resolveForwardTargets([], evaluateDestination)).toMatchObject({ ok: false, problem: expect.stringMatching(/not set/) });
  });

  it('checks a list once per compiled policy', () => {
    const first = resolveForwardTargets(['+447400123456'], evaluateDestination);
    expect(resolveForwardTargets(['+447400123456'], evaluateDestination)).toBe(first);
  });

  it('follows the policy: an explicitly allowed number passes', () => {
    const { evaluateDestination: evaluate } = loadPolicy(JSON.stringify({ destinations: { numbers: { allow: ['+37120123456'] } } }));
    expect(resolveForwardTargets(['+37120123456'], evaluate)).toEqual({ ok: true, numbers: ['+37120123456'] });
  });
});
