import { digitValue } from '../../../src/core/sanitize';

const DECIMAL_DIGIT = /\p{Nd}/u;

describe('digitValue', () => {
  it.each([
    ['7', 7],
    ['٣', 3], // Arabic-Indic
    ['۵', 5], // Extended Arabic-Indic (Persian)
    ['३', 3], // Devanagari
    ['৯', 9], // Bengali
    ['๓', 3], // Thai
    ['၅', 5], // Myanmar
    ['３', 3], // fullwidth
    ['𝟕', 7], // mathematical bold
    ['𝟿', 9], // mathematical monospace (the fifth touching run of ten)
    ['0', 0],
  ])('reads %p as %p', (char, value) => {
    expect(digitValue(char.codePointAt(0)!)).toBe(value);
  });

  it.each(['a', 'Ⅷ', '½', '①', ' ', '+', '٫'])('is -1 for %p, which is not a decimal digit', (char) => {
    expect(digitValue(char.codePointAt(0)!)).toBe(-1);
  });

  it('gives every \\p{Nd} code point the same value NFKC gives where NFKC maps it to ASCII', () => {
    let checked = 0;
    for (let codePoint = 0x80; codePoint <= 0x1ffff; codePoint++) {
      const char = String.fromCodePoint(codePoint);
      if (!DECIMAL_DIGIT.test(char)) continue;
      const value = digitValue(codePoint);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(9);
      const normalized = char.normalize('NFKC');
      if (/^[0-9]$/.test(normalized)) {
        expect(value).toBe(Number(normalized));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('counts zero first in every block (the value after a block start is 0)', () => {
    for (const zero of [0x660, 0x966, 0xe50, 0x1040, 0xff10, 0x104a0, 0x1e950]) {
      for (let k = 0; k < 10; k++) expect(digitValue(zero + k)).toBe(k);
    }
  });
});
