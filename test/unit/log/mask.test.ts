import { maskPhoneNumber, redactPhoneNumbers } from '../../../src/core/log';

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
    expect(redactPhoneNumbers('call (202) 555-0123 now')).not.toContain('555-0123');
  });

  it('keeps short numbers such as counts and codes', () => {
    expect(redactPhoneNumbers('limit 20 per 10 s, error 54205')).toBe('limit 20 per 10 s, error 54205');
  });
});
