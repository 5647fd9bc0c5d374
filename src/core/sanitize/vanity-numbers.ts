import type { FoundSpan } from './spans';

// North American toll-free area codes.
const TOLL_FREE_AREA_CODES = '800|833|844|855|866|877|888';

// An optional 1 or +1, a toll-free area code (in brackets or not), then the keypad word: letters
// and digits in blocks joined by single hyphens or dots (1-800-FLOWERS, 1 (888) GET-LOAN,
// 800.CALL.NOW). Blocks are runs of one class joined by one separator: no backtracking.
const VANITY_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}+])(\\+?1[ .-]?)?(\\((?:${TOLL_FREE_AREA_CODES})\\)|(?:${TOLL_FREE_AREA_CODES}))([ .-]?)([A-Za-z0-9]+(?:[.-][A-Za-z0-9]+){0,3})(?![\\p{L}\\p{N}])`,
  'gu',
);

/** Keypad letters of a vanity number: 7 make the number, a few more are allowed and ignored. */
const MIN_KEYPAD_CHARACTERS = 7;
const MAX_KEYPAD_CHARACTERS = 10;
const MIN_LETTERS = 2;

/**
 * Finds North American toll-free vanity numbers, which libphonenumber cannot see because the
 * subscriber part is a word: `1-800-FLOWERS`, `+1 (888) GET-LOAN`, `800-CALL-NOW`. The word part
 * must have 7 to 10 keypad characters, at least two of them letters (all-digit numbers are the
 * number finder's job). Without a leading 1, brackets or a hyphen, the word must be in capitals:
 * "800 flowers" is a quantity.
 *
 * @example
 * findVanityNumbers('call 1-800-FLOWERS now') // [{ kind: 'phone', start: 5, end: 18 }]
 */
export function findVanityNumbers(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  VANITY_NUMBER.lastIndex = 0;
  for (let match = VANITY_NUMBER.exec(text); match; match = VANITY_NUMBER.exec(text)) {
    const [whole, countryCode, areaCode, separator, word] = match;
    const keypad = word.replace(/[.-]/g, '');
    const letters = keypad.replace(/[0-9]/g, '').length;
    // "800 flowers" is a quantity; "1-800-flowers", "(800) flowers" and "800 FLOWERS" are numbers
    const dialled = countryCode !== undefined || areaCode.startsWith('(') || separator === '-' || separator === '.' || word === word.toUpperCase();
    if (dialled && keypad.length >= MIN_KEYPAD_CHARACTERS && keypad.length <= MAX_KEYPAD_CHARACTERS && letters >= MIN_LETTERS) {
      spans.push({ kind: 'phone', start: match.index, end: match.index + whole.length });
    }
  }
  return spans;
}
