import { parsePhoneNumberWithError, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { normalizePhoneInput } from './normalize';

/** libphonenumber's number types, plus `UNKNOWN` when it cannot tell. */
export type LineType = NonNullable<NumberType> | 'UNKNOWN';

export const LINE_TYPES: readonly LineType[] = [
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
  'UNKNOWN',
];

export type ParsedPhone =
  | { ok: true; e164: string; country: CountryCode | undefined; type: LineType; extension: string | undefined }
  | { ok: false };

/**
 * Parses one phone number with the full (`max`) metadata, which knows number types for every
 * region (the `min` metadata for 15 only). `extract: false` refuses input with anything around
 * the number instead of pulling a number out of it. Invalid numbers are `{ ok: false }`.
 *
 * @example
 * parsePhone('07911 123456', 'GB') // { ok: true, e164: '+447911123456', country: 'GG', type: 'MOBILE', ... }
 */
export function parsePhone(input: string, defaultCountry?: CountryCode): ParsedPhone {
  const normalized = normalizePhoneInput(input);
  if (!normalized) return { ok: false };
  try {
    const phone = parsePhoneNumberWithError(normalized, { defaultCountry, extract: false });
    if (!phone.isValid()) return { ok: false };
    return { ok: true, e164: phone.number, country: phone.country, type: phone.getType() ?? 'UNKNOWN', extension: phone.ext };
  } catch {
    return { ok: false };
  }
}
