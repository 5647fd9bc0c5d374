import type { Throttle, ThrottleSubject } from '../throttle';
import { evaluateBackoff, type BackoffDecision, type BackoffRule } from './backoff';
import { createBlockMemory, type BlockMemory } from './block-memory';
import { judgeWithApprovalsIfNeeded, type AdaptiveCheck } from './adaptive-check';

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
 * The veto that judges the backoff with the starts log the throttle read (no second read of it).
 * The number's approvals are read only when it would be refused without them (a start within
 * the current wait), so a first start costs no extra read and a quick repeat one, after the
 * throttle's reads. A failed approvals read leaves the number unjudged: the per-number limits
 * still hold, and a store failure must not lock real users out. `monitor` judges and reports but
 * never refuses. A refusal is remembered in `memory`.
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
  let decision: BackoffDecision | undefined;
  return {
    async veto(logs, now) {
      const starts = logs.get(NUMBER_STARTS_RULE);
      decision = await judgeWithApprovalsIfNeeded(
        (approvals) => evaluateBackoff(rule, starts, approvals, now),
        () => throttle.peek(NUMBER_APPROVALS_RULE, subject),
      );
      if (decision.allowed || monitor) return false;
      if (memory && subject.number) memory.set(subject.number, decision, now);
      return true;
    },
    result: () => decision,
  };
}
