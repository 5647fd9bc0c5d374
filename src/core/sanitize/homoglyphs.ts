/**
 * Letters of other scripts that look like Latin letters in common fonts, and the Latin letter
 * each one imitates (`раураl.com` with Cyrillic р, а, у). Fullwidth and mathematical letters
 * need no entry: NFKC already folds them.
 */
const HOMOGLYPH_PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic lower case
  ['а', 'a'], ['с', 'c'], ['ԁ', 'd'], ['е', 'e'], ['һ', 'h'], ['і', 'i'], ['ј', 'j'], ['к', 'k'],
  ['ӏ', 'l'], ['п', 'n'], ['о', 'o'], ['р', 'p'], ['ԛ', 'q'], ['ѕ', 's'], ['у', 'y'], ['ү', 'y'],
  ['ԝ', 'w'], ['х', 'x'], ['ь', 'b'],
  // Cyrillic upper case
  ['А', 'A'], ['В', 'B'], ['С', 'C'], ['Е', 'E'], ['Һ', 'H'], ['Н', 'H'], ['І', 'I'], ['Ӏ', 'I'],
  ['Ј', 'J'], ['К', 'K'], ['М', 'M'], ['О', 'O'], ['Р', 'P'], ['Ԛ', 'Q'], ['Ѕ', 'S'], ['Т', 'T'],
  ['Х', 'X'], ['У', 'Y'], ['Ү', 'Y'], ['Ԝ', 'W'],
  // Greek
  ['α', 'a'], ['ε', 'e'], ['ι', 'i'], ['κ', 'k'], ['ν', 'v'], ['ο', 'o'], ['ρ', 'p'], ['τ', 't'],
  ['υ', 'u'], ['χ', 'x'], ['γ', 'y'], ['ϲ', 'c'], ['ϳ', 'j'],
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'], ['Ϲ', 'C'],
  // Armenian
  ['ց', 'g'], ['հ', 'h'], ['ո', 'n'], ['օ', 'o'], ['զ', 'q'], ['ս', 'u'], ['Օ', 'O'], ['Ս', 'U'],
  // Latin letters that pass for other Latin letters
  ['ı', 'i'], ['ȷ', 'j'], ['ɑ', 'a'], ['ɡ', 'g'], ['ɩ', 'i'], ['ʏ', 'y'], ['ᴅ', 'D'], ['ℓ', 'l'],
  // Cherokee capitals
  ['Ꭺ', 'A'], ['Ᏼ', 'B'], ['Ꮯ', 'C'], ['Ꭼ', 'E'], ['Ꮋ', 'H'], ['Ꮶ', 'K'], ['Ꮇ', 'M'],
  ['Ꮲ', 'P'], ['Ꮪ', 'S'], ['Ꭲ', 'T'], ['Ꮃ', 'W'], ['Ꮓ', 'Z'],
];

/** Look-alike code point to the Latin letter it imitates (all BMP, one code unit each way). */
export const HOMOGLYPHS: ReadonlyMap<number, string> = new Map(HOMOGLYPH_PAIRS.map(([from, to]) => [from.charCodeAt(0), to]));

const LOWEST_HOMOGLYPH = Math.min(...HOMOGLYPHS.keys());
const WORD = /[\p{L}\p{M}]+/gu;
const ASCII_LETTER = /[A-Za-z]/;
const MARK = /\p{M}/u;

/**
 * Folds look-alike letters to Latin, word by word, keeping the length (every replacement is
 * one code unit for one code unit, so offsets do not move).
 *
 * A word is folded when it mixes in a Latin letter (`pаypal`) or when every letter in it has a
 * Latin look-alike (`соm`), which is what a spoofed host or top-level domain looks like. Words of
 * real Cyrillic or Greek text (`пример.рф`) keep their letters, so internationalized domains
 * still end in their real top-level domain.
 *
 * @example
 * foldHomoglyphs('раураl.соm') // 'paypal.com'
 * foldHomoglyphs('пример.рф') // 'пример.рф'
 */
export function foldHomoglyphs(text: string): string {
  let hasCandidate = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= LOWEST_HOMOGLYPH && HOMOGLYPHS.has(text.charCodeAt(i))) {
      hasCandidate = true;
      break;
    }
  }
  if (!hasCandidate) return text;
  return text.replace(WORD, (word) => {
    const mixesLatin = ASCII_LETTER.test(word);
    let allLookAlike = true;
    let folded = '';
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      const latin = HOMOGLYPHS.get(code);
      if (latin !== undefined) folded += latin;
      else {
        folded += word[i];
        if (!(code < 0x80) && !MARK.test(word[i])) allLookAlike = false;
      }
    }
    return mixesLatin || allLookAlike ? folded : word;
  });
}
