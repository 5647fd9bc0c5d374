import type { Throttle, ThrottleSubject } from '../throttle';
import { createAdaptiveCheck, type AdaptiveCheck } from './adaptive-check';
import { rangeLogRules } from './adaptive-logs';
import { BLOCK_RECHECK_MS, createBlockMemory, MAX_REMEMBERED_BLOCKS, type BlockMemory } from './block-memory';
import { evaluateLowConversion, type LowConversionDecision, type LowConversionRule } from './low-conversion';

/** A warm instance's memory of ranges the low-conversion rule refused (see `BlockMemory`). */
export type RangeBlockCache = BlockMemory<LowConversionDecision>;

/** The range a number belongs to for the low-conversion rule: its first `digits` digits. */
export function rangeOf(number: string, digits = 8): string {
  return number.replace(/\D/g, '').slice(0, digits);
}

/**
 * Remembers by the rule's range (`digits`, default 8).
 *
 * @example
 * const cache = createRangeBlockCache({ digits: rule.digits });
 * cache.set('+447400123456', decision, now);
 * cache.get('+447400123499', now + 1000); // the same range: still refused
 */
export function createRangeBlockCache({ digits = 8, recheckMs = BLOCK_RECHECK_MS, maxEntries = MAX_REMEMBERED_BLOCKS } = {}): RangeBlockCache {
  return createBlockMemory<LowConversionDecision>({ keyOf: (number) => rangeOf(number, digits), recheckMs, maxEntries });
}

/** A low-conversion check bound to one verification start. */
export type RangeConversionCheck = AdaptiveCheck<LowConversionDecision>;

/**
 * The veto that judges the range with the starts log the throttle read (no second read of it).
 * The range's approvals are read only when the range would be refused without them (at least
 * `minStarts` starts in the window), so a quiet range costs no extra read; a would-be refusal
 * costs one, after the throttle's reads. A failed approvals read leaves the range unjudged: a
 * store failure must not refuse every range. `monitor` judges and reports but never refuses.
 * A refusal is remembered in `cache` (see `RangeBlockCache`).
 * Returns undefined when the rule is off or no rule sets keep the range logs at its `prefix:N`.
 *
 * @example
 * const check = startRangeConversionCheck(throttle, rule, { number: '+447400123456' }, false);
 * const decision = await throttle.evaluate('verify-start', subject, { veto: check?.veto });
 * if (decision.vetoed) refuse(check?.result());
 */
export function startRangeConversionCheck(
  throttle: Throttle,
  rule: LowConversionRule | null,
  subject: ThrottleSubject,
  monitor: boolean,
  cache?: RangeBlockCache,
): RangeConversionCheck | undefined {
  const logs = rule ? rangeLogRules(throttle.ruleSets, rule.digits) : undefined;
  if (!rule || !logs) return undefined;
  return createAdaptiveCheck({ throttle, logs, subject, monitor, memory: cache, judge: (starts, approvals, now) => evaluateLowConversion(rule, starts, approvals, now) });
}

/** A range as logs may show it: the first four digits, the rest masked (`+4474****`). */
export function maskRange(e164: string, digits = 8): string {
  const range = e164.replace(/\D/g, '').slice(0, digits);
  return `+${range.slice(0, 4)}${'*'.repeat(Math.max(0, range.length - 4))}`;
}
