import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';

/** Lookup v2 line types (see twilio-facts.md). */
export type LineType =
  | 'mobile'
  | 'landline'
  | 'fixedVoip'
  | 'nonFixedVoip'
  | 'personal'
  | 'tollFree'
  | 'premium'
  | 'sharedCost'
  | 'uan'
  | 'voicemail'
  | 'pager'
  | 'unknown';

/** Every Lookup line type, for validating control API input. */
export const LINE_TYPES: readonly LineType[] = [
  'mobile',
  'landline',
  'fixedVoip',
  'nonFixedVoip',
  'personal',
  'tollFree',
  'premium',
  'sharedCost',
  'uan',
  'voicemail',
  'pager',
  'unknown',
];

/** Lookup v2 `validation_errors` values. */
export type ValidationError =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_BUT_POSSIBLE'
  | 'INVALID_COUNTRY_CODE'
  | 'INVALID_LENGTH'
  | 'NOT_A_NUMBER';

/** A number as the emulator understands it, using libphonenumber's `max` metadata. */
export type ParsedNumber =
  | { valid: true; e164: string; country: string | null; callingCode: string; national: string; lineType: LineType }
  | { valid: false; error: ValidationError; possible: PossibleDetails | null };

/** What libphonenumber could still read from a number it does not consider valid. */
export interface PossibleDetails {
  e164: string;
  country: string | null;
  callingCode: string;
  national: string;
}

/**
 * libphonenumber types mapped to Lookup line types. FIXED_LINE_OR_MOBILE (e.g. most US numbers,
 * where the ranges are shared) maps to `mobile`: Lookup answers from carrier data, which the
 * emulator does not have, and `mobile` is the answer that keeps SMS flows working.
 */
const LINE_TYPE_BY_LIBPHONENUMBER_TYPE: Record<string, LineType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  FIXED_LINE_OR_MOBILE: 'mobile',
  TOLL_FREE: 'tollFree',
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'sharedCost',
  VOIP: 'nonFixedVoip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

const MAX_NUMBER_INPUT = 64;

function toValidationError(reason: string): ValidationError {
  switch (reason) {
    case 'INVALID_COUNTRY':
      return 'INVALID_COUNTRY_CODE';
    case 'TOO_SHORT':
    case 'TOO_LONG':
    case 'INVALID_LENGTH':
    case 'NOT_A_NUMBER':
      return reason;
    default:
      return 'NOT_A_NUMBER';
  }
}

/**
 * Parses a phone number the way the emulator validates `To`/`From` and answers Lookup: E.164
 * (or national with `defaultCountry`), no extraction from surrounding text, libphonenumber
 * `isValid()` with full metadata. NFKC first so fullwidth digits and plus signs parse.
 *
 * @example
 * parseNumber('+447911123456') // { valid: true, e164: '+447911123456', lineType: 'mobile', ... }
 * parseNumber('+447700900123') // { valid: false, error: 'INVALID_BUT_POSSIBLE' } (Ofcom drama range)
 */
export function parseNumber(input: string, defaultCountry?: string): ParsedNumber {
  const text = input.normalize('NFKC').trim();
  if (text.length === 0 || text.length > MAX_NUMBER_INPUT) return { valid: false, error: text ? 'TOO_LONG' : 'NOT_A_NUMBER', possible: null };
  const country = defaultCountry && isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry: country, extract: false });
  } catch (error) {
    return { valid: false, error: toValidationError(error instanceof Error ? error.message : ''), possible: null };
  }
  if (!phone.isValid()) {
    const lengthError = validatePhoneNumberLength(phone.number);
    const possible = { e164: phone.number, country: phone.country ?? null, callingCode: phone.countryCallingCode, national: phone.formatNational() };
    return { valid: false, error: lengthError ? toValidationError(lengthError) : 'INVALID_BUT_POSSIBLE', possible };
  }
  const type = phone.getType();
  return {
    valid: true,
    e164: phone.number,
    country: phone.country ?? null,
    callingCode: phone.countryCallingCode,
    national: phone.formatNational(),
    lineType: (type && LINE_TYPE_BY_LIBPHONENUMBER_TYPE[type]) || 'unknown',
  };
}

/** True when `value` is a valid phone number in E.164 (a leading `+` is required). */
export function isValidE164(value: string): boolean {
  return value.startsWith('+') && parseNumber(value).valid;
}

/**
 * Masks a phone number for console output: keeps the `+`, two leading digits and the last two.
 *
 * @example
 * maskPhoneNumber('+447911123456') // '+44********56'
 */
export function maskPhoneNumber(value: string): string {
  if (value.length <= 5) return '*'.repeat(value.length);
  const head = value.startsWith('+') ? 3 : 2;
  return `${value.slice(0, head)}${'*'.repeat(value.length - head - 2)}${value.slice(-2)}`;
}
