import { isSupportedCountry, isValidPhoneNumber } from 'libphonenumber-js/max';
import { ScenarioError } from './scenario-error';
import { readBoolean, readChoice, readNumber, readObject, readSecondsRange, readText, readTextList } from './scenario-fields';
import type { IdentityMode, NumberSource, Pacing, Scenario, ScenarioLineType, TrafficAction, TrafficGroup, TrafficKind } from './scenario';

const SCENARIO_KEYS = ['name', 'seed', 'durationHours', 'historyHours', 'instances', 'routing', 'policy', 'store', 'traffic'];
const STORE_KEYS = ['rateLimits', 'latencyMs'];
const GROUP_KEYS = [
  'name', 'kind', 'action', 'channel', 'perHour', 'pacing', 'burstSize', 'numbers', 'conversion', 'enterCodeAfterSeconds',
  'resendProbability', 'resendAfterSeconds', 'identity', 'obeyRetryAfter', 'shareFromAttackerRanges', 'returningShare',
  'fromHour', 'toHour',
];
const NUMBER_KEYS = ['countries', 'countryWeights', 'lineType', 'ranges', 'rangeDigits', 'pool', 'numbers', 'prefixes'];
const LINE_TYPES: readonly ScenarioLineType[] = ['mobile', 'landline', 'premium', 'tollFree', 'sharedCost', 'voip', 'uan', 'personal'];
/** Two simulated weeks: enough for a slow drip, bounded so a typo cannot run for hours. */
const MAX_DURATION_HOURS = 336;
const MAX_PER_HOUR = 100_000;
/** A week: the longest baseline the built-in policy keeps (`verify-conversion-country`'s `7d`). */
const MAX_HISTORY_HOURS = 168;

/** Defaults of a traffic group that differ by kind: users behave, attackers do not by default. */
const KIND_DEFAULTS: Record<TrafficKind, { pacing: Pacing; conversion: number; obeyRetryAfter: boolean }> = {
  legit: { pacing: 'poisson', conversion: 0.85, obeyRetryAfter: true },
  attacker: { pacing: 'uniform', conversion: 0, obeyRetryAfter: false },
};

function countryProblem(code: string): string | undefined {
  return isSupportedCountry(code) ? undefined : `'${code}' is not a country code libphonenumber knows; use ISO 3166-1 alpha-2 codes such as GB, US, DE`;
}

/** One positive weight per country, for a source that lists countries only. */
function readCountryWeights(value: unknown, path: string, source: NumberSource): number[] {
  if (!Array.isArray(value) || value.length !== source.countries.length) {
    throw new ScenarioError(path, `must be a list of ${source.countries.length} numbers, one per country in 'countries'`);
  }
  if (source.numbers.length > 0 || source.prefixes.length > 0) throw new ScenarioError(path, "weighs 'countries' only; leave out 'numbers' and 'prefixes'");
  // Ranges are made once, in turn over the countries: weights would silently not apply to them.
  if (source.ranges > 0) throw new ScenarioError(path, "weighs fresh numbers only; leave out 'ranges' (or list the countries as often as they should get ranges)");
  const weights = value.map((weight, index) => readNumber(weight, `${path}[${index}]`, { min: 0, max: 1_000_000 }));
  if (!weights.some((weight) => weight > 0)) throw new ScenarioError(path, 'needs at least one weight above 0');
  return weights;
}

function readNumberSource(value: unknown, path: string): NumberSource {
  const raw = readObject(value, path, NUMBER_KEYS);
  const source: NumberSource = {
    countries: readTextList(raw.countries, `${path}.countries`, countryProblem),
    lineType: readChoice(raw.lineType, `${path}.lineType`, LINE_TYPES, 'mobile'),
    ranges: readNumber(raw.ranges, `${path}.ranges`, { min: 0, max: 100_000, integer: true }, 0),
    rangeDigits: readNumber(raw.rangeDigits, `${path}.rangeDigits`, { min: 4, max: 14, integer: true }, 8),
    pool: readNumber(raw.pool, `${path}.pool`, { min: 0, max: 1_000_000, integer: true }, 0),
    numbers: readTextList(raw.numbers, `${path}.numbers`, (n) => (isValidPhoneNumber(n) && n.startsWith('+') ? undefined : `'${n}' is not a valid number in E.164 (libphonenumber)`)),
    prefixes: readTextList(raw.prefixes, `${path}.prefixes`, (p) => (/^\+[1-9]\d{0,12}$/.test(p) ? undefined : `'${p}' is not an E.164 prefix such as +4474`)),
  };
  if (source.countries.length === 0 && source.numbers.length === 0 && source.prefixes.length === 0) {
    throw new ScenarioError(path, 'must list countries, numbers or prefixes to draw numbers from');
  }
  if (raw.countryWeights !== undefined) source.countryWeights = readCountryWeights(raw.countryWeights, `${path}.countryWeights`, source);
  return source;
}

function readGroup(value: unknown, path: string, index: number): TrafficGroup {
  const raw = readObject(value, path, GROUP_KEYS);
  const kind = readChoice<TrafficKind>(raw.kind, `${path}.kind`, ['legit', 'attacker']);
  const action = readChoice<TrafficAction>(raw.action, `${path}.action`, ['verify', 'voice-outbound', 'voice-inbound']);
  const defaults = KIND_DEFAULTS[kind];
  const group: TrafficGroup = {
    name: readText(raw.name, `${path}.name`, `${kind}-${index}`),
    kind,
    action,
    channel: readChoice(raw.channel, `${path}.channel`, ['sms', 'call', 'whatsapp'], 'sms'),
    perHour: readNumber(raw.perHour, `${path}.perHour`, { min: 0, max: MAX_PER_HOUR }),
    pacing: readChoice(raw.pacing, `${path}.pacing`, ['uniform', 'poisson', 'burst'], defaults.pacing),
    burstSize: readNumber(raw.burstSize, `${path}.burstSize`, { min: 1, max: 10_000, integer: true }, 50),
    numbers: readNumberSource(raw.numbers, `${path}.numbers`),
    conversion: readNumber(raw.conversion, `${path}.conversion`, { min: 0, max: 1 }, defaults.conversion),
    enterCodeAfterSeconds: readSecondsRange(raw.enterCodeAfterSeconds, `${path}.enterCodeAfterSeconds`, [15, 120]),
    resendProbability: readNumber(raw.resendProbability, `${path}.resendProbability`, { min: 0, max: 1 }, 0),
    resendAfterSeconds: readSecondsRange(raw.resendAfterSeconds, `${path}.resendAfterSeconds`, [20, 90]),
    identity: readChoice<IdentityMode>(raw.identity, `${path}.identity`, ['none', 'per-user', 'rotate', 'fixed'], 'none'),
    obeyRetryAfter: readBoolean(raw.obeyRetryAfter, `${path}.obeyRetryAfter`, defaults.obeyRetryAfter),
    shareFromAttackerRanges: readNumber(raw.shareFromAttackerRanges, `${path}.shareFromAttackerRanges`, { min: 0, max: 1 }, 0),
    returningShare: readNumber(raw.returningShare, `${path}.returningShare`, { min: 0, max: 1 }, 0),
    fromHour: readNumber(raw.fromHour, `${path}.fromHour`, { min: 0, max: MAX_DURATION_HOURS }, 0),
    toHour: readNumber(raw.toHour, `${path}.toHour`, { min: 0, max: MAX_DURATION_HOURS }, MAX_DURATION_HOURS),
  };
  if (group.kind === 'attacker' && group.shareFromAttackerRanges > 0) throw new ScenarioError(`${path}.shareFromAttackerRanges`, 'applies to legit groups only');
  // An attacker reusing numbers has `numbers.pool`.
  if (group.kind === 'attacker' && group.returningShare > 0) throw new ScenarioError(`${path}.returningShare`, "applies to legit groups only; an attacker reuses numbers with 'numbers.pool'");
  if (group.action !== 'verify' && raw.channel !== undefined) throw new ScenarioError(`${path}.channel`, `applies to action 'verify' only, not '${group.action}'`);
  if (group.toHour <= group.fromHour) throw new ScenarioError(`${path}.toHour`, `must be after fromHour (${group.fromHour})`);
  return group;
}

/**
 * Validates a parsed scenario file and applies its defaults. Throws a `ScenarioError` naming the
 * first bad field (unknown keys, unknown countries, negative or out-of-range numbers, invalid
 * numbers).
 *
 * @example
 * parseScenario(JSON.parse(text)).traffic[0].pacing // 'poisson' for a legit group by default
 */
export function parseScenario(value: unknown): Scenario {
  const raw = readObject(value, '(root)', SCENARIO_KEYS);
  const storeRaw = raw.store === undefined ? {} : readObject(raw.store, 'store', STORE_KEYS);
  if (!Array.isArray(raw.traffic) || raw.traffic.length === 0) throw new ScenarioError('traffic', 'must be a non-empty list of traffic groups');
  const scenario: Scenario = {
    name: readText(raw.name, 'name'),
    seed: readNumber(raw.seed, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true }, 1),
    durationHours: readNumber(raw.durationHours, 'durationHours', { min: 0.01, max: MAX_DURATION_HOURS }, 24),
    historyHours: readNumber(raw.historyHours, 'historyHours', { min: 0, max: MAX_HISTORY_HOURS }, 0),
    instances: readNumber(raw.instances, 'instances', { min: 1, max: 64, integer: true }, 4),
    routing: readChoice(raw.routing, 'routing', ['round-robin', 'random'], 'round-robin'),
    policy: raw.policy === undefined ? undefined : readText(raw.policy, 'policy'),
    store: {
      rateLimits: readBoolean(storeRaw.rateLimits, 'store.rateLimits', true),
      latencyMs: readNumber(storeRaw.latencyMs, 'store.latencyMs', { min: 0, max: 10_000 }, 0),
    },
    traffic: raw.traffic.map((group, index) => readGroup(group, `traffic[${index}]`, index)),
  };
  const names = new Set<string>();
  scenario.traffic.forEach((group, index) => {
    if (names.has(group.name)) throw new ScenarioError(`traffic[${index}].name`, `'${group.name}' is used by an earlier group; names must be unique`);
    names.add(group.name);
  });
  return scenario;
}
