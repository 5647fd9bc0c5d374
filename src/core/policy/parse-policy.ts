import { getCountries } from 'libphonenumber-js/max';
import { parseAdaptive, type AdaptiveRules } from '../adaptive/parse-adaptive';
import { LINE_TYPES, type LineType } from '../phone/parse-phone';
import { DEFAULT_DENIED_COUNTRIES, DEFAULT_DENIED_PREFIXES, DEFAULT_LINE_TYPES, type Channel } from './defaults';
import { parseStrictProfile, type StrictProfile } from './parse-strict';
import { LOOKUP_ON_UNUSABLE, type LookupOnUnusable } from './lookup-on-unusable';
import type { IdentityRequirement } from '../identity/request-identity';
import { parseUsageAlertRules, type UsageAlertRules } from '../usage-alert/usage-alert-rules';
import { parseDebuggerAlertRules, type DebuggerAlertRules } from '../debugger-alert/debugger-alert-rules';
import { PolicyError } from './policy-error';
import { parseRangeRepeats } from '../voice/parse-range-repeats';
import type { RangeRepeatRule } from '../voice/range-repeats';
import { parseOriginShare } from '../inbound/parse-origin-share';
import { parseKnownCallers } from '../inbound/parse-known-callers';
import type { KnownCallersRule } from '../inbound/known-callers';
import type { OriginShareRule } from '../inbound/origin-share';
import { jsonTypeOf, readNamedSection, readSection, readStringList } from './read-json';

export interface ListRule {
  allow: string[];
  deny: string[];
}

/** An exact number on the allow list, optionally until a moment. */
export interface AllowedNumber {
  number: string;
  /** As written (`2026-12-31` or `2026-12-31T18:00:00Z`), or null for an entry that never expires. */
  expires: string | null;
  /** Epoch ms from which the entry no longer counts, or null. */
  expiresAt: number | null;
}

/** Exact numbers: denied ones, and allowed ones that skip the other destination rules. */
export interface NumberRules {
  allow: AllowedNumber[];
  deny: string[];
}

/** Where calls and messages may go. */
export interface DestinationRules {
  countries: ListRule;
  prefixes: ListRule;
  numbers: NumberRules;
  lineTypes: Record<Channel, LineType[]>;
}

/** Optional Twilio Lookup after the free checks pass. It costs money per request, so it is off by default. */
export interface LookupRules {
  /** Replace an ambiguous FIXED_LINE_OR_MOBILE with the carrier's line type. Default false. */
  lineType: boolean;
  /** Refuse when Lookup's SMS pumping risk score (0-100) is above this. Default null (not checked). */
  smsPumpingRiskMax: number | null;
  /** What a Lookup failure means: `closed` refuses, `open` goes on without it. Default `closed`. */
  onError: 'closed' | 'open';
  /**
   * What an answer that cannot judge the number means (`valid: false`, no line type, or an
   * `error_code` in `line_type_intelligence`): `refuse`, or `free-checks` (the free checks'
   * decision stands). Default `free-checks`; the strict profile's default is `refuse`.
   */
  onUnusable: LookupOnUnusable;
}


/** What the inbound gates do with callers whose number is withheld or cannot be parsed. */
export type AnonymousCallers = 'allow' | 'reject';

/**
 * Who may call in. Callers are not destinations, so they have their own lists: a number you
 * never call may still flood you, and a country you call may be one you never want calls from.
 */
export interface InboundRules {
  /** Callers refused before anything else: exact E.164 numbers and `+` prefixes. Default none. */
  deny: { numbers: string[]; prefixes: string[] };
  /**
   * Withheld (`anonymous`, `+266696687`, ...) or unparseable callers: `allow` (default; they are
   * throttled together as one group) or `reject`.
   */
  anonymous: AnonymousCallers;
  /**
   * Fair share by calling country while the overall inbound call rate is under pressure (see
   * `OriginShareRule`), or false when switched off. Default on (`DEFAULT_ORIGIN_SHARE`).
   */
  originShare: OriginShareRule | false;
  /**
   * Callers first admitted on an earlier UTC day pass their country's room under pressure (see
   * `KnownCallersRule`), or false when switched off. Default on (`DEFAULT_KNOWN_CALLERS`); acts
   * only while `originShare` is on.
   */
  knownCallers: KnownCallersRule | false;
}

/** The resolved policy: every key present, every value validated. */
export interface Policy {
  /** `monitor` decides and logs everything but blocks nothing, for a safe rollout. Default `enforce`. */
  mode: 'enforce' | 'monitor';
  destinations: DestinationRules;
  lookup: LookupRules;
  inbound: InboundRules;
  /** Throttle rule sets as written (validated by the throttle engine). */
  throttles: Record<string, unknown>;
  /** Outbound SMS templates as written (validated by `parseTemplates` when the policy loads). */
  templates: Record<string, unknown>;
  /** Rules that learn from traffic (low-conversion blocking per range). See docs/configuration.md. */
  adaptive: AdaptiveRules;
  /** The outbound calls' budget of repeats per country (docs/configuration.md); `null` when switched off. */
  callRangeRepeats: RangeRepeatRule | null;
  /** What the gate mode `strict` changes (docs/account.md). */
  strict: StrictProfile;
  /** Per endpoint, whether a signed identity is required (`GATE_IDENTITY_SECRET`). Default: optional. */
  identity: IdentityRules;
  /** What a Usage Trigger's callback (`usage/alert`) does (docs/account.md). */
  usageAlerts: UsageAlertRules;
  /** Which Debugger alerts (`alerts/debugger`) are counted, and what a burst does (docs/account.md). */
  debuggerAlerts: DebuggerAlertRules;
}

/** The endpoints that read a signed identity, and whether each requires one. */
export interface IdentityRules {
  'verify/start': IdentityRequirement;
  'verify/check': IdentityRequirement;
}

const IDENTITY_ENDPOINTS = ['verify/start', 'verify/check'] as const;

function readIdentityRules(value: unknown): IdentityRules {
  const section = readSection(value, 'identity', IDENTITY_ENDPOINTS);
  const rules = { 'verify/start': 'optional', 'verify/check': 'optional' } as IdentityRules;
  for (const endpoint of IDENTITY_ENDPOINTS) {
    const requirement = section[endpoint] ?? 'optional';
    if (requirement !== 'required' && requirement !== 'optional') {
      throw new PolicyError(`identity.${endpoint}`, `must be 'required' or 'optional', not ${JSON.stringify(requirement)}`);
    }
    rules[endpoint] = requirement;
  }
  return rules;
}

/**
 * Why the policy cannot run with this identity secret, or undefined: an endpoint that requires
 * a signed identity with no secret to check it by would refuse every request.
 */
export function identityRequirementProblem(policy: Pick<Policy, 'identity'>, identitySecret: string | undefined): string | undefined {
  if (identitySecret !== undefined) return undefined;
  const endpoint = IDENTITY_ENDPOINTS.find((name) => policy.identity[name] === 'required');
  if (!endpoint) return undefined;
  return `not set, but the policy's identity.${endpoint} is 'required': every request to it would be refused; set GATE_IDENTITY_SECRET (32+ random characters, e.g. from \`openssl rand -hex 32\`) or make the identity optional`;
}

const KNOWN_COUNTRIES = new Set<string>(getCountries());
const E164 = /^\+[1-9]\d{6,14}$/;
const PREFIX = /^\+\d{1,15}$/;

const checkCountry = (code: string) =>
  KNOWN_COUNTRIES.has(code)
    ? undefined
    : /^[a-z]{2}$/.test(code) && KNOWN_COUNTRIES.has(code.toUpperCase())
      ? `'${code}' must be upper case: '${code.toUpperCase()}'`
      : `'${code}' is not an ISO 3166 alpha-2 country code with phone numbers (e.g. GB, US, DE)`;
const checkPrefix = (prefix: string) => (PREFIX.test(prefix) ? undefined : `'${prefix}' is not a prefix; write '+' and 1 to 15 digits, e.g. +882`);
const checkNumber = (number: string) => (E164.test(number) ? undefined : `'${number}' is not an E.164 number such as +447700900123`);
const checkLineType = (type: string) =>
  (LINE_TYPES as readonly string[]).includes(type) ? undefined : `'${type}' is not a line type; use one of ${LINE_TYPES.join(', ')}`;

function readListRule(value: unknown, path: string, defaults: { allow: readonly string[]; deny: readonly string[] }, check: (item: string) => string | undefined): ListRule {
  const section = readSection(value, path, ['allow', 'deny']);
  return {
    allow: readStringList(section.allow, `${path}.allow`, defaults.allow, check),
    deny: readStringList(section.deny, `${path}.deny`, defaults.deny, check),
  };
}

// A date (00:00 UTC that day) or a date-time with its offset: a time without one would mean
// different moments on the operator's laptop and in the Function.
const EXPIRY = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

// Date.parse rolls 2026-02-30 over into March; an operator who wrote it meant something else.
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

function readAllowedNumber(item: unknown, path: string): AllowedNumber {
  if (typeof item === 'string') {
    const problem = checkNumber(item);
    if (problem) throw new PolicyError(path, problem);
    return { number: item, expires: null, expiresAt: null };
  }
  const entry = readSection(item, path, ['number', 'expires']);
  if (typeof entry.number !== 'string') throw new PolicyError(`${path}.number`, `is required: an E.164 number such as +447700900123, not ${jsonTypeOf(entry.number)}`);
  const problem = checkNumber(entry.number);
  if (problem) throw new PolicyError(`${path}.number`, problem);
  const expires = entry.expires ?? null;
  if (expires === null) return { number: entry.number, expires: null, expiresAt: null };
  const expiresAt = typeof expires === 'string' && EXPIRY.test(expires) && isCalendarDate(expires.slice(0, 10)) ? Date.parse(expires) : NaN;
  if (!Number.isFinite(expiresAt)) {
    throw new PolicyError(`${path}.expires`, `${JSON.stringify(expires)} is not a date; use 2026-12-31 (00:00 UTC that day) or 2026-12-31T18:00:00Z`);
  }
  return { number: entry.number, expires: expires as string, expiresAt };
}

function readNumberRules(value: unknown): NumberRules {
  const path = 'destinations.numbers';
  const section = readSection(value, path, ['allow', 'deny']);
  const allow = section.allow ?? [];
  if (!Array.isArray(allow)) throw new PolicyError(`${path}.allow`, `must be a list, not ${jsonTypeOf(allow)}`);
  return {
    allow: allow.map((item, index) => readAllowedNumber(item, `${path}.allow[${index}]`)),
    deny: readStringList(section.deny, `${path}.deny`, [], checkNumber),
  };
}

function readLookup(value: unknown): LookupRules {
  const section = readSection(value, 'lookup', ['lineType', 'smsPumpingRiskMax', 'onError', 'onUnusable']);
  const lineType = section.lineType ?? false;
  if (typeof lineType !== 'boolean') throw new PolicyError('lookup.lineType', `must be true or false, not ${jsonTypeOf(lineType)}`);
  const max = section.smsPumpingRiskMax ?? null;
  if (max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 100)) {
    throw new PolicyError('lookup.smsPumpingRiskMax', 'must be a whole number from 0 to 100, or null to skip the check');
  }
  const onError = section.onError ?? 'closed';
  if (onError !== 'closed' && onError !== 'open') throw new PolicyError('lookup.onError', "must be 'closed' or 'open'");
  const onUnusable = section.onUnusable ?? 'free-checks';
  if (!(LOOKUP_ON_UNUSABLE as readonly unknown[]).includes(onUnusable)) throw new PolicyError('lookup.onUnusable', `must be 'refuse' or 'free-checks', not ${JSON.stringify(onUnusable)}`);
  return { lineType, smsPumpingRiskMax: max, onError, onUnusable: onUnusable as LookupOnUnusable };
}

function readInbound(value: unknown): InboundRules {
  const section = readSection(value, 'inbound', ['deny', 'anonymous', 'originShare', 'knownCallers']);
  const deny = readSection(section.deny, 'inbound.deny', ['numbers', 'prefixes']);
  const anonymous = section.anonymous ?? 'allow';
  if (anonymous !== 'allow' && anonymous !== 'reject') throw new PolicyError('inbound.anonymous', "must be 'allow' or 'reject'");
  const originShare = parseOriginShare(section.originShare);
  return {
    deny: {
      numbers: readStringList(deny.numbers, 'inbound.deny.numbers', [], checkNumber),
      prefixes: readStringList(deny.prefixes, 'inbound.deny.prefixes', [], checkPrefix),
    },
    anonymous,
    originShare,
    knownCallers: parseKnownCallers(section.knownCallers, originShare),
  };
}

/**
 * Validates a policy file's JSON and fills in every default. Throws a `PolicyError` naming the
 * key and the fix on the first problem; unknown keys are errors with a "did you mean" hint.
 * A list given in the file replaces its default (it does not add to it).
 *
 * @example
 * const policy = parsePolicy(JSON.parse(text));
 * policy.destinations.countries.deny // ['LV', 'LT', ...] unless the file says otherwise
 */
export function parsePolicy(json: unknown): Policy {
  const root = readSection(json, '', ['mode', 'destinations', 'lookup', 'inbound', 'throttles', 'templates', 'adaptive', 'callRangeRepeats', 'strict', 'usageAlerts', 'debuggerAlerts', 'identity']);
  const mode = root.mode ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'monitor') throw new PolicyError('mode', "must be 'enforce' or 'monitor'");

  const destinations = readSection(root.destinations, 'destinations', ['countries', 'prefixes', 'numbers', 'lineTypes']);
  const lineTypes = readSection(destinations.lineTypes, 'destinations.lineTypes', ['sms', 'voice']);

  const throttles = root.throttles ?? {};
  if (typeof throttles !== 'object' || throttles === null || Array.isArray(throttles)) {
    throw new PolicyError('throttles', `must be an object of rule sets, not ${jsonTypeOf(throttles)}`);
  }

  return {
    mode,
    destinations: {
      countries: readListRule(destinations.countries, 'destinations.countries', { allow: [], deny: DEFAULT_DENIED_COUNTRIES }, checkCountry),
      prefixes: readListRule(destinations.prefixes, 'destinations.prefixes', { allow: [], deny: DEFAULT_DENIED_PREFIXES }, checkPrefix),
      numbers: readNumberRules(destinations.numbers),
      lineTypes: {
        sms: readStringList(lineTypes.sms, 'destinations.lineTypes.sms', DEFAULT_LINE_TYPES.sms, checkLineType) as LineType[],
        voice: readStringList(lineTypes.voice, 'destinations.lineTypes.voice', DEFAULT_LINE_TYPES.voice, checkLineType) as LineType[],
      },
    },
    lookup: readLookup(root.lookup),
    inbound: readInbound(root.inbound),
    throttles: throttles as Record<string, unknown>,
    templates: readNamedSection(root.templates, 'templates'),
    adaptive: parseAdaptive(root.adaptive),
    callRangeRepeats: parseRangeRepeats(root.callRangeRepeats),
    strict: parseStrictProfile(root.strict),
    identity: readIdentityRules(root.identity),
    usageAlerts: parseUsageAlertRules(root.usageAlerts),
    debuggerAlerts: parseDebuggerAlertRules(root.debuggerAlerts),
  };
}
