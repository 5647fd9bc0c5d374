import { PolicyError } from '../policy/policy-error';
import { jsonTypeOf, readNamedSection, readSection } from '../policy/read-json';
import { parseDuration } from '../throttle/duration';
import { parseSubjectKind } from '../throttle/subject';
import type { UnconvertedBudgetRule } from './unconverted-budget';
import type { CountryBudgetRule } from './country-budget';

/** One scope's budget as written in the policy file; `false` switches a default scope off. */
export type UnconvertedBudgetInput =
  | (Partial<Pick<UnconvertedBudgetRule, 'window' | 'floor' | 'perApproval' | 'cap'>> & {
      /** The stricter budget an exhausted, converting scope switches to; `false`: refuse instead. */
      escalate?: { scope: string; floor: number; perApproval?: number; cap: number } | false;
      /** Refuse an exhausted scope nobody converts in instead of escalating it. */
      refuseWithoutApprovals?: boolean;
    })
  | false;

/** `adaptive.unconverted` as written: budgets by scope (`country`, `global`, `prefix:N`), `true` for the recommended ones, or `false`. */
export type UnconvertedBudgetsInput = Readonly<Record<string, UnconvertedBudgetInput>> | boolean;

/**
 * The budgets a scope named in `adaptive.unconverted` starts from. Per country and per 5- and
 * 6-digit prefix over a day: a scope nobody converts in gets its floor of sends a day and no
 * more, however many 8-digit ranges an attacker walks through; a scope whose codes are entered
 * earns room with every approval (half a send per approval), up to its cap. Tuned on
 * bench/scenarios/ (docs/configuration.md shows the trade-off); the starts and approvals logs
 * they read are `UNCONVERTED_LOG_RULE_SETS`.
 */
/**
 * What an exhausted scope of real users switches to: each 8-digit range gets two unconverted
 * sends a day (a user and one resend), one more per approval. A scope is never refused as a
 * whole while someone there enters codes.
 */
const PER_RANGE_ESCALATION: UnconvertedBudgetRule = { scope: 'prefix:8', window: '1d', windowMs: 86_400_000, floor: 2, perApproval: 1, cap: 20, escalation: null, refuseWithoutApprovals: false };

/**
 * What a strict country judges instead: each 8-digit range one unconverted send a day, one more
 * per approval there (a refused resend leaves the first code on the phone, so real users barely
 * notice), so a pumper walking ranges gets one code per range a day.
 */
const STRICT_RANGE_BUDGET: UnconvertedBudgetRule = { scope: 'prefix:8', window: '1d', windowMs: 86_400_000, floor: 1, perApproval: 0.5, cap: 20, escalation: null, refuseWithoutApprovals: false };

/**
 * What every range of a normal country keeps: three unentered codes a day, one more per approval
 * there. Three like the low-conversion rule's `minStarts`: a user whose codes do not arrive may
 * ask three times before their range waits, as with that rule (which lifts after an hour; this
 * one when codes are entered there or a day has passed).
 */
const NORMAL_RANGE_BUDGET: UnconvertedBudgetRule = { scope: 'prefix:8', window: '1d', windowMs: 86_400_000, floor: 3, perApproval: 1, cap: 20, escalation: null, refuseWithoutApprovals: false };

/**
 * The country budget (`CountryBudgetRule`), on by default: 10 unconverted sends a day in a
 * country nobody converts in; half a send more per approval before the country turns strict (a
 * country where two codes in three are entered, resends counted, stays normal); one more per
 * approval before a country with under 2% of the app's approvals is spent. No cap of its own
 * (the overall limits bound it); counts at most 10 s old; no country spent before the countries
 * an instance knows show 20 approvals (a new deployment).
 * Tuned on bench/scenarios/ only (docs/simulate.md).
 */
export const DEFAULT_COUNTRY_BUDGET: CountryBudgetRule = {
  scope: 'country',
  range: NORMAL_RANGE_BUDGET,
  window: '1d',
  windowMs: 86_400_000,
  floor: 10,
  perApproval: 0.5,
  cap: 1_000_000_000,
  escalation: STRICT_RANGE_BUDGET,
  refuseWithoutApprovals: false,
  strictPerApproval: 1,
  refresh: '10s',
  refreshMs: 10_000,
  warmUpApprovals: 20,
  minShare: 0.05,
};

/**
 * The opt-in budgets per 5- and 6-digit prefix over a day, and their base when a policy names
 * them: a prefix nobody converts in gets its floor of sends a day, however many 8-digit ranges
 * an attacker walks inside it; one whose codes are entered earns half a send per approval. Each
 * costs every start one more Sync item (`UNCONVERTED_LOG_RULE_SETS`), so they are off by default.
 */
export const UNCONVERTED_BUDGET_BASES: readonly UnconvertedBudgetRule[] = [
  DEFAULT_COUNTRY_BUDGET,
  { scope: 'prefix:6', window: '1d', windowMs: 86_400_000, floor: 6, perApproval: 0.5, cap: 200, escalation: PER_RANGE_ESCALATION, refuseWithoutApprovals: false },
  { scope: 'prefix:5', window: '1d', windowMs: 86_400_000, floor: 10, perApproval: 0.5, cap: 400, escalation: PER_RANGE_ESCALATION, refuseWithoutApprovals: false },
];

/** What `"unconverted": true` switches on, and a policy that does not mention it gets: the country budget. */
export const RECOMMENDED_UNCONVERTED_SCOPES: readonly string[] = ['country'];

/** The budgets of a policy that does not mention `adaptive.unconverted`: the country budget. */
export const DEFAULT_UNCONVERTED_BUDGETS: readonly UnconvertedBudgetRule[] = [DEFAULT_COUNTRY_BUDGET];

const BUDGET_KEYS = ['window', 'floor', 'perApproval', 'cap', 'escalate', 'refuseWithoutApprovals'] as const;
const COUNTRY_BUDGET_KEYS = ['window', 'floor', 'perApproval', 'strictPerApproval', 'cap', 'escalate', 'range', 'refresh', 'warmUpApprovals', 'minShare'] as const;
/** The country budget counts counted logs, whose size does not grow with the count. */
const MAX_COUNTRY_BUDGET = 1_000_000_000;
const ESCALATION_KEYS = ['scope', 'floor', 'perApproval', 'cap'] as const;
/** Budgets read exact logs, which keep at most 1000 events (`EXACT_LOG_MAX_LIMIT`). */
export const MAX_UNCONVERTED_BUDGET = 1000;
const MAX_WINDOW_MS = 86_400_000;

function readCount(value: unknown, path: string, min: number, max = MAX_UNCONVERTED_BUDGET): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PolicyError(path, `must be a whole number from ${min} to ${max} (outstanding sends), not ${typeof value === 'number' ? value : jsonTypeOf(value)}`);
  }
  return value;
}

function readRate(value: unknown, path: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) {
    throw new PolicyError(path, `must be a number from 0 to 10 (${what}, e.g. 0.5), not ${typeof value === 'number' ? value : jsonTypeOf(value)}`);
  }
  return value;
}

function readShare(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new PolicyError(path, `must be a number from 0 to 1 (a share of the app's approvals, e.g. 0.02), not ${typeof value === 'number' ? value : jsonTypeOf(value)}`);
  }
  return value;
}

function readDuration(value: unknown, path: string, minMs: number, maxMs: number, hint: string): { text: string; ms: number } {
  const ms = parseDuration(value);
  if (ms === undefined) throw new PolicyError(path, `${JSON.stringify(value)} is not a duration; use e.g. ${hint}`);
  if (ms < minMs || ms > maxMs) throw new PolicyError(path, `${JSON.stringify(value)} is out of range; use ${hint}`);
  return { text: value as string, ms };
}

function readScope(scope: unknown, path: string): string {
  const kind = parseSubjectKind(scope);
  if (!kind || kind.type === 'number' || kind.type === 'identity') {
    throw new PolicyError(path, `${JSON.stringify(scope)} is not a budget scope; use 'country', 'global' or 'prefix:N' with N from 1 to 15 (e.g. 'prefix:6')`);
  }
  return scope as string;
}

/** floor, perApproval and cap at `path`, over `base` (a new entry must give floor and cap). */
function readAmounts(section: Record<string, unknown>, path: string, base: UnconvertedBudgetRule | undefined, max = MAX_UNCONVERTED_BUDGET): Pick<UnconvertedBudgetRule, 'floor' | 'perApproval' | 'cap'> {
  if (!base && (section.floor === undefined || section.cap === undefined)) {
    throw new PolicyError(path, "needs 'floor' and 'cap' (outstanding sends), e.g. { \"floor\": 10, \"perApproval\": 0.5, \"cap\": 300 }");
  }
  const floor = readCount(section.floor ?? base?.floor, `${path}.floor`, 1, max);
  const cap = readCount(section.cap ?? base?.cap, `${path}.cap`, 1, max);
  if (cap < floor) throw new PolicyError(`${path}.cap`, `must be at least 'floor' (${floor}), not ${cap}`);
  const perApproval = readRate(section.perApproval ?? base?.perApproval ?? 0, `${path}.perApproval`, 'extra outstanding sends per approval');
  return { floor, perApproval, cap };
}

/**
 * The country budget over `DEFAULT_COUNTRY_BUDGET`. Its window must be one its logs keep (they
 * are checked at load); `escalate` is the strict country's range budget and cannot be switched
 * off (a strict country judges its ranges: without them it would refuse everyone in it).
 */
function readCountryBudget(value: unknown): CountryBudgetRule {
  const path = 'adaptive.unconverted.country';
  const base = DEFAULT_COUNTRY_BUDGET;
  const section = readSection(value, path, COUNTRY_BUDGET_KEYS);
  const window = readDuration(section.window ?? base.window, `${path}.window`, 600_000, MAX_WINDOW_MS, '10m to 1d (a code is valid for 10 minutes)');
  if (section.escalate === false) {
    throw new PolicyError(`${path}.escalate`, "cannot be false: a strict country judges each range instead of refusing everyone in it; give it a stricter budget (e.g. { \"floor\": 1 }) or lower strictPerApproval to 0 to refuse a country as soon as it leaves its budget");
  }
  const escalation = readEscalation(section.escalate ?? {}, `${path}.escalate`, base.escalation, { window: window.text, windowMs: window.ms }) as UnconvertedBudgetRule;
  const range = readEscalation(section.range ?? {}, `${path}.range`, base.range, { window: window.text, windowMs: window.ms });
  const refresh = readDuration(section.refresh ?? base.refresh, `${path}.refresh`, 1000, 300_000, '1s to 5m (how old the counts an instance judges on may be)');
  return {
    ...base,
    window: window.text,
    windowMs: window.ms,
    ...readAmounts(section, path, base, MAX_COUNTRY_BUDGET),
    strictPerApproval: readRate(section.strictPerApproval ?? base.strictPerApproval, `${path}.strictPerApproval`, 'extra outstanding sends a strict country keeps per approval'),
    escalation,
    range,
    refresh: refresh.text,
    refreshMs: refresh.ms,
    warmUpApprovals: readCount(section.warmUpApprovals ?? base.warmUpApprovals, `${path}.warmUpApprovals`, 0, MAX_COUNTRY_BUDGET),
    minShare: readShare(section.minShare ?? base.minShare, `${path}.minShare`),
  };
}

function readEscalation(value: unknown, path: string, base: UnconvertedBudgetRule | null | undefined, window: Pick<UnconvertedBudgetRule, 'window' | 'windowMs'>): UnconvertedBudgetRule | null {
  if (value === false) return null;
  if (value === undefined && !base) return null;
  const section = readSection(value, path, ESCALATION_KEYS);
  const scope = readScope(section.scope ?? base?.scope, `${path}.scope`);
  if (!scope.startsWith('prefix:')) throw new PolicyError(`${path}.scope`, `${JSON.stringify(scope)} is not finer than a country; use 'prefix:N', e.g. 'prefix:8'`);
  return { scope, ...window, ...readAmounts(section, path, base ?? undefined), escalation: null, refuseWithoutApprovals: false };
}

function readBudget(scope: string, value: unknown, base: UnconvertedBudgetRule | undefined): UnconvertedBudgetRule {
  const path = `adaptive.unconverted.${scope}`;
  const section = readSection(value, path, BUDGET_KEYS);
  const window = section.window ?? base?.window ?? '1d';
  const windowMs = parseDuration(window);
  if (windowMs === undefined) throw new PolicyError(`${path}.window`, `${JSON.stringify(window)} is not a duration; use 10m, 1h or 1d`);
  if (windowMs < 600_000 || windowMs > MAX_WINDOW_MS) throw new PolicyError(`${path}.window`, `${JSON.stringify(window)} is out of range; use 10m to 1d (a code is valid for 10 minutes)`);
  const escalation = readEscalation(section.escalate, `${path}.escalate`, base?.escalation, { window: window as string, windowMs });
  const refuseWithoutApprovals = section.refuseWithoutApprovals ?? base?.refuseWithoutApprovals ?? false;
  if (typeof refuseWithoutApprovals !== 'boolean') throw new PolicyError(`${path}.refuseWithoutApprovals`, `must be true or false, not ${jsonTypeOf(refuseWithoutApprovals)}`);
  return { scope, window: window as string, windowMs, ...readAmounts(section, path, base), escalation, refuseWithoutApprovals };
}

/**
 * Validates `adaptive.unconverted`: omitted, the country budget (`DEFAULT_UNCONVERTED_BUDGETS`);
 * `false`, no budgets; `true`, the recommended ones
 * (`RECOMMENDED_UNCONVERTED_SCOPES`); an object, the recommended ones plus the scopes it names,
 * each over its base in `UNCONVERTED_BUDGET_BASES` (a scope without one needs `floor` and `cap`),
 * `false` switching a scope off. Throws a `PolicyError` naming the key and the fix.
 *
 * @example
 * parseUnconvertedBudgets(true)[0].scope // 'country'
 * parseUnconvertedBudgets({ country: { floor: 5 } })[0].floor // 5
 * parseUnconvertedBudgets({ 'prefix:4': { floor: -1, cap: 10 } }) // throws: adaptive.unconverted.prefix:4.floor must be a whole number from 1 to 1000 ...
 */
export function parseUnconvertedBudgets(value: unknown): UnconvertedBudgetRule[] {
  if (value === undefined) return [...DEFAULT_UNCONVERTED_BUDGETS];
  if (value === false) return [];
  const own = value === true ? {} : readNamedSection(value, 'adaptive.unconverted');
  const scopes = [...new Set([...RECOMMENDED_UNCONVERTED_SCOPES, ...Object.keys(own)])];
  const rules: UnconvertedBudgetRule[] = [];
  for (const scope of scopes) {
    const path = `adaptive.unconverted.${scope}`;
    readScope(scope, path);
    const entry = own[scope];
    if (entry === false) continue;
    if (scope === 'country') {
      rules.push(readCountryBudget(entry));
      continue;
    }
    rules.push(readBudget(scope, entry, UNCONVERTED_BUDGET_BASES.find((rule) => rule.scope === scope)));
  }
  return rules;
}
