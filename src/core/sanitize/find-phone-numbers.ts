import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { maskNonPhoneNumbers } from './number-masks';
import { internationalDigitCounts, MAX_NUMBER_DIGITS, nationalDigitCounts } from './numbering-plans';
import type { FoundSpan } from './spans';

/** Fewest digits (calling code included) of a `+` or IDD number. */
export const MIN_INTERNATIONAL_DIGITS = 8;

// Separators people put between digit groups that libphonenumber does not accept (middle dots,
// bullets, katakana middle dot, underscores, line breaks) become spaces; dashes become hyphens.
const SPACE_LIKE_SEPARATORS = /[·•∙⋅‧・_\n\r\t\v\f]/g;
const DASHES = /[‐‑‒–—―−]/g;

// A run of digit groups joined by up to three separator characters. Separators and digits are
// disjoint classes, so the pattern cannot backtrack.
const DIGIT_RUN = /(?:\+ ?)?\(?\d(?:[ \-.\/()]{0,3}\d)*/g;

// Countries where people routinely write national numbers without the trunk prefix that
// national formatting uses (Indian and Russian mobiles: 98765 43210, 912 345-67-89).
const NATIONAL_PREFIX_OFTEN_OMITTED: ReadonlySet<string> = new Set(['IN', 'RU', 'KZ', 'TR']);

const LETTER_OR_SIGN_BEFORE = /[\p{L}#№$€£¥₹]/u;

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

/**
 * Builds the copy the number finder reads: non-phone numbers masked, unusual separators made
 * ordinary. Same length as the input.
 *
 * @example
 * toPhoneCopy('415·555·2671 on 12.05.2024') // '415 555 2671 on xx.xx.xxxx'
 */
export function toPhoneCopy(text: string): string {
  return maskNonPhoneNumbers(text).replace(SPACE_LIKE_SEPARATORS, ' ').replace(DASHES, '-');
}

function splitGroups(text: string, start: number, end: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const digits = text.slice(i, j);
    groups.push({ start: i, end: j, digits, trunkZero: digits === '0' && text[i - 1] === '(' && text[j] === ')' });
    i = j;
  }
  return groups;
}

class RunScanner {
  private readonly verdicts = new Map<string, boolean>();

  constructor(
    private readonly text: string,
    private readonly country: CountryCode | undefined,
  ) {}

  scan(runStart: number, runEnd: number, spans: FoundSpan[]): void {
    const groups = splitGroups(this.text, runStart, runEnd);
    const plus = this.text[runStart] === '+';
    let i = 0;
    while (i < groups.length) {
      const candidate = this.candidateAt(groups, i, plus && i === 0 ? runStart : -1);
      if (candidate) {
        spans.push({ kind: 'phone', start: candidate.start, end: candidate.end });
        i = candidate.next;
      } else {
        i += 1;
      }
    }
  }

  private candidateAt(groups: DigitGroup[], i: number, plusAt: number): Candidate | null {
    if (plusAt >= 0) return this.international(groups, i, 0, plusAt, false);
    const national = this.country ? this.national(groups, i) : null;
    if (national) return national;
    const first = groups[i].digits;
    const idd = first.startsWith('011') ? 3 : first.startsWith('00') && first[2] !== '0' ? 2 : 0;
    return idd ? this.international(groups, i, idd, -1, true) : null;
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

  private national(groups: DigitGroup[], i: number): Candidate | null {
    if (!this.standsAlone(groups[i].start)) return null;
    for (const count of nationalDigitCounts(this.country!)) {
      const j = this.endGroup(groups, i, count, false);
      if (j < 0) continue;
      // 3.14159265 is a decimal, not a number split in two
      if (j === i + 1 && this.text.slice(groups[i].end, groups[j].start) === '.') continue;
      if (this.accepts(this.digits(groups, i, j, false), this.country, true)) return this.span(groups, i, j, -1);
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
 * - national numbers of `country`, the recipient's country (valid numbers only, 7+ digits,
 *   and with the trunk prefix where the country writes one: `030 12345678`, not `30 12345678`);
 * - whatever the separators: spaces, dots, dashes, slashes, brackets, middle dots, bullets,
 *   line breaks, and thin or no-break spaces (already plain in the detection copy), including a
 *   number padded with digits before or after (`0207 946 0958 1 2 3`).
 *
 * Dates, times, prices, percentages, versions, card and bank numbers and keyword-led references
 * ("order #…", "ref …", "code is …") are masked first (`maskNonPhoneNumbers`) and survive.
 * Every candidate is bounded (at most 17 digits from each group start, lengths pruned by the
 * numbering plan) and parse results are memoized, so time stays linear in the text length.
 *
 * @example
 * findPhoneNumbers('call 020·7946·0958 today', 'GB') // [{ kind: 'phone', start: 5, end: 18 }]
 */
export function findPhoneNumbers(text: string, country?: CountryCode): FoundSpan[] {
  const copy = toPhoneCopy(text);
  const scanner = new RunScanner(copy, country);
  const spans: FoundSpan[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let match = DIGIT_RUN.exec(copy); match; match = DIGIT_RUN.exec(copy)) {
    scanner.scan(match.index, match.index + match[0].length, spans);
  }
  return spans;
}
