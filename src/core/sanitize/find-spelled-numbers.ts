import type { FoundSpan } from './spans';

const DIGIT_WORDS: Readonly<Record<string, number>> = {
  zero: 1, oh: 1, one: 1, two: 1, three: 1, four: 1, five: 1, six: 1, seven: 1, eight: 1, nine: 1,
};
const TOKEN = '(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\\d{1,4})';
// Digit words and digit groups joined by spaces, commas, dots, dashes or slashes. Words and
// separators are disjoint classes, so the pattern cannot backtrack far.
const SPELLED_RUN = new RegExp(`(?<![\\p{L}\\p{N}])${TOKEN}(?:[\\s,.\\-\\/]{1,3}${TOKEN}(?![\\p{L}\\p{N}])){4,}`, 'giu');

/** Fewest digits of a spelled-out number; fewer is a count or a time ("two or three"). */
const MIN_SPELLED_DIGITS = 7;
/** Fewest digits written as words in it; a run of numerals is the number finder's. */
const MIN_WORDS = 2;

/**
 * Finds phone numbers spelled out in English digit words, alone or mixed with digit groups
 * (`oh seven nine one one 123 456`, `nine one seven, five five five, two six seven one`): at
 * least 7 digits, at least 2 of them written as words. Counting ("one, two, three, four, five")
 * has too few digits to count. "double"/"triple" are not read.
 *
 * @example
 * findSpelledNumbers('call nine one seven, five five five, two six seven one') // [{ kind: 'phone', start: 5, end: 56 }]
 */
export function findSpelledNumbers(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  SPELLED_RUN.lastIndex = 0;
  for (let match = SPELLED_RUN.exec(text); match; match = SPELLED_RUN.exec(text)) {
    let digits = 0;
    let words = 0;
    for (const token of match[0].split(/[\s,.\-\/]+/)) {
      if (DIGIT_WORDS[token.toLowerCase()]) {
        digits += 1;
        words += 1;
      } else digits += token.length;
    }
    if (digits >= MIN_SPELLED_DIGITS && words >= MIN_WORDS) spans.push({ kind: 'phone', start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
