import { PolicyError } from '../policy/policy-error';
import { jsonTypeOf, readSection } from '../policy/read-json';
import { parseDuration } from '../throttle/duration';
import type { BackoffRule } from './backoff';
import type { LowConversionRule } from './low-conversion';
import { parseUnconvertedBudgets, type UnconvertedBudgetsInput } from './parse-unconverted';
import type { UnconvertedBudgetRule } from './unconverted-budget';

/** The `adaptive` section as written in the policy file (see docs/configuration.md). */
export interface AdaptiveRulesInput {
  /** Low-conversion blocking per number range; `false` switches it off. Default `DEFAULT_LOW_CONVERSION`. */
  lowConversion?: Partial<Pick<LowConversionRule, 'scope' | 'window' | 'minStarts' | 'minConversion'>> | false;
  /** Per-number backoff between unconverted starts; `false` switches it off. Default `DEFAULT_BACKOFF`. */
  backoff?: Partial<Pick<BackoffRule, 'first' | 'max'>> | false;
  /** Unconverted-send budgets by scope; `false` switches them all off. Default `DEFAULT_UNCONVERTED_BUDGETS`. */
  unconverted?: UnconvertedBudgetsInput;
}

/** The resolved `adaptive` section. */
export interface AdaptiveRules {
  /** `null` when switched off. */
  readonly lowConversion: LowConversionRule | null;
  /** `null` when switched off. */
  readonly backoff: BackoffRule | null;
  /** Empty when switched off. */
  readonly unconverted: readonly UnconvertedBudgetRule[];
}

/**
 * Three starts an hour to one range with fewer than one in five codes entered. Chosen from the
 * attack scenarios (docs/configuration.md): a pumping bot gets at most three codes per range per
 * hour, and a range of real users, who enter most of their codes, never reaches it.
 */
export const DEFAULT_LOW_CONVERSION: LowConversionRule = { scope: 'prefix:8', digits: 8, window: '1h', windowMs: 3_600_000, minStarts: 3, minConversion: 0.2 };

/**
 * 30 s after the first code nobody entered, then 1 m, 2 m, 4 m, ... up to an hour. A person who
 * missed a text asks again within a minute or two and gets it; a bot re-requesting one number
 * gets about seven codes in the first hour and one an hour after, instead of three every ten
 * minutes up to the per-number daily limit.
 */
export const DEFAULT_BACKOFF: BackoffRule = { first: '30s', firstMs: 30_000, max: '1h', maxMs: 3_600_000 };

const BACKOFF_KEYS = ['first', 'max'] as const;
const MAX_BACKOFF_MS = 86_400_000;

function readBackoffDuration(value: unknown, path: string, minMs: number, minText: string): { text: string; ms: number } {
  const ms = parseDuration(value);
  if (ms === undefined) throw new PolicyError(path, `${JSON.stringify(value)} is not a duration; use 30s, 10m, 1h or 1d`);
  if (ms < minMs || ms > MAX_BACKOFF_MS) throw new PolicyError(path, `${JSON.stringify(value)} is out of range; use ${minText} to 1d`);
  return { text: value as string, ms };
}

function readBackoff(value: unknown): BackoffRule | null {
  if (value === false) return null;
  const path = 'adaptive.backoff';
  const section = readSection(value, path, BACKOFF_KEYS);
  const first = readBackoffDuration(section.first ?? DEFAULT_BACKOFF.first, `${path}.first`, 1000, '1s');
  const max = readBackoffDuration(section.max ?? DEFAULT_BACKOFF.max, `${path}.max`, 1000, '1s');
  if (max.ms < first.ms) throw new PolicyError(`${path}.max`, `must be at least 'first' (${first.text}), not ${max.text}`);
  return { first: first.text, firstMs: first.ms, max: max.text, maxMs: max.ms };
}

const LOW_CONVERSION_KEYS = ['scope', 'window', 'minStarts', 'minConversion'] as const;
/** The range logs (`verify-start-prefix`, `verify-conversion-prefix`) keep one day. */
const MAX_LOW_CONVERSION_WINDOW_MS = 86_400_000;

function readLowConversion(value: unknown): LowConversionRule | null {
  if (value === false) return null;
  const path = 'adaptive.lowConversion';
  const section = readSection(value, path, LOW_CONVERSION_KEYS);
  const scope = section.scope ?? DEFAULT_LOW_CONVERSION.scope;
  const digits = typeof scope === 'string' && /^prefix:\d{1,2}$/.test(scope) ? Number(scope.slice('prefix:'.length)) : NaN;
  if (!(digits >= 1 && digits <= 15)) {
    throw new PolicyError(`${path}.scope`, `${JSON.stringify(scope)} is not supported; use 'prefix:N' with N from 1 to 15 (numbers sharing their first N digits), e.g. 'prefix:8'`);
  }
  const window = section.window ?? DEFAULT_LOW_CONVERSION.window;
  const windowMs = parseDuration(window);
  if (windowMs === undefined) throw new PolicyError(`${path}.window`, `${JSON.stringify(window)} is not a duration; use 30s, 10m, 1h or 1d`);
  if (windowMs < 60_000 || windowMs > MAX_LOW_CONVERSION_WINDOW_MS) {
    throw new PolicyError(`${path}.window`, `${JSON.stringify(window)} is out of range; use 1m to 1d (the range logs keep one day)`);
  }
  const minStarts = section.minStarts ?? DEFAULT_LOW_CONVERSION.minStarts;
  if (typeof minStarts !== 'number' || !Number.isInteger(minStarts) || minStarts < 1 || minStarts > 50) {
    throw new PolicyError(`${path}.minStarts`, `must be a whole number from 1 to 50 (the verify-start-prefix log keeps at most its largest limit), not ${typeof minStarts === 'number' ? minStarts : jsonTypeOf(minStarts)}`);
  }
  const minConversion = section.minConversion ?? DEFAULT_LOW_CONVERSION.minConversion;
  if (typeof minConversion !== 'number' || !Number.isFinite(minConversion) || minConversion < 0 || minConversion > 1) {
    throw new PolicyError(`${path}.minConversion`, `must be a number from 0 to 1 (approved checks over starts, e.g. 0.2), not ${typeof minConversion === 'number' ? minConversion : jsonTypeOf(minConversion)}`);
  }
  return { scope: `prefix:${digits}`, digits, window: window as string, windowMs, minStarts, minConversion };
}

/**
 * Validates the policy file's `adaptive` section and fills in the defaults. Throws a
 * `PolicyError` naming the key and the fix; unknown keys get a "did you mean" hint.
 *
 * @example
 * parseAdaptive({ lowConversion: { minStarts: 5 } }).lowConversion?.minStarts // 5
 * parseAdaptive({ lowConversion: false }).lowConversion // null
 * parseAdaptive({ backoff: { first: '1m' } }).backoff?.maxMs // 3_600_000
 */
export function parseAdaptive(value: unknown): AdaptiveRules {
  const section = readSection(value, 'adaptive', ['lowConversion', 'backoff', 'unconverted']);
  return { lowConversion: readLowConversion(section.lowConversion), backoff: readBackoff(section.backoff), unconverted: parseUnconvertedBudgets(section.unconverted) };
}
