import type { LineType } from '../phone/parse-phone';

/**
 * The ten destinations most abused for toll fraud and SMS pumping, as Twilio's anti-fraud guide
 * lists them apart from the island states: Latvia, Lithuania, Serbia, Somalia, Congo, DR Congo,
 * Chad, Gambia, Sierra Leone, Guinea.
 */
export const HIGH_RISK_COUNTRIES = ['LV', 'LT', 'RS', 'SO', 'CG', 'CD', 'TD', 'GM', 'SL', 'GN'] as const;

/**
 * Pacific island states with their own calling codes: Fiji, Papua New Guinea, Solomon Islands,
 * Vanuatu, Samoa, Tonga, Tuvalu, Kiribati, Nauru, Marshall Islands, Micronesia, Palau, Cook
 * Islands, Niue, Tokelau. Their small networks charge high termination rates that pumpers share.
 */
export const PACIFIC_ISLAND_STATES = ['FJ', 'PG', 'SB', 'VU', 'WS', 'TO', 'TV', 'KI', 'NR', 'MH', 'FM', 'PW', 'CK', 'NU', 'TK'] as const;

/** Caribbean island states outside the +1 plan: Cuba, Haiti. */
export const CARIBBEAN_ISLAND_STATES = ['CU', 'HT'] as const;

/**
 * Every member of the North American Numbering Plan (+1) except the United States and Canada:
 * the Caribbean states and territories (Antigua and Barbuda, Anguilla, Bahamas, Barbados,
 * Bermuda, Dominica, Dominican Republic, Grenada, Jamaica, Saint Kitts and Nevis, Cayman Islands,
 * Saint Lucia, Montserrat, Sint Maarten, Turks and Caicos, Trinidad and Tobago, Saint Vincent and
 * the Grenadines, British and US Virgin Islands, Puerto Rico) and the US Pacific territories
 * (American Samoa, Guam, Northern Mariana Islands). Their numbers look domestic to US and
 * Canadian users ("+1 441 ..."), which is what international revenue share fraud and one-ring
 * scams exploit; most terminate at international rates. A test keeps this list equal to
 * libphonenumber's +1 members minus US and CA.
 */
export const NANP_OUTSIDE_US_AND_CANADA = [
  'AG', 'AI', 'AS', 'BB', 'BM', 'BS', 'DM', 'DO', 'GD', 'GU', 'JM', 'KN',
  'KY', 'LC', 'MP', 'MS', 'PR', 'SX', 'TC', 'TT', 'VC', 'VG', 'VI',
] as const;

/** Countries refused when the policy file does not say otherwise. */
export const DEFAULT_DENIED_COUNTRIES: readonly string[] = [...HIGH_RISK_COUNTRIES, ...PACIFIC_ISLAND_STATES, ...CARIBBEAN_ISLAND_STATES, ...NANP_OUTSIDE_US_AND_CANADA];

/**
 * Non-geographic calling codes refused by default: Inmarsat (+870), satellite and international
 * networks (+881, +882, +883), personal and reserved codes (+878, +888), international premium
 * rate (+979), international freephone (+800) and shared cost (+808). They have no country, so
 * a country rule would never catch them.
 */
export const DEFAULT_DENIED_PREFIXES: readonly string[] = ['+870', '+878', '+881', '+882', '+883', '+888', '+979', '+800', '+808'];

/** Channels a destination is checked for. */
export type Channel = 'sms' | 'voice';

/** Number types allowed per channel by default: SMS only reaches mobiles; voice also landlines. */
export const DEFAULT_LINE_TYPES: Readonly<Record<Channel, readonly LineType[]>> = {
  sms: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  voice: ['MOBILE', 'FIXED_LINE_OR_MOBILE', 'FIXED_LINE'],
};
