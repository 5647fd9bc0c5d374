import type { CountryCode } from 'libphonenumber-js/max';
import { buildDetectionCopy, findPhoneNumbers } from '../../../src/core/sanitize';
import { values } from './helpers';

function found(text: string, country?: CountryCode): string[] {
  return values(text, findPhoneNumbers(text, country));
}

describe('findPhoneNumbers', () => {
  describe('international numbers, with or without a country', () => {
    it.each([
      ['+44 20 7946 0958', '+44 20 7946 0958'],
      ['call +1 415 555 2671 now', '+1 415 555 2671'],
      ['+44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
      ['(+44) 20 7946 0958', '(+44) 20 7946 0958'],
      ['+44/20/7946/0958', '+44/20/7946/0958'],
      ['+447911123456', '+447911123456'],
      ['+49 151 23456789', '+49 151 23456789'],
      ['+7 912 345-67-89', '+7 912 345-67-89'],
      ['+1.415.555.2671', '+1.415.555.2671'],
      ['+ 44 20 7946 0958', '+ 44 20 7946 0958'],
      ['+44 20 7946 0958 123', '+44 20 7946 0958'],
      ['+44 7700 900123 (possible, not valid)', '+44 7700 900123'],
      ['0044 20 7946 0958', '0044 20 7946 0958'],
      ['00 44 7911 123456', '00 44 7911 123456'],
      ['011 44 20 7946 0958', '011 44 20 7946 0958'],
    ])('finds %p', (text, expected) => {
      expect(found(text)).toEqual([expected]);
      expect(found(text, 'US')).toEqual([expected]);
    });
  });

  describe('national numbers of the recipient country', () => {
    it.each<[string, CountryCode, string]>([
      ['call (415) 555-2671', 'US', '(415) 555-2671'],
      ['call 415.555.2671', 'US', '415.555.2671'],
      ['call 1-800-356-9377', 'US', '1-800-356-9377'],
      ['call 020 7946 0958', 'GB', '020 7946 0958'],
      ['call 0113 496 0000', 'GB', '0113 496 0000'],
      ['text 07911 123456', 'GB', '07911 123456'],
      ['ruf 030 12345678 an', 'DE', '030 12345678'],
      ['appelez le 06 12 34 56 78', 'FR', '06 12 34 56 78'],
      ['appelez le 06.12.34.56.78', 'FR', '06.12.34.56.78'],
      ['звоните 8 912 345-67-89', 'RU', '8 912 345-67-89'],
      ['ligue (11) 91234-5678', 'BR', '(11) 91234-5678'],
      ['bel 06 12345678', 'NL', '06 12345678'],
      ['090-1234-5678', 'JP', '090-1234-5678'],
    ])('finds %p for %s', (text, country, expected) => {
      expect(found(text, country)).toEqual([expected]);
    });

    it('needs the country to find national numbers', () => {
      expect(found('call 020 7946 0958')).toEqual([]);
    });

    it.each<[string, CountryCode]>([
      ['x 2048 4096', 'DE'],
      ['call 20 7946 0958', 'GB'],
      ['numbers 4 8 15 16 23 42', 'DE'],
      ['6 12 34 56 78', 'FR'],
      ['412 345 678', 'AU'],
    ])('needs the trunk prefix its country writes: leaves %p alone for %s', (text, country) => {
      expect(found(text, country)).toEqual([]);
    });

    it.each<[string, CountryCode]>([
      ['98765 43210', 'IN'],
      ['912 345-67-89', 'RU'],
      ['532 123 45 67', 'TR'],
      ['415 555 2671', 'US'],
      ['1 415 555 2671', 'US'],
    ])('accepts %p for %s, where the prefix is routinely left out or not used', (text, country) => {
      expect(found(text, country)).toEqual([text]);
    });

    it('finds only valid national numbers', () => {
      expect(found('call 07700 900123', 'GB')).toEqual([]); // Ofcom drama range
      expect(found('call 555-123-4567', 'US')).toEqual([]);
    });
  });

  describe('unusual separators (after the detection copy)', () => {
    it.each<[string, CountryCode, string]>([
      ['call 415·555·2671', 'US', '415·555·2671'],
      ['call 415•555•2671', 'US', '415•555•2671'],
      ['call 415\n555\n2671', 'US', '415\n555\n2671'],
      ['call 415_555_2671', 'US', '415_555_2671'],
      ['call 415 – 555 – 2671', 'US', '415 – 555 – 2671'],
      ['call 4 1 5 5 5 5 2 6 7 1', 'US', '4 1 5 5 5 5 2 6 7 1'],
      ['call 0207 946 0958 1 2 3', 'GB', '0207 946 0958'],
      ['ref 123 call 020 7946 0958', 'GB', '020 7946 0958'],
      ['call 020\u20097946\u00A00958', 'GB', '020 7946 0958'],
    ])('finds %p for %s', (text, country, expected) => {
      const detection = buildDetectionCopy(text).text;
      expect(found(detection, country)).toEqual([expected]);
    });
  });

  describe('numbers that are not phone numbers', () => {
    it.each<[string, CountryCode]>([
      ['Your code is 482913', 'DE'],
      ['Your code: 12345678', 'DE'],
      ['Order #5551234567', 'US'],
      ['Order number 2079460958', 'GB'],
      ['Ref: 0207946095', 'GB'],
      ['on 12.05.2024 at 10.30', 'DE'],
      ['10.30-11.45', 'DE'],
      ['12/05/2024', 'US'],
      ['$1,299.99', 'US'],
      ['1 234,56 €', 'FR'],
      ['v10.0.19041.1', 'US'],
      ['iOS 17.4.1', 'DE'],
      ['pi is 3.14159265', 'US'],
      ['10115 Berlin', 'DE'],
      ['DC 20500', 'US'],
      ['1,234,567 users', 'US'],
      ['IBAN DE89 3704 0044 0532 0130 00', 'DE'],
      ['card 4111 1111 1111 1111', 'US'],
      ['A1234567890', 'US'],
      ['score 2-1', 'GB'],
      ['1990-2024', 'DE'],
    ])('leaves %p alone for %s', (text, country) => {
      expect(found(text, country)).toEqual([]);
    });

    it('leaves short + runs and impossible calling codes alone', () => {
      expect(found('+5 points, +20%')).toEqual([]);
      expect(found('+999 1234 5678')).toEqual([]);
    });
  });

  it.each([
    ['1600 digits', '1'.repeat(1600)],
    ['800 spaced digits', '1 '.repeat(800)],
    ['800 dotted digits', '7.'.repeat(800)],
    ['533 plus signs', '+1 '.repeat(533)],
    ['533 IDD prefixes', '00 '.repeat(533)],
  ])('stays fast on %s', (_name, text) => {
    const start = performance.now();
    findPhoneNumbers(text, 'DE');
    expect(performance.now() - start).toBeLessThan(100);
  });
});
