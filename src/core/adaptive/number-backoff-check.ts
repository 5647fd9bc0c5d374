import type { Throttle, ThrottleSubject } from '../throttle';
import { evaluateBackoff, type BackoffDecision, type BackoffRule } from './backoff';
import { createBlockMemory, type BlockMemory } from './block-memory';
import type { AdaptiveCheck } from './adaptive-check';

/** The rule set whose log holds a number's verification starts. */
export const NUMBER_STARTS_RULE = 'verify-start';
/** The rule set whose log holds a number's approved checks. */
export const NUMBER_APPROVALS_RULE = 'verify-conversion-number';

/** A warm instance's memory of numbers the backoff refused (see `BlockMemory`). */
export type BackoffMemory = BlockMemory<BackoffDecision>;

/** Per-number memory, keyed by the number itself (it stays in this instance's memory). */
export function createBackoffMemory(): BackoffMemory {
  return createBlockMemory<BackoffDecision>();
}

function countsByNumber(throttle: Throttle, name: string): boolean {
  return throttle.ruleSets.get(name)?.subject.type === 'number';
}

/**
 * Starts reading the number's approvals at once, so the read runs concurrently with the
 * throttle's own reads, and returns the veto that judges the backoff with the starts log the
 * throttle read (no second read of it). A failed approvals read leaves the number unjudged: the
 * per-number limits still hold, and a store failure must not lock real users out. `monitor`
 * judges and reports but never refuses. A refusal is remembered in `memory`.
 * Returns undefined when the rule is off or either log is not kept per number.
 *
 * @example
 * const check = startNumberBackoffCheck(throttle, rule, { number: '+447400123456' }, false);
 * const decision = await throttle.evaluate('verify-start', subject, { veto: check?.veto });
 */
export function startNumberBackoffCheck(
  throttle: Throttle,
  rule: BackoffRule | null,
  subject: ThrottleSubject,
  monitor: boolean,
  memory?: BackoffMemory,
): AdaptiveCheck<BackoffDecision> | undefined {
  if (!rule || !countsByNumber(throttle, NUMBER_STARTS_RULE) || !countsByNumber(throttle, NUMBER_APPROVALS_RULE)) return undefined;
  const approvals = throttle.peek(NUMBER_APPROVALS_RULE, subject);
  let decision: BackoffDecision | undefined;
  return {
    async veto(logs, now) {
      const read = await approvals;
      decision = evaluateBackoff(rule, logs.get(NUMBER_STARTS_RULE), read.ok ? read.events : undefined, now);
      if (decision.allowed || monitor) return false;
      if (memory && subject.number) memory.set(subject.number, decision, now);
      return true;
    },
    result: () => decision,
  };
}
