import { maskPhoneNumber, numberTag, redactPhoneNumbers } from '../../../src/core/log';

describe('maskPhoneNumber', () => {
  it.each([
    ['+447912345656', '+4479******56'],
    ['+12025550123', '+1202*****23'],
    ['07912345656', '0791*****56'],
    ['12345', '*****'],
    ['', '*'],
  ])('masks %p as %p', (input, expected) => {
    expect(maskPhoneNumber(input)).toBe(expected);
  });

  it('never keeps more than six digits of a number', () => {
    const masked = maskPhoneNumber('+447912345656');
    expect(masked.replace(/\D/g, '')).toHaveLength(6);
  });
});

describe('redactPhoneNumbers', () => {
  it('masks numbers inside free text', () => {
    expect(redactPhoneNumbers("The 'To' number +447912345656 is not valid")).toBe("The 'To' number +4479******56 is not valid");
    expect(redactPhoneNumbers('call (202) 456-1111 now')).not.toContain('456-1111');
  });

  it.each([
    ['a number glued to other text', 'x+4474006543217890', 'x+4474**********90'],
    ['a number after a star code', '*67+447400654321', '*67+4474******21'],
    ['digits inside what only looks like an identifier', 'CA+447400654321', 'CA+4474******21'],
    ['E.164', 'from +447912345656.', 'from +4479******56.'],
    ['E.164 with spaces', 'to +44 7912 345656', 'to +4479******56'],
    ['a UK national number', 'dial 07912 345656 today', 'dial 0791*****56 today'],
    ['a US number with an area code in brackets', 'call (202) 456-1111', 'call (2024****11'],
    ['a North American number with dashes', 'call 202-456-1111', 'call 2024****11'],
    ['bare digits', 'number 447912345656 refused', 'number 4479******56 refused'],
  ])('masks %s', (_name, text, expected) => {
    expect(redactPhoneNumbers(text)).toBe(expected);
  });

  it.each([
    ['a call SID', `callSid CA${'0123456789'.repeat(3)}ab`],
    ['a message SID ending in digits', `SM${'ab'.repeat(8)}${'1234567890123456'}`],
    ['a date and a time', 'expires 2026-12-31T18:00:00Z'],
    ['a fictional example number of a configuration hint', "use numbers like +447700900123 or +12025550123"],
  ])('leaves %s whole', (_name, text) => {
    expect(redactPhoneNumbers(text)).toBe(text);
  });

  it('tags each masked number with a keyed hash that follows the number, not its wording', () => {
    const key = 'k'.repeat(32);
    const a = redactPhoneNumbers('+447912345656', key);
    expect(a).toMatch(/^\+4479\*{6}56~[0-9a-f]{8}$/);
    expect(redactPhoneNumbers('+44 7912 345656', key)).toBe(a);
    expect(redactPhoneNumbers('+447912345657', key)).not.toBe(a);
    expect(numberTag('+447912345656', key)).toBe(a.split('~')[1]);
  });

  it('keeps short numbers such as counts and codes', () => {
    expect(redactPhoneNumbers('limit 20 per 10 s, error 54205')).toBe('limit 20 per 10 s, error 54205');
  });
});
