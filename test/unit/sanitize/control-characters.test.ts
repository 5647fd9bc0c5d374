import { isControlCharacter, sanitizeSms } from '../../../src/core/sanitize';

describe('control characters', () => {
  it.each([
    ['a number split by SOH', 'call +44\u00017400\u0001654321 now', 'call (number removed) now'],
    ['a host split by DEL', 'visit evil\u007f.com now', 'visit (link removed) now'],
    ['a number split by a C1 control', 'call +44\u00857400654321', 'call (number removed)'],
  ])('does not let %s through', (_name, input, expected) => {
    expect(sanitizeSms(input).text).toBe(expected);
  });

  it('keeps tab, line feed and carriage return as separators', () => {
    expect([0x09, 0x0a, 0x0d].map(isControlCharacter)).toEqual([false, false, false]);
    expect([0x00, 0x01, 0x1f, 0x7f, 0x85, 0x9f].map(isControlCharacter)).toEqual([true, true, true, true, true, true]);
  });
});
