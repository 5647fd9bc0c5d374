import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';

/** A country as the geo permission products list it. */
export interface EmulatedCountry {
  /** ISO 3166-1 alpha-2, e.g. `GB`. */
  isoCode: string;
  name: string;
  /** The E.164 calling code with `+`, e.g. `+44`. */
  callingCode: string;
}

const names = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Every country with phone numbers, from libphonenumber-js metadata (the same source the gate
 * uses), sorted by ISO code. Twilio's own tables are about the same size (about 250 rows).
 */
export const COUNTRIES: readonly EmulatedCountry[] = getCountries()
  .map((iso: CountryCode) => ({ isoCode: iso, name: names.of(iso) ?? iso, callingCode: `+${getCountryCallingCode(iso)}` }))
  .sort((a, b) => a.isoCode.localeCompare(b.isoCode));

const BY_ISO = new Map(COUNTRIES.map((c) => [c.isoCode, c]));

/** The country with this ISO code (upper case), or undefined. */
export function countryByIso(iso: string): EmulatedCountry | undefined {
  return BY_ISO.get(iso);
}
