import { PolicyError } from '../policy/policy-error';
import { jsonTypeOf, readSection } from '../policy/read-json';
import { parseDuration } from '../throttle/duration';
import { DAY_MS, DEFAULT_KNOWN_CALLERS, type KnownCallersRule } from './known-callers';
import type { OriginShareRule } from './origin-share';

const PATH = 'inbound.knownCallers';
const KEYS = ['remember', 'maxFill'] as const;
/** A record must outlive the day after the call that made it, or nobody is ever known. */
const MIN_REMEMBER_MS = 2 * DAY_MS;
/** Sync keeps an item for at most a year (its TTL's upper bound). */
const MAX_REMEMBER_MS = 365 * DAY_MS;

const shown = (value: unknown) => (typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : jsonTypeOf(value));

function readRemember(value: unknown): { text: string; ms: number } {
  const ms = parseDuration(value);
  if (ms === undefined || ms < MIN_REMEMBER_MS || ms > MAX_REMEMBER_MS) {
    throw new PolicyError(`${PATH}.remember`, `must be a duration from 2d to 365d (how long a caller's first admission is remembered), not ${shown(value)}`);
  }
  return { text: value as string, ms };
}

function readMaxFill(value: unknown, originShare: OriginShareRule | false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw new PolicyError(`${PATH}.maxFill`, `must be a number above 0 and at most 1 (how full an overall window may be while known callers pass their country's room), not ${shown(value)}`);
  }
  // At or below the pressure point a held country's known callers would never pass: a setting that does nothing.
  if (originShare && value <= originShare.pressure && value < 1) {
    throw new PolicyError(`${PATH}.maxFill`, `must be above inbound.originShare.pressure (${originShare.pressure}), or known callers never pass their country's room; raise it, or set inbound.knownCallers to false`);
  }
  return value;
}

/**
 * Reads `inbound.knownCallers`: `false` switches it off, `true` or no value keeps the defaults
 * (`DEFAULT_KNOWN_CALLERS`), an object replaces the fields it gives. It acts inside the fair
 * share, so `originShare` (already parsed) bounds `maxFill`; with the fair share off it has
 * nothing to let callers past and records nothing.
 *
 * @example
 * parseKnownCallers({ remember: '30d' }, DEFAULT_ORIGIN_SHARE).rememberMs // 2592000000
 * parseKnownCallers({ maxFill: 0.4 }, DEFAULT_ORIGIN_SHARE) // throws: policy inbound.knownCallers.maxFill: must be above inbound.originShare.pressure (0.5) ...
 */
export function parseKnownCallers(value: unknown, originShare: OriginShareRule | false): KnownCallersRule | false {
  if (value === false) return false;
  const section = value === undefined || value === true ? {} : readSection(value, PATH, KEYS);
  const remember = readRemember(section.remember ?? DEFAULT_KNOWN_CALLERS.remember);
  return { remember: remember.text, rememberMs: remember.ms, maxFill: readMaxFill(section.maxFill ?? defaultMaxFill(originShare), originShare) };
}

/** `DEFAULT_KNOWN_CALLERS.maxFill`, or halfway from a fair share's pressure point to full when that is higher (a policy that raised the pressure must not switch known callers off unsaid). */
function defaultMaxFill(originShare: OriginShareRule | false): number {
  const base = DEFAULT_KNOWN_CALLERS.maxFill;
  return originShare && originShare.pressure >= base ? (originShare.pressure + 1) / 2 : base;
}
