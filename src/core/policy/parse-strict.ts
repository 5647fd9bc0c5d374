import { getCountries } from 'libphonenumber-js/max';
import { VERIFY_CHANNELS, type VerifyChannel } from '../verify/verify-requests';
import { LOOKUP_ON_UNUSABLE, type LookupOnUnusable } from './lookup-on-unusable';
import { PolicyError } from './policy-error';
import { jsonTypeOf, readNamedSection, readSection, readStringList } from './read-json';

/**
 * The `strict` section: what the gate does differently while the gate mode is `strict` (set by an
 * operator, a usage trigger or the debugger webhook when an attack is suspected). Everything in it
 * only narrows the normal policy; nothing in strict lets through what normal refuses.
 */
export interface StrictProfile {
  /** Destination countries still served in strict, on top of the normal rules. Default `[]`: unchanged. */
  countries: string[];
  /** `verify/start` channels served in strict. Default `sms` and `whatsapp`: voice codes are the costlier pumping target. */
  verifyChannels: VerifyChannel[];
  /** Lookup settings in strict, over the normal ones. Default: the line type is always looked up, and an unusable answer refuses. */
  lookup: { lineType?: boolean; smsPumpingRiskMax?: number | null; onUnusable?: LookupOnUnusable };
  /**
   * Every enforcing throttle rule set gets a strict twin (`strict-<name>`) with its limits times
   * this factor (rounded down, at least 1), counted on its own log from when strict begins, on
   * top of the normal rule set. Default `DEFAULT_STRICT_LIMIT_FACTOR`.
   */
  limitFactor: number;
  /** More rule sets that apply only in strict, in the `throttles` format. Default none. */
  throttles: Record<string, unknown>;
}

export const DEFAULT_STRICT_LIMIT_FACTOR = 0.25;
export const DEFAULT_STRICT_VERIFY_CHANNELS: readonly VerifyChannel[] = ['sms', 'whatsapp'];

const KNOWN_COUNTRIES = new Set<string>(getCountries());

/** Validates the `strict` section and fills in its defaults. */
export function parseStrictProfile(value: unknown): StrictProfile {
  const section = readSection(value, 'strict', ['countries', 'verifyChannels', 'lookup', 'limitFactor', 'throttles']);
  const countries = readStringList(section.countries, 'strict.countries', [], (code) =>
    KNOWN_COUNTRIES.has(code) ? undefined : `'${code}' is not an ISO 3166 alpha-2 country code with phone numbers (e.g. GB, US, DE)`,
  );
  const verifyChannels = readStringList(section.verifyChannels, 'strict.verifyChannels', DEFAULT_STRICT_VERIFY_CHANNELS, (channel) =>
    (VERIFY_CHANNELS as readonly string[]).includes(channel) ? undefined : `'${channel}' is not a channel; use ${VERIFY_CHANNELS.join(', ')}`,
  ) as VerifyChannel[];
  const lookupSection = readSection(section.lookup, 'strict.lookup', ['lineType', 'smsPumpingRiskMax', 'onUnusable']);
  const lookup: StrictProfile['lookup'] = { lineType: true, onUnusable: 'refuse' };
  if (lookupSection.onUnusable !== undefined) {
    if (!(LOOKUP_ON_UNUSABLE as readonly unknown[]).includes(lookupSection.onUnusable)) {
      throw new PolicyError('strict.lookup.onUnusable', `must be 'refuse' or 'free-checks', not ${JSON.stringify(lookupSection.onUnusable)}`);
    }
    lookup.onUnusable = lookupSection.onUnusable as LookupOnUnusable;
  }
  if (lookupSection.lineType !== undefined) {
    if (typeof lookupSection.lineType !== 'boolean') throw new PolicyError('strict.lookup.lineType', `must be true or false, not ${jsonTypeOf(lookupSection.lineType)}`);
    lookup.lineType = lookupSection.lineType;
  }
  if (lookupSection.smsPumpingRiskMax !== undefined) {
    const max = lookupSection.smsPumpingRiskMax;
    if (max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 100)) {
      throw new PolicyError('strict.lookup.smsPumpingRiskMax', 'must be a whole number from 0 to 100, or null to skip the check');
    }
    lookup.smsPumpingRiskMax = max;
  }
  const limitFactor = section.limitFactor ?? DEFAULT_STRICT_LIMIT_FACTOR;
  if (typeof limitFactor !== 'number' || !(limitFactor > 0) || limitFactor > 1) {
    throw new PolicyError('strict.limitFactor', `must be a number above 0 and at most 1 (strict only lowers limits), not ${JSON.stringify(limitFactor)}`);
  }
  return { countries, verifyChannels, lookup, limitFactor, throttles: readNamedSection(section.throttles, 'strict.throttles') };
}
