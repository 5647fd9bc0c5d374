import type { CountryCode } from 'libphonenumber-js/max';
import type { Channel } from '../policy/defaults';
import type { DestinationRules } from '../policy/parse-policy';
import { parsePhone, type LineType } from './parse-phone';
import { compilePrefixMatcher } from './prefix-matcher';

/** Why a destination was refused. Stable: logs, metrics and clients rely on these names. */
export type DestinationRefusal =
  | 'invalid_number'
  | 'extension_not_allowed'
  | 'number_denied'
  | 'prefix_denied'
  | 'country_denied'
  | 'country_not_allowed'
  | 'line_type_not_allowed';

/** Why a destination was allowed: by the general rules, or by an explicit allow entry. */
export type DestinationAllowance = 'allowed' | 'number_allowed' | 'prefix_allowed';

export interface DestinationDecision {
  allowed: boolean;
  reason: DestinationRefusal | DestinationAllowance;
  /** The policy entry that decided, e.g. `destinations.prefixes.deny[+882]`, or `default`. */
  rule: string;
  /** The parsed number in E.164 (absent when it could not be parsed). Log it masked only. */
  e164?: string;
  /** ISO country of the number; absent for non-geographic numbers (+800, +882, ...). */
  country?: CountryCode;
  type?: LineType;
  /** When the allow entry that decided stops counting (epoch ms); only for an entry with `expires`. */
  expiresAt?: number;
}

export interface EvaluateOptions {
  channel: Channel;
  /** Country for numbers written in national format (`07911 123456`). Without it, only `+` numbers parse. */
  defaultCountry?: CountryCode;
  /** The time allow entries with an expiry are judged at (epoch ms). Default `Date.now()`. */
  now?: number;
}

/** A compiled destination policy: build once per warm instance, call per request. */
export type DestinationEvaluator = (input: string, options: EvaluateOptions) => DestinationDecision;

/**
 * Compiles destination rules once (sets and a prefix table), returning the evaluator. The
 * evaluator is deterministic and never throws, in this order:
 * 1. parse (NFKC, invisible characters removed, full metadata, no extraction): `invalid_number`;
 *    an extension: `extension_not_allowed`;
 * 2. exact numbers: deny `number_denied`; allow `number_allowed` (skips 3 to 5) until the entry's
 *    `expires`, after which the number is judged like any other;
 * 3. prefixes, longest match over both lists (deny wins a tie): deny `prefix_denied`; an allow
 *    match skips the country rules (it is the more specific "where" rule) but not line types;
 * 4. country, on the parsed country so +1 876 is Jamaica: deny `country_denied`; a non-empty
 *    allow list without it (non-geographic numbers have no country) `country_not_allowed`;
 * 5. line type not allowed for the channel: `line_type_not_allowed`.
 *
 * @example
 * const evaluate = compileDestinationPolicy(policy.destinations);
 * evaluate('+882345678901', { channel: 'sms' }) // { allowed: false, reason: 'invalid_number', ... }
 */
export function compileDestinationPolicy(rules: DestinationRules): DestinationEvaluator {
  const deniedNumbers = new Set(rules.numbers.deny);
  const allowedNumbers = new Map(rules.numbers.allow.map((entry) => [entry.number, entry.expiresAt] as const));
  const deniedCountries = new Set<string>(rules.countries.deny);
  const allowedCountries = new Set<string>(rules.countries.allow);
  const lineTypes = { sms: new Set(rules.lineTypes.sms), voice: new Set(rules.lineTypes.voice) };
  const matchPrefix = compilePrefixMatcher(rules.prefixes);

  // The allow entry's expiry when it still counts at `now` (null: never expires), else undefined.
  const allowEntryAt = (e164: string, now: number): number | null | undefined => {
    const expiresAt = allowedNumbers.get(e164);
    return expiresAt === undefined || (expiresAt !== null && expiresAt <= now) ? undefined : expiresAt;
  };

  return (input, { channel, defaultCountry, now = Date.now() }) => {
    const parsed = typeof input === 'string' ? parsePhone(input, defaultCountry) : ({ ok: false } as const);
    if (!parsed.ok) return { allowed: false, reason: 'invalid_number', rule: 'parse' };
    const { e164, country, type } = parsed;
    const facts = { e164, country, type };
    if (parsed.extension !== undefined) return { allowed: false, reason: 'extension_not_allowed', rule: 'parse', ...facts };

    if (deniedNumbers.has(e164)) return { allowed: false, reason: 'number_denied', rule: 'destinations.numbers.deny', ...facts };
    const allowEntry = allowEntryAt(e164, now);
    if (allowEntry !== undefined) {
      return { allowed: true, reason: 'number_allowed', rule: 'destinations.numbers.allow', ...facts, ...(allowEntry !== null ? { expiresAt: allowEntry } : {}) };
    }

    const prefix = matchPrefix(e164);
    if (prefix?.list === 'deny') {
      return { allowed: false, reason: 'prefix_denied', rule: `destinations.prefixes.deny[${prefix.prefix}]`, ...facts };
    }
    if (!prefix) {
      if (country !== undefined && deniedCountries.has(country)) {
        return { allowed: false, reason: 'country_denied', rule: `destinations.countries.deny[${country}]`, ...facts };
      }
      if (allowedCountries.size > 0 && (country === undefined || !allowedCountries.has(country))) {
        return { allowed: false, reason: 'country_not_allowed', rule: 'destinations.countries.allow', ...facts };
      }
    }
    if (!lineTypes[channel].has(type)) {
      return { allowed: false, reason: 'line_type_not_allowed', rule: `destinations.lineTypes.${channel}`, ...facts };
    }
    if (prefix) return { allowed: true, reason: 'prefix_allowed', rule: `destinations.prefixes.allow[${prefix.prefix}]`, ...facts };
    return { allowed: true, reason: 'allowed', rule: 'default', ...facts };
  };
}
