import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/max';
import { findRemovableSpans, sanitizeSms, SMS_MAX_LENGTH } from '../../../src/core/sanitize';

// Pieces that stress the detectors: digits, separators, TLD fragments, disguises, schemes,
// invisible and joining characters, look-alikes, other scripts' digits, surrogate halves.
const PIECES = [
  '.', ' ', '0', '1', '4', '7', '9', '+', '(', ')', '-', '/', 'a', 'co', 'com', 'm', 'x', 'ru', 'www', '[.]', '(.)', ' dot ', ' . ', '. ',
  'hxxp://', 'http://', 'tel:', 'sms:', 'data:', '@', ':', '#', '$', '%', '\u200B', '\u200D', '\u202E', '\uFE0F', '\u20E3', '👨', '🏴',
  '\u{E0067}', '\u{E007F}', '·', '\n', '00', '44', '011', '1-800-', 'FLOWERS', 'о', 'р', 'а', '٣', '。', '．', 'ref ', 'v', 'Thanks', 'How',
  'xn--', 'é', '\u0301', '\uD800', '\uDC00', '12.05.2024', '10.30',
];
const COUNTRIES = [undefined, 'US', 'GB', 'DE', 'FR', 'IT', 'RU', 'IN', 'BR', 'JP', 'AU'];

const detectorSoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));
const digitsAndDots = fc.string({ unit: fc.constantFrom(...'0123456789 .-+()/a'.split('')), maxLength: 120 });
const anyText = fc.oneof(
  { weight: 3, arbitrary: detectorSoup },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 160 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 160 }) },
  { weight: 2, arbitrary: digitsAndDots },
);
const country = fc.constantFrom(...COUNTRIES);

describe('sanitizeSms properties', () => {
  it('leaves nothing the detectors find, and sanitizing again removes nothing', () => {
    fc.assert(
      fc.property(anyText, country, (text, defaultCountry) => {
        const first = sanitizeSms(text, { defaultCountry });
        expect(findRemovableSpans(first.text, defaultCountry as CountryCode | undefined)).toEqual([]);
        const second = sanitizeSms(first.text, { defaultCountry });
        expect(second.removed).toEqual([]);
        expect(second.text).toBe(first.text);
      }),
      { numRuns: 600 },
    );
  });

  it('reports exact, sorted, non-overlapping offsets into the input', () => {
    fc.assert(
      fc.property(anyText, country, (text, defaultCountry) => {
        let previousEnd = 0;
        for (const span of sanitizeSms(text, { defaultCountry }).removed) {
          expect(text.slice(span.start, span.end)).toBe(span.value);
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(span.end).toBeGreaterThan(span.start);
          expect(['url', 'phone']).toContain(span.kind);
          previousEnd = span.end;
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never returns more than 1600 characters, even from long input', () => {
    const long = fc.array(fc.constantFrom(...PIECES, 'a.co ', '+44 20 7946 0958 '), { minLength: 200, maxLength: 700 }).map((p) => p.join(''));
    fc.assert(
      fc.property(long, country, (text, defaultCountry) => {
        const result = sanitizeSms(text, { defaultCountry });
        expect(result.text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
        expect(sanitizeSms(result.text, { defaultCountry }).removed).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on arbitrary unicode strings', () => {
    const unicode = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({ unit: 'grapheme-composite', maxLength: 400 }),
    );
    fc.assert(
      fc.property(unicode, country, (text, defaultCountry) => {
        expect(() => sanitizeSms(text, { defaultCountry })).not.toThrow();
      }),
      { numRuns: 800 },
    );
  });
});
