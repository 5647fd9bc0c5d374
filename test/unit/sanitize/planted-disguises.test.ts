import fc from 'fast-check';
import { DEFAULT_LINK_REPLACEMENT, DEFAULT_NUMBER_REPLACEMENT, sanitizeSms } from '../../../src/core/sanitize';
import { judge } from '../../fixtures/sms/real/oracle';

/**
 * An independent check of the sanitizer: it plants numbers and links it knows, each in one of
 * the disguises real spam uses, inside random ordinary words, and checks that the planted thing
 * is gone and every ordinary word is still there. The judge of "gone" is the corpus oracle plus
 * the planted value itself, never the sanitizer's own detectors.
 */

// Ordinary words without digits, dots or anything a detector reads.
const WORDS = 'hello see you at the meeting tomorrow thanks please ring me later ok great parcel bank account your for and then maybe soon love dinner friday morning'.split(' ');

interface Planted {
  text: string;
  country: string;
  /** What must not survive: the planted digits or the planted host's name. */
  secret: string;
}

const NUMBERS: ReadonlyArray<{ national: string; country: string; international: string }> = [
  { national: '09066364311', country: 'GB', international: '+449066364311' },
  { national: '02079460958', country: 'GB', international: '+442079460958' },
  { national: '07911123456', country: 'GB', international: '+447911123456' },
  { national: '4155552671', country: 'US', international: '+14155552671' },
  { national: '9876543210', country: 'IN', international: '+919876543210' },
];

const SPELLED = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const FULLWIDTH_DIGIT = (digit: string) => String.fromCodePoint(0xff10 + Number(digit));
const groups = (digits: string) => digits.match(/.{1,4}/g)!;

const NUMBER_DISGUISES: ReadonlyArray<(digits: string, international: string) => string> = [
  (d) => d,
  (d) => `call${d}`,
  (d) => `${d}150p/min`,
  (d) => `${d}£1.50`,
  (d) => groups(d).join(' 📞 '),
  (d) => groups(d).join('*'),
  (d) => d.replace(/0/g, 'O').replace(/^O/, 'O'),
  (d) => groups(d).join('.'),
  (d) => groups(d).join('-'),
  (d) => groups(d).join('\u200B'),
  (d) => groups(d).join('·'),
  (d) => [...d].map(FULLWIDTH_DIGIT).join(''),
  (d) => [...d].map((digit) => SPELLED[Number(digit)]).join(' '),
  (d) => `claim number ${d}`,
  (d) => `Ref: ${d}`,
  (_d, international) => international,
  (_d, international) => `${international.slice(0, 3)} ${international.slice(3, 7)} ${international.slice(7)}`,
];

const HOSTS = ['paypal-secure.com', 'secure.help', 'apple-recovery.support', 'royalmail-fees.info', 'parcelhold.top'];

const LINK_DISGUISES: ReadonlyArray<(host: string) => string> = [
  (h) => h,
  (h) => h.replace(/(^|[.-])([a-z])/g, (_m, sep: string, letter: string) => sep + letter.toUpperCase()),
  (h) => h.replace('.', '[.]'),
  (h) => h.replace('.', '(.)'),
  (h) => `https://${h}/verify`,
  (h) => `hxxps://${h.replace('.', '[.]')}`,
  (h) => `www.${h}`,
  (h) => [...h].map((c) => (c >= 'a' && c <= 'z' ? String.fromCodePoint(c.charCodeAt(0) + 0xfee0) : c)).join(''),
  (h) => h.replace('a', 'а'), // Cyrillic а
  (h) => h.replace('.', '\u200B.'),
  (h) => `${h}/x?id=1`,
];

const plantedNumber: fc.Arbitrary<Planted> = fc
  .record({ number: fc.constantFrom(...NUMBERS), disguise: fc.constantFrom(...NUMBER_DISGUISES) })
  .map(({ number, disguise }) => ({ text: disguise(number.national, number.international), country: number.country, secret: number.national.slice(1) }));

const plantedLink: fc.Arbitrary<Planted> = fc
  .record({ host: fc.constantFrom(...HOSTS), disguise: fc.constantFrom(...LINK_DISGUISES), country: fc.constantFrom('GB', 'US') })
  .map(({ host, disguise, country }) => ({ text: disguise(host), country, secret: host.split('.')[0] }));

const message = fc.record({
  before: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
  planted: fc.oneof(plantedNumber, plantedLink),
  after: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
});

const NOTES = [DEFAULT_LINK_REPLACEMENT, DEFAULT_NUMBER_REPLACEMENT];
const digitsOf = (text: string) => text.replace(/\D/g, '');
const lettersOf = (text: string) => text.toLowerCase().replace(/[^a-z-]/g, '');

describe('planted disguises (independent of the detectors)', () => {
  it('removes every planted number and link and keeps every ordinary word', () => {
    fc.assert(
      fc.property(message, ({ before, planted, after }) => {
        const text = `${before.join(' ')} ${planted.text} ${after.join(' ')}`;
        const output = sanitizeSms(text, { defaultCountry: planted.country }).text;
        const rest = NOTES.reduce((kept, note) => kept.split(note).join(' '), output);
        expect(judge(rest)).toEqual({ links: [], numbers: [] });
        expect(digitsOf(rest)).not.toContain(planted.secret.replace(/\D/g, '') || '\u0000');
        if (/^[a-z-]+$/.test(planted.secret)) expect(lettersOf(rest)).not.toContain(planted.secret);
        const words = rest.split(/\s+/);
        for (const word of [...before, ...after]) expect(words).toContain(word);
      }),
      { numRuns: 400 },
    );
  });
});
