import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { findReferenceValues, maskNonPhoneNumbers } from './number-masks';
import { internationalDigitCounts, MAX_NUMBER_DIGITS, MIN_NATIONAL_DIGITS, nationalDigitCounts, nationalPrefixOf } from './numbering-plans';
import type { FoundSpan } from './spans';

/** Fewest digits (calling code included) of a `+` or IDD number. */
export const MIN_INTERNATIONAL_DIGITS = 8;

// Separators people put between digit groups that libphonenumber does not accept (middle dots,
// bullets, katakana middle dot, underscores, asterisks, line breaks) become spaces; dashes
// become hyphens; emoji (`0906 📞 170 📞 1461`) become as many spaces as they have code units.
const SPACE_LIKE_SEPARATORS = /[·•∙⋅‧・_*\n\r\t\v\f]/g;
const DASHES = /[‐‑‒–—―−]/g;
const PICTOGRAPH = /\p{Extended_Pictographic}/gu;
const LETTER_O = /[Oo]/g;
const LETTER = /\p{L}/u;

// A run of digit groups joined by up to four separator characters (an emoji between spaces is
// four code units). Separators and digits are disjoint classes, so the pattern cannot backtrack.
const DIGIT_RUN = /(?:\+ ?)?\(?\d(?:[ \-.\/()]{0,4}\d)*/g;

// Countries where people routinely write national numbers without the trunk prefix that
// national formatting uses (Indian and Russian mobiles: 98765 43210, 912 345-67-89).
const NATIONAL_PREFIX_OFTEN_OMITTED: ReadonlySet<string> = new Set(['IN', 'RU', 'KZ', 'TR']);

const LETTER_OR_SIGN_BEFORE = /[\p{L}#№$€£¥₹]/u;
// What may touch a number glued into text: a letter, or a price sign or unit after it
// (`call09050000327`, `09061701461150p/min`, `08717890890£1.50`).
const GLUE = /[\p{L}$€£¥₹]/u;

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
  /** The `0` of `+44 (0)20 …`: dialled nationally, skipped internationally. */
  trunkZero: boolean;
}

interface Candidate {
  start: number;
  end: number;
  /** Index of the group after the candidate. */
  next: number;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text[i])) count++;
  return count;
}

/** `text` with the digits inside `ranges` replaced by `x` (same length). */
function maskDigits(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  const chars = text.split('');
  for (const [start, end] of ranges) for (let i = start; i < end; i++) if (isDigit(chars[i])) chars[i] = 'x';
  return chars.join('');
}

/** A letter O standing for a zero: touching a digit (directly or through another O), and no other letter. */
function isZeroLetter(text: string, i: number): boolean {
  const isO = (j: number) => text[j] === 'O' || text[j] === 'o';
  const letterAt = (j: number) => j >= 0 && j < text.length && !isO(j) && LETTER.test(text[j]);
  let before = i - 1;
  while (isO(before)) before--;
  let after = i + 1;
  while (isO(after)) after++;
  if (letterAt(before) || letterAt(after)) return false;
  return isDigit(text[before]) || isDigit(text[after]);
}

/**
 * Builds the copy the number finder reads: non-phone numbers masked, unusual separators made
 * ordinary, a letter O among digits read as zero (`O2O 7946 O958`). Same length as the input.
 *
 * @example
 * toPhoneCopy('415·555·2671 on 12.05.2024') // '415 555 2671 on xx.xx.xxxx'
 */
export function toPhoneCopy(text: string, options: { references?: boolean } = {}): string {
  return maskNonPhoneNumbers(text, options)
    .replace(SPACE_LIKE_SEPARATORS, ' ')
    .replace(DASHES, '-')
    .replace(PICTOGRAPH, (emoji) => ' '.repeat(emoji.length))
    .replace(LETTER_O, (o, index: number, whole: string) => (isZeroLetter(whole, index) ? '0' : o));
}

function splitGroups(text: string, start: number, end: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let i = start;
  while (i < end) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && isDigit(text[j])) j++;
    const digits = text.slice(i, j);
    groups.push({ start: i, end: j, digits, trunkZero: digits === '0' && text[i - 1] === '(' && text[j] === ')' });
    i = j;
  }
  return groups;
}

/**
 * Nine or more digits in one piece that no numbering plan reads and no mask explained (not a
 * date, price, card, IBAN or keyword-led reference): a number with a digit dropped or added
 * (`087016248`, `995309696`), which a reader still dials by guessing. Removed: failing safe
 * costs an ordinary message nothing it needed.
 */
export const MIN_UNREADABLE_DIGITS = 9;
/** Most digits glued after a number (pence, an age limit) that still leave it a number. */
const MAX_GLUED_TAIL = 4;
/** Most stray digits before a number in a stand-alone group (`008704050406`). */
const MAX_LEADING_JUNK = 2;

function longUnreadable(group: DigitGroup, index: number): Candidate | null {
  return group.digits.length >= MIN_UNREADABLE_DIGITS ? { start: group.start, end: group.end, next: index + 1 } : null;
}

class RunScanner {
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly text: string,
    private readonly countries: readonly CountryCode[],
  ) {}

  /**
   * Pushes the numbers found in the digit run `[runStart, runEnd)`. With `onlyFrom`, only valid
   * numbers starting in that range count (a reference value is removed only when it dials).
   */
  scan(runStart: number, runEnd: number, spans: FoundSpan[], onlyFrom?: [number, number]): void {
    const groups = splitGroups(this.text, runStart, runEnd);
    const plus = this.text[runStart] === '+';
    let i = 0;
    while (i < groups.length) {
      const valid = this.candidateAt(groups, i, plus && i === 0 ? runStart : -1);
      const candidate = onlyFrom ? (valid ?? this.withPriceGlued(groups[i], i)) : (valid ?? this.gluedInside(groups[i], i) ?? longUnreadable(groups[i], i));
      if (candidate && (!onlyFrom || (candidate.start >= onlyFrom[0] && candidate.start < onlyFrom[1]))) {
        spans.push({ kind: 'phone', start: candidate.start, end: candidate.end });
        i = candidate.next;
      } else {
        i += 1;
      }
    }
  }

  /**
   * A valid national number at the start of a group, glued to letters before it or followed by
   * at most `MAX_GLUED_TAIL` more digits (pence, an age limit: `call09066364311`,
   * `0871277810910p`, `0871277810810`). The reading for reference values, where a long run is
   * more often a tracking number than a number with a tail.
   */
  private withPriceGlued(group: DigitGroup, index: number): Candidate | null {
    return this.numberInside(group, index, 0, MAX_GLUED_TAIL);
  }

  /** True when a national number of `country` only counts written with its trunk prefix. */
  private needsPrefix(country: CountryCode): boolean {
    return nationalPrefixOf(country) === '0' && !NATIONAL_PREFIX_OFTEN_OMITTED.has(country);
  }

  private candidateAt(groups: DigitGroup[], i: number, plusAt: number): Candidate | null {
    if (plusAt >= 0) return this.international(groups, i, 0, plusAt, false);
    for (const country of this.countries) {
      const national = this.national(groups, i, country);
      if (national) return national;
    }
    const first = groups[i].digits;
    const idd = first.startsWith('011') ? 3 : first.startsWith('00') && first[2] !== '0' ? 2 : 0;
    return idd ? this.international(groups, i, idd, -1, true) : null;
  }

  /**
   * A number glued into a longer digit group or into letters (`call09050000327`,
   * `TsCs087147403231Winawk`, `09061701461150p`, `008704050406`): the longest valid national
   * number of any country, at the first place inside the group where one starts. A group that
   * touches a letter or a price sign is searched throughout; a stand-alone group of more than
   * `MIN_NATIONAL_DIGITS` digits only for a number that starts in its first `MAX_LEADING_JUNK`
   * digits and leaves at most `MAX_GLUED_TAIL` after it (a longer one that holds no number is
   * removed whole by `longUnreadable`, so this search only spares the tail, never decides safety).
   */
  private gluedInside(group: DigitGroup, index: number): Candidate | null {
    const length = group.digits.length;
    if (length < MIN_NATIONAL_DIGITS || this.countries.length === 0) return null;
    const glued = GLUE.test(this.text[group.start - 1] ?? '') || GLUE.test(this.text[group.end] ?? '');
    if (glued) return this.numberInside(group, index, MAX_NUMBER_DIGITS, MAX_NUMBER_DIGITS);
    return length > MIN_NATIONAL_DIGITS ? this.numberInside(group, index, MAX_LEADING_JUNK, MAX_GLUED_TAIL) : null;
  }

  /** The longest valid national number starting at most `maxOffset` digits into the group and leaving at most `maxTail` after it. */
  private numberInside(group: DigitGroup, index: number, maxOffset: number, maxTail: number): Candidate | null {
    const length = group.digits.length;
    for (let offset = 0; offset <= Math.min(maxOffset, length - MIN_NATIONAL_DIGITS); offset++) {
      for (const country of this.countries) {
        // `accepts` refuses a number without the trunk prefix its country writes; skip asking.
        if (this.needsPrefix(country) && !group.digits.startsWith(nationalPrefixOf(country), offset)) continue;
        for (const count of nationalDigitCounts(country)) {
          const tail = length - offset - count;
          if (tail < 0 || tail > maxTail) continue;
          if (this.accepts(group.digits.slice(offset, offset + count), country, true)) {
            return { start: group.start + offset, end: group.start + offset + count, next: index + 1 };
          }
        }
      }
    }
    return null;
  }

  /** The last group index such that groups i..j hold exactly `count` digits, or -1. */
  private endGroup(groups: DigitGroup[], i: number, count: number, skipTrunkZero: boolean): number {
    let total = 0;
    for (let j = i; j < groups.length; j++) {
      if (!(skipTrunkZero && j > i && groups[j].trunkZero)) total += groups[j].digits.length;
      if (total === count) return j;
      if (total > count) return -1;
    }
    return -1;
  }

  private digits(groups: DigitGroup[], i: number, j: number, skipTrunkZero: boolean): string {
    let digits = '';
    for (let k = i; k <= j; k++) if (!(skipTrunkZero && k > i && groups[k].trunkZero)) digits += groups[k].digits;
    return digits;
  }

  private span(groups: DigitGroup[], i: number, j: number, plusAt: number): Candidate {
    let start = plusAt >= 0 ? plusAt : groups[i].start;
    if (this.text[start - 1] === '(') start -= 1;
    let end = groups[j].end;
    const inside = this.text.slice(start, end);
    if (this.text[end] === ')' && inside.split('(').length > inside.split(')').length) end += 1;
    return { start, end, next: j + 1 };
  }

  private standsAlone(start: number): boolean {
    return start === 0 || !LETTER_OR_SIGN_BEFORE.test(this.text[start - 1]);
  }

  private international(groups: DigitGroup[], i: number, prefixLength: number, plusAt: number, requireValid: boolean): Candidate | null {
    if (plusAt < 0 && !this.standsAlone(groups[i].start)) return null;
    const ahead = this.digits(groups, i, Math.min(groups.length - 1, i + MAX_NUMBER_DIGITS), true).slice(prefixLength);
    for (const count of internationalDigitCounts(ahead)) {
      if (count < MIN_INTERNATIONAL_DIGITS) continue;
      const j = this.endGroup(groups, i, count + prefixLength, true);
      if (j < 0) continue;
      const number = `+${this.digits(groups, i, j, true).slice(prefixLength)}`;
      if (this.accepts(number, undefined, requireValid)) return this.span(groups, i, j, plusAt);
    }
    return null;
  }

  private national(groups: DigitGroup[], i: number, country: CountryCode): Candidate | null {
    if (!this.standsAlone(groups[i].start)) return null;
    for (const count of nationalDigitCounts(country)) {
      const j = this.endGroup(groups, i, count, false);
      if (j < 0) continue;
      // 3.14159265 is a decimal, not a number split in two
      if (j === i + 1 && this.text.slice(groups[i].end, groups[j].start) === '.') continue;
      if (this.accepts(this.digits(groups, i, j, false), country, true)) return this.span(groups, i, j, -1);
    }
    return null;
  }

  private accepts(number: string, country: CountryCode | undefined, requireValid: boolean): boolean {
    const key = `${country ?? '+'}${requireValid ? 'v' : 'p'}${number}`;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      const parsed = parsePhoneNumberFromString(number, { defaultCountry: country, extract: false });
      verdict = parsed !== undefined && (requireValid ? parsed.isValid() : parsed.isPossible());
      if (verdict && country && number === parsed!.nationalNumber && !NATIONAL_PREFIX_OFTEN_OMITTED.has(country)) {
        // Written without the trunk prefix its country always writes (DE "30 12345678" instead of
        // "030 12345678"): in Germany or Britain that is a score or a list of numbers, not a number
        // anyone would dial.
        const national = parsed!.formatNational().replace(/\D/g, '');
        if (national.length > number.length && national.endsWith(number)) verdict = false;
      }
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

/**
 * Finds phone numbers with libphonenumber-js (max metadata):
 * - `+` numbers in any country, when libphonenumber finds them possible (right length for
 *   the calling code): `+44 20 7946 0958`, `+44 (0)20 7946 0958`;
 * - IDD forms `00 44 20 7946 0958`, `011 44 …` (valid numbers only);
 * - national numbers of each of `countries` (the recipient's country first, then any extra
 *   countries the deployment expects): valid numbers only, 7+ digits, and with the trunk prefix
 *   where the country writes one (`030 12345678`, not `30 12345678`);
 * - whatever the separators: spaces, dots, dashes, slashes, brackets, middle dots, bullets,
 *   asterisks, emoji, line breaks, and thin or no-break spaces (already plain in the detection
 *   copy), a letter O for a zero among digits, and a number padded with digits before or after
 *   (`0207 946 0958 1 2 3`);
 * - glued to letters or a price (`call09050000327`, `09061701461150p/min`).
 *
 * Dates, times, prices, percentages, versions, card and bank numbers and keyword-led references
 * ("order #…", "ref …", "code is …") are masked first (`maskNonPhoneNumbers`) and survive, except
 * a reference value that is itself a dialable number (`claim number 09066364311`).
 * Every candidate is bounded (at most 17 digits from each group start, lengths pruned by the
 * numbering plan) and parse results are memoized, so time stays linear in the text length.
 *
 * @example
 * findPhoneNumbers('call 020·7946·0958 today', 'GB') // [{ kind: 'phone', start: 5, end: 18 }]
 */
export function findPhoneNumbers(text: string, countries?: CountryCode | readonly CountryCode[]): FoundSpan[] {
  const list: readonly CountryCode[] = countries === undefined ? [] : typeof countries === 'string' ? [countries] : countries;
  const references = findReferenceValues(text);
  const unmasked = toPhoneCopy(text, { references: false });
  const copy = references.length === 0 ? unmasked : maskDigits(unmasked, references);
  const scanner = new RunScanner(copy, list);
  const spans: FoundSpan[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let match = DIGIT_RUN.exec(copy); match; match = DIGIT_RUN.exec(copy)) {
    scanner.scan(match.index, match.index + match[0].length, spans);
  }
  // A keyword exempts a code or an order number, never a number someone could dial: read each
  // reference value that could hold one again, unmasked.
  const again = new RunScanner(unmasked, list);
  for (const [start, end] of references) {
    DIGIT_RUN.lastIndex = start;
    const match = DIGIT_RUN.exec(unmasked);
    if (match && match.index < end && countDigits(match[0]) >= MIN_NATIONAL_DIGITS) again.scan(match.index, match.index + match[0].length, spans, [start, end]);
  }
  return references.length === 0 ? spans : spans.sort((a, b) => a.start - b.start);
}
