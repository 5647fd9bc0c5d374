import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { findRemovableSpans } from './find-removable-spans';
import { isIgnoredForDetection } from './invisible-characters';
import type { RemovedKind } from './spans';

/** Put in place of a removed link. Plain GSM-7 characters, so it never forces UCS-2 encoding. */
export const DEFAULT_LINK_REPLACEMENT = '(link removed)';
/** Put in place of a removed phone number. Plain GSM-7 characters. */
export const DEFAULT_NUMBER_REPLACEMENT = '(number removed)';
/** The default replacement per kind of removed span. */
export const DEFAULT_REPLACEMENTS: Readonly<Record<RemovedKind, string>> = Object.freeze({
  url: DEFAULT_LINK_REPLACEMENT,
  phone: DEFAULT_NUMBER_REPLACEMENT,
});
/** Most characters in an SMS body Twilio accepts; longer input is cut first, output never exceeds it. */
export const SMS_MAX_LENGTH = 1600;
/** Longest replacement text accepted. */
export const MAX_REPLACEMENT_LENGTH = 100;

export interface SanitizeOptions {
  /**
   * ISO 3166-1 alpha-2 code of the recipient's country (`'US'`, `'gb'`), so numbers written the
   * national way (`020 7946 0958`) are found. Default: none, and then only international numbers
   * (`+44 …`, `0044 …`, `011 44 …`) are.
   */
  defaultCountry?: string;
  /**
   * More countries whose national-format numbers are looked for, after `defaultCountry`
   * (`['IN', 'PH']` where senders write Indian and Philippine mobiles the national way).
   * International numbers are always found. Default: none.
   */
  extraCountries?: readonly string[];
  /**
   * What replaces each removed span: one text for both kinds, or per kind. Default
   * `DEFAULT_REPLACEMENTS` (`(link removed)`, `(number removed)`). At most
   * `MAX_REPLACEMENT_LENGTH` characters, no invisible characters, and nothing the detectors
   * would remove themselves (so sanitizing stays idempotent). An empty text deletes.
   */
  replacement?: string | { url?: string; phone?: string };
}

/** `SanitizeOptions` with every default applied and validated. */
export interface ResolvedSanitizeOptions {
  readonly defaultCountry: CountryCode | undefined;
  /** `defaultCountry` then `extraCountries`, without repeats: the national plans searched. */
  readonly countries: readonly CountryCode[];
  readonly replacements: Readonly<Record<RemovedKind, string>>;
}

function checkReplacement(kind: RemovedKind, text: unknown): string {
  const name = kind === 'url' ? 'links' : 'numbers';
  if (typeof text !== 'string') throw new TypeError(`sanitize: the replacement for ${name} must be a string; the default is '${DEFAULT_REPLACEMENTS[kind]}'`);
  if (text.length > MAX_REPLACEMENT_LENGTH) {
    throw new TypeError(`sanitize: the replacement for ${name} is ${text.length} characters; keep it to ${MAX_REPLACEMENT_LENGTH} or fewer`);
  }
  for (const char of text) {
    if (isIgnoredForDetection(char.codePointAt(0)!)) {
      throw new TypeError(`sanitize: the replacement for ${name} contains an invisible or direction-control character (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
    }
  }
  return text;
}

function checkCountry(option: string, value: unknown): CountryCode {
  const code = typeof value === 'string' ? value.toUpperCase() : '';
  if (!isSupportedCountry(code)) {
    throw new TypeError(
      `sanitize: ${option} '${String(value)}' is not a supported ISO 3166-1 alpha-2 country code; ` +
        "use one like 'US' or 'GB', or leave it out to find international numbers only",
    );
  }
  return code;
}

function resolveCountries(options: SanitizeOptions): { defaultCountry: CountryCode | undefined; countries: CountryCode[] } {
  const defaultCountry = options.defaultCountry === undefined ? undefined : checkCountry('defaultCountry', options.defaultCountry);
  const extra = options.extraCountries ?? [];
  if (!Array.isArray(extra)) throw new TypeError("sanitize: extraCountries must be a list of country codes such as ['IN', 'PH']");
  const countries = defaultCountry ? [defaultCountry] : [];
  for (const value of extra) {
    const code = checkCountry('extraCountries entry', value);
    if (!countries.includes(code)) countries.push(code);
  }
  return { defaultCountry, countries };
}

/**
 * Applies defaults to `SanitizeOptions` and validates them once, with messages that name the
 * option. Throws `TypeError` for an unknown country or an unusable replacement.
 *
 * @example
 * resolveSanitizeOptions({ defaultCountry: 'gb' })
 * // { defaultCountry: 'GB', countries: ['GB'], replacements: { url: '(link removed)', phone: '(number removed)' } }
 */
export function resolveSanitizeOptions(options: SanitizeOptions = {}): ResolvedSanitizeOptions {
  const { defaultCountry, countries } = resolveCountries(options);
  const given = options.replacement;
  if (given === undefined) return { defaultCountry, countries, replacements: DEFAULT_REPLACEMENTS };
  const perKind = typeof given === 'string' ? { url: given, phone: given } : given;
  if (perKind === null || typeof perKind !== 'object') {
    throw new TypeError(`sanitize: replacement must be a string or { url, phone }; the defaults are '${DEFAULT_LINK_REPLACEMENT}' and '${DEFAULT_NUMBER_REPLACEMENT}'`);
  }
  const replacements = Object.freeze({
    url: checkReplacement('url', perKind.url ?? DEFAULT_LINK_REPLACEMENT),
    phone: checkReplacement('phone', perKind.phone ?? DEFAULT_NUMBER_REPLACEMENT),
  });
  // Replacements sit next to each other and next to kept text; if one could be read as a link
  // or a number, sanitizing the output again would remove it.
  const { url, phone } = replacements;
  for (const sample of [url, phone, url + url, url + phone, phone + url, phone + phone]) {
    if (sample && findRemovableSpans(sample, countries).length > 0) {
      throw new TypeError(`sanitize: the replacement '${sample === phone ? phone : url}' would itself be removed as a link or number; choose text without hosts, schemes or digit runs`);
    }
  }
  return { defaultCountry, countries, replacements };
}
