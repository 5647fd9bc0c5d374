import type { CountryCode } from 'libphonenumber-js/max';
import { buildDetectionCopy, findPhoneNumbers } from '../../../src/core/sanitize';
import { values } from './helpers';

function found(text: string, country?: CountryCode | readonly CountryCode[]): string[] {
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
      ['call 0906 📞 170 📞 1461', 'GB', '0906 📞 170 📞 1461'],
      ['call 415*555*2671', 'US', '415*555*2671'],
      ['call O2O 7946 O958', 'GB', 'O2O 7946 O958'],
      ['call o2o-7946-o958', 'GB', 'o2o-7946-o958'],
    ])('finds %p for %s', (text, country, expected) => {
      const detection = buildDetectionCopy(text).text;
      expect(found(detection, country)).toEqual([expected]);
    });
  });

  describe('numbers glued to letters, prices or more digits', () => {
    it.each<[string, CountryCode, string]>([
      ['To claim, call09050000327', 'GB', '09050000327'],
      ['OptOut txt STOP Help08714742804', 'GB', '08714742804'],
      ['09061701461150p/min', 'GB', '09061701461'],
      ['0871277810910p per min', 'GB', '08712778109'],
      ['TsCs087147403231Winawk!', 'GB', '08714740323'],
      ['STOPCS 08717890890£1.50 per msg', 'GB', '08717890890'],
      ['2optout 087187262701.50gbp/mtmsg18', 'GB', '08718726270'],
      ['£1.50 008704050406 SP', 'GB', '08704050406'],
      ['Call9876543210 now', 'IN', '9876543210'],
    ])('finds %p for %s', (text, country, expected) => {
      expect(found(text, country)).toEqual([expected]);
    });

    it('removes nine or more digits in one piece that no plan reads', () => {
      expect(found('16 £3/wk 087016248', 'GB')).toEqual(['087016248']);
      expect(found('Call 995309696', 'IN')).toEqual(['995309696']);
    });

    it('leaves short glued codes and stand-alone short numbers alone', () => {
      expect(found('POBOX 4403LDNW1A7RW18 and W1J6HL', 'GB')).toEqual([]);
      expect(found('Ref 12345678 for 2 nights', 'GB')).toEqual([]);
    });
  });

  describe('numbers after reference keywords', () => {
    it.each<[string, CountryCode, string]>([
      ['Pls call claim number 09066364311 to collect', 'GB', '09066364311'],
      ['Ref: 020 7946 0958', 'GB', '020 7946 0958'],
      ['Order number: 4155552671', 'US', '4155552671'],
      ['your code is +44 7911 123456', 'GB', '+44 7911 123456'],
      ['Kundennummer 030 12345678', 'DE', '030 12345678'],
      ['Mobile no.  8623458765 has added you', 'IN', '8623458765'],
    ])('removes a dialable number after a keyword: %p for %s', (text, country, expected) => {
      expect(found(text, country)).toEqual([expected]);
    });

    it.each<[string, CountryCode]>([
      ['Your code is 4829', 'GB'],
      ['Your code is 48291375', 'GB'],
      ['code is 12345678', 'US'],
      ['Order #12345678 shipped', 'DE'],
    ])('keeps a code or reference that is no number: %p for %s', (text, country) => {
      expect(found(text, country)).toEqual([]);
    });
  });

  describe('more than one country', () => {
    it('finds national numbers of every country given', () => {
      expect(found('call 98765 43210 or 020 7946 0958', ['GB', 'IN'])).toEqual(['98765 43210', '020 7946 0958']);
      expect(found('call 98765 43210', 'GB')).toEqual([]);
    });
  });

  describe('numbers that are not phone numbers', () => {
    it.each<[string, CountryCode]>([
      ['Your code is 482913', 'DE'],
      ['Your code: 12345678', 'DE'],
      ['Order #1551234567', 'US'],
      ['Order number 2079460958', 'GB'],
      ['Ref: 0207946095', 'GB'],
      ['Kundennummer 30123456789', 'DE'],
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
      ['A12345678', 'US'],
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
    // CPU time, median of 3: waiting for a core on a shared machine is not the finder's time
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = process.cpuUsage();
      findPhoneNumbers(text, 'DE');
      const used = process.cpuUsage(start);
      times.push((used.user + used.system) / 1000);
    }
    expect(times.sort((a, b) => a - b)[1]).toBeLessThan(100);
  });
});
