import type { EvaluateOptions, Throttle, ThrottleSubject } from '../throttle';
import { evaluateLowConversion, type LowConversionDecision, type LowConversionRule } from './low-conversion';

/** The rule set whose log holds a range's verification starts. */
export const RANGE_STARTS_RULE = 'verify-start-prefix';
/** The rule set whose log holds a range's approved checks. */
export const RANGE_APPROVALS_RULE = 'verify-conversion-prefix';

/**
 * How long a warm instance refuses a blocked range from memory before asking the store again
 * (an approval can lift a block before its starts leave the window).
 */
export const RANGE_BLOCK_RECHECK_MS = 60_000;
/** Blocked ranges one instance remembers; expired entries are dropped first. */
export const MAX_REMEMBERED_RANGE_BLOCKS = 10_000;

/**
 * Per-instance memory of ranges the low-conversion rule refused, so a pumping bot hammering a
 * blocked range costs no store reads: refused starts are never recorded, so without it every
 * refused start would read every rule set's item (and a hot `global` item runs out of Sync's
 * per-Map read budget).
 */
export interface RangeBlockCache {
  /** The remembered refusal for the number's range, with `liftsInMs` counted from `now`. */
  get(number: string, now: number): LowConversionDecision | undefined;
  set(number: string, decision: LowConversionDecision, now: number): void;
}

/**
 * @example
 * const cache = createRangeBlockCache();
 * cache.set('+447400123456', decision, now);
 * cache.get('+447400123499', now + 1000); // the same range: still refused
 */
export function createRangeBlockCache(recheckMs = RANGE_BLOCK_RECHECK_MS, maxEntries = MAX_REMEMBERED_RANGE_BLOCKS): RangeBlockCache {
  const blocks = new Map<string, { decision: LowConversionDecision; liftsAt: number; recheckAt: number }>();
  const rangeOf = (number: string) => number.replace(/\D/g, '').slice(0, 8);
  return {
    get(number, now) {
      const range = rangeOf(number);
      const entry = blocks.get(range);
      if (!entry) return undefined;
      if (now >= entry.recheckAt) {
        blocks.delete(range);
        return undefined;
      }
      return { ...entry.decision, liftsInMs: Math.max(1, entry.liftsAt - now) };
    },
    set(number, decision, now) {
      if (blocks.size >= maxEntries) {
        for (const [range, entry] of blocks) if (now >= entry.recheckAt) blocks.delete(range);
        if (blocks.size >= maxEntries) blocks.delete(blocks.keys().next().value as string);
      }
      blocks.set(rangeOf(number), { decision, liftsAt: now + decision.liftsInMs, recheckAt: now + Math.min(recheckMs, decision.liftsInMs) });
    },
  };
}

/** A low-conversion check bound to one verification start. */
export interface RangeConversionCheck {
  /** Pass to `throttle.evaluate`: refuses (unless monitoring) before anything is written. */
  readonly veto: NonNullable<EvaluateOptions['veto']>;
  /** The decision, once the throttle has asked the veto (undefined when it never did, e.g. a throttle denial). */
  result(): LowConversionDecision | undefined;
}

function countsByPrefix8(throttle: Throttle, name: string): boolean {
  const subject = throttle.ruleSets.get(name)?.subject;
  return subject?.type === 'prefix' && subject.digits === 8;
}

/**
 * Starts reading the range's approvals at once, so the read runs concurrently with the
 * throttle's own reads, and returns the veto that judges the range with the starts log the
 * throttle read (no second read of it). An approvals read that fails leaves the range unjudged:
 * a store failure must not refuse every range. `monitor` judges and reports but never refuses.
 * A refusal is remembered in `cache` (see `RangeBlockCache`).
 * Returns undefined when the rule is off or the range logs are not kept per `prefix:8`.
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
  if (!rule || !countsByPrefix8(throttle, RANGE_STARTS_RULE) || !countsByPrefix8(throttle, RANGE_APPROVALS_RULE)) return undefined;
  const approvals = throttle.peek(RANGE_APPROVALS_RULE, subject);
  let decision: LowConversionDecision | undefined;
  return {
    async veto(logs, now) {
      const read = await approvals;
      decision = evaluateLowConversion(rule, logs.get(RANGE_STARTS_RULE), read.ok ? read.events : undefined, now);
      if (decision.allowed || monitor) return false;
      if (cache && subject.number) cache.set(subject.number, decision, now);
      return true;
    },
    result: () => decision,
  };
}

/** A range as logs may show it: the first four digits, the rest masked (`+4474****`). */
export function maskRange(e164: string, digits = 8): string {
  const range = e164.replace(/\D/g, '').slice(0, digits);
  return `+${range.slice(0, 4)}${'*'.repeat(Math.max(0, range.length - 4))}`;
}
