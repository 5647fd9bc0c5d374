import { parseNumberTarget } from '../../../src/core/number-list';

describe('parseNumberTarget', () => {
  it.each([
    ['+447400123456', {}, { kind: 'number', e164: '+447400123456' }],
    ['+44 7400 123456', {}, { kind: 'number', e164: '+447400123456' }],
    ['+4474001', { asPrefix: true }, { kind: 'prefix', prefix: '+4474001' }],
    ['+8', { asPrefix: true }, { kind: 'prefix', prefix: '+8' }],
    ['0123456789abcdef0123456789abcdef', {}, { kind: 'id', id: '0123456789abcdef0123456789abcdef' }],
  ])('reads %s %j', (input, options, target) => {
    expect(parseNumberTarget(input, options)).toEqual({ ok: true, target });
  });

  it.each([
    ['07400123456', {}, /E\.164 format/],
    ['+10000000000', {}, /not a valid phone number/],
    ['+4474001', {}, /for a number range use --prefix/],
    ['+1 415 555 2671 ext 2', {}, /not a valid phone number/],
    ['4474001', { asPrefix: true }, /'\+' and 1 to 14 digits/],
    ['+4474001x', { asPrefix: true }, /'\+' and 1 to 14 digits/],
    ['+447400123456', { asPrefix: true }, /whole phone number; give it as a number/],
  ])('refuses %s %j', (input, options, problem) => {
    const result = parseNumberTarget(input, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });
});
