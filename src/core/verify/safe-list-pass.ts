import type { RefinedDecision } from '../lookup';
import type { NumberList, NumberListCheck } from '../number-list';

/** What the safe list said about one number, as the decision log shows it. */
export type SafeListAnswer = Omit<NumberListCheck, 'expiresAt'>;

/** The safe list for one request: read at most once, and only when asked. */
export interface SafeListPass {
  /** Reads (once) whether the number is safe-listed. Never rejects: a failed read is "not listed". */
  read(): Promise<SafeListAnswer>;
  /** The answer, if `read` was called and finished (for the decision log). */
  answer(): SafeListAnswer | undefined;
}

const NOT_LISTED: SafeListAnswer = { listed: false, rule: null, path: 'none', storeError: null };

/**
 * Binds the safe list to one request's number. It is read only when a refusal is about to happen
 * (a refused destination, a blocked range, a backoff), so allowed requests never pay for it. A
 * read that fails counts as not listed: the refusal stands, as every money path fails closed.
 *
 * @example
 * const safe = safeListPass(runtime.safeList, '+447400123456');
 * if ((await safe.read()).listed) destination = passedBySafeList(destination);
 */
export function safeListPass(list: NumberList, e164: string | undefined): SafeListPass {
  let pending: Promise<SafeListAnswer> | undefined;
  let settled: SafeListAnswer | undefined;
  return {
    read() {
      pending ??= (e164 ? list.check(e164) : Promise.resolve(NOT_LISTED)).then(
        ({ listed, rule, path, storeError }) => (settled = { listed, rule, path, storeError }),
        () => (settled = { ...NOT_LISTED, storeError: 'unavailable' }),
      );
      return pending;
    },
    answer: () => settled,
  };
}

/** The refusal a safe-list entry overrode, kept for the decision log. */
export interface OverriddenRefusal {
  reason: RefinedDecision['reason'];
  rule: string;
}

/**
 * A destination the safe list lets through: allowed as an explicit number entry, which also skips
 * Lookup and the adaptive rules. A refusal it overrides stays in `overridden`, so the log still
 * says why the number would have been refused (a country, a prefix, a line type).
 */
export function passedBySafeList(decision: RefinedDecision): RefinedDecision & { overridden?: OverriddenRefusal } {
  const overridden = decision.allowed ? undefined : { reason: decision.reason, rule: decision.rule };
  return { ...decision, allowed: true, reason: 'number_allowed', rule: 'safe-list.numbers', ...(overridden ? { overridden } : {}) };
}
