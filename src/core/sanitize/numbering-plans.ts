import metadata from 'libphonenumber-js/metadata.max.json';
import type { CountryCode } from 'libphonenumber-js/max';

/**
 * Digit counts worth handing to libphonenumber, read from its own metadata so the number finder
 * can skip spans that cannot be a number before paying for a parse (~10 µs each). This only
 * prunes: every candidate that passes is still parsed and checked by libphonenumber.
 *
 * The metadata arrays are libphonenumber-js's compressed format (version 4: index 0 calling
 * code, 3 possible national lengths, 5 national prefix, 7 national prefix for parsing). If the
 * shape ever differs, the counts fall back to every length a number can have, which is slower
 * but finds the same numbers.
 */

/** Fewest digits a national-format number must have; shorter runs are codes, counts and prices. */
export const MIN_NATIONAL_DIGITS = 7;
/** Most digits in a phone number (E.164 allows 15; national formats add a prefix or carrier code). */
export const MAX_NUMBER_DIGITS = 17;

interface RawPlan {
  lengths: number[];
  nationalPrefix: string;
  parsesComplexPrefix: boolean;
}

type Plans = Record<string, unknown[] | undefined>;

const FALLBACK_COUNTS = Array.from({ length: MAX_NUMBER_DIGITS - MIN_NATIONAL_DIGITS + 1 }, (_, i) => MAX_NUMBER_DIGITS - i);
const CARRIER_CODE_ALLOWANCE = 4;

function readPlan(raw: unknown[] | undefined): RawPlan | undefined {
  if (!Array.isArray(raw)) return undefined;
  const lengths = raw[3];
  if (!Array.isArray(lengths) || lengths.length === 0 || !lengths.every((n) => Number.isInteger(n) && n > 0 && n <= 17)) return undefined;
  const nationalPrefix = typeof raw[5] === 'string' && /^\d+$/.test(raw[5]) ? raw[5] : '';
  const forParsing = raw[7];
  const parsesComplexPrefix = typeof forParsing === 'string' && forParsing !== nationalPrefix;
  return { lengths: lengths as number[], nationalPrefix, parsesComplexPrefix };
}

const nationalCounts = new Map<string, readonly number[]>();

/**
 * Digit counts, longest first, that a national-format number of `country` can have (national
 * significant lengths, plus the national prefix, plus room for carrier codes where the country
 * parses them), at least `MIN_NATIONAL_DIGITS`.
 *
 * @example
 * nationalDigitCounts('US') // [11, 10]
 */
export function nationalDigitCounts(country: CountryCode): readonly number[] {
  const known = nationalCounts.get(country);
  if (known) return known;
  const plan = readPlan((metadata.countries as Plans)[country]);
  let counts: number[] = FALLBACK_COUNTS;
  if (plan) {
    const set = new Set<number>();
    for (const length of plan.lengths) {
      set.add(length);
      if (plan.nationalPrefix) set.add(length + plan.nationalPrefix.length);
      if (plan.parsesComplexPrefix) for (let extra = 1; extra <= CARRIER_CODE_ALLOWANCE; extra++) set.add(length + extra);
    }
    counts = [...set].filter((n) => n >= MIN_NATIONAL_DIGITS && n <= MAX_NUMBER_DIGITS).sort((a, b) => b - a);
  }
  nationalCounts.set(country, counts);
  return counts;
}

/**
 * The trunk prefix a national number of `country` is dialled with (`'0'` in GB and DE, `'1'` in
 * the NANP, `''` where there is none).
 *
 * @example
 * nationalPrefixOf('GB') // '0'
 */
const nationalPrefixes = new Map<string, string>();

export function nationalPrefixOf(country: CountryCode): string {
  let prefix = nationalPrefixes.get(country);
  if (prefix === undefined) {
    prefix = readPlan((metadata.countries as Plans)[country])?.nationalPrefix ?? '';
    nationalPrefixes.set(country, prefix);
  }
  return prefix;
}

let callingCodeLengths: Map<string, number[]> | undefined;

function callingCodes(): Map<string, number[]> {
  if (callingCodeLengths) return callingCodeLengths;
  const byCode = new Map<string, Set<number>>();
  const add = (code: string, plan: RawPlan | undefined) => {
    const set = byCode.get(code) ?? new Set<number>();
    for (const length of plan?.lengths ?? FALLBACK_COUNTS) set.add(length);
    byCode.set(code, set);
  };
  const codes = (metadata.country_calling_codes ?? {}) as Record<string, string[]>;
  for (const [code, countries] of Object.entries(codes)) {
    for (const country of countries) add(code, readPlan((metadata.countries as Plans)[country]));
  }
  for (const [code, raw] of Object.entries((metadata.nonGeographic ?? {}) as Plans)) add(code, readPlan(raw));
  callingCodeLengths = new Map([...byCode].map(([code, set]) => [code, [...set].sort((a, b) => b - a)]));
  return callingCodeLengths;
}

/**
 * Digit counts, longest first, that an international number whose digits (after `+` or an IDD
 * prefix) start with `digits` can have: the calling code plus each national significant length
 * of the countries sharing it. Empty when `digits` starts with no calling code.
 *
 * @example
 * internationalDigitCounts('442079460958') // [12, 11, 9] (44 + 10, 9 or 7 digits)
 */
export function internationalDigitCounts(digits: string): readonly number[] {
  const codes = callingCodes();
  for (let length = 1; length <= 3 && length <= digits.length; length++) {
    const lengths = codes.get(digits.slice(0, length));
    if (lengths) return lengths.map((n) => n + length).filter((n) => n <= MAX_NUMBER_DIGITS);
  }
  return [];
}
