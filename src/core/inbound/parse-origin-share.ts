import { PolicyError } from '../policy/policy-error';
import { jsonTypeOf, readSection } from '../policy/read-json';
import { parseDuration } from '../throttle/duration';
import { DEFAULT_ORIGIN_SHARE, type OriginShareRule } from './origin-share';

const PATH = 'inbound.originShare';
const KEYS = ['pressure', 'floor', 'headroom', 'refresh', 'warmUpCalls'] as const;
const MAX_HEADROOM = 100;
const MAX_WARM_UP_CALLS = 1_000_000;

function readNumber(value: unknown, key: string, min: number, max: number, minIncluded: boolean, what: string): number {
  const below = typeof value === 'number' && (minIncluded ? value < min : value <= min);
  if (typeof value !== 'number' || !Number.isFinite(value) || below || value > max) {
    const range = minIncluded ? `from ${min} to ${max}` : `above ${min} and at most ${max}`;
    throw new PolicyError(`${PATH}.${key}`, `must be a number ${range} (${what}), not ${typeof value === 'number' ? value : jsonTypeOf(value)}`);
  }
  return value;
}

function readRefresh(value: unknown): { text: string; ms: number } {
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1000 || ms > 300_000) {
    throw new PolicyError(`${PATH}.refresh`, `must be a duration from 1s to 5m (how old the counts an instance judges on may be), not ${typeof value === 'string' ? `'${value}'` : jsonTypeOf(value)}`);
  }
  return { text: value as string, ms };
}

/**
 * Reads `inbound.originShare`: `false` switches it off, `true` or no value keeps the defaults
 * (`DEFAULT_ORIGIN_SHARE`), an object replaces the fields it gives. Each bad value is refused
 * with one error naming the key and the range.
 *
 * @example
 * parseOriginShare({ floor: 0.1 }).floor // 0.1
 * parseOriginShare({ floor: 0 }) // throws: policy inbound.originShare.floor: must be a number above 0 and at most 0.5 ...
 */
export function parseOriginShare(value: unknown): OriginShareRule | false {
  if (value === false) return false;
  if (value === undefined || value === true) return DEFAULT_ORIGIN_SHARE;
  const section = readSection(value, PATH, KEYS);
  const base = DEFAULT_ORIGIN_SHARE;
  const refresh = readRefresh(section.refresh ?? base.refresh);
  const warmUpCalls = section.warmUpCalls ?? base.warmUpCalls;
  if (typeof warmUpCalls !== 'number' || !Number.isInteger(warmUpCalls) || warmUpCalls < 0 || warmUpCalls > MAX_WARM_UP_CALLS) {
    throw new PolicyError(`${PATH}.warmUpCalls`, `must be a whole number from 0 to ${MAX_WARM_UP_CALLS} (baseline calls before any origin is held), not ${typeof warmUpCalls === 'number' ? warmUpCalls : jsonTypeOf(warmUpCalls)}`);
  }
  return {
    pressure: readNumber(section.pressure ?? base.pressure, 'pressure', 0, 1, false, 'the share of an overall window in use from which origins are held'),
    // Above 0: an origin new to the app must never be shut out; at most half, or two origins could take everything.
    floor: readNumber(section.floor ?? base.floor, 'floor', 0, 0.5, false, "every origin's smallest room, as a share of each overall window"),
    headroom: readNumber(section.headroom ?? base.headroom, 'headroom', 1, MAX_HEADROOM, true, "an origin's room as a multiple of its usual calls"),
    refresh: refresh.text,
    refreshMs: refresh.ms,
    warmUpCalls,
  };
}
