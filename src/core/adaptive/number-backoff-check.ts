import type { Throttle, ThrottleSubject } from '../throttle';
import { evaluateBackoff, type BackoffDecision, type BackoffRule } from './backoff';
import { createBlockMemory, type BlockMemory } from './block-memory';
import { createAdaptiveCheck, type AdaptiveCheck } from './adaptive-check';
import { numberLogRules } from './adaptive-logs';

/** A warm instance's memory of numbers the backoff refused (see `BlockMemory`). */
export type BackoffMemory = BlockMemory<BackoffDecision>;

/**
 * How long a warm instance refuses a backed-off number from memory before judging it again. Short,
 * because the approval that restarts the backoff is made by another Function (`verify/check` is
 * deployed and runs apart from `verify/start`, with its own memory): a user who enters a code
 * and asks for another at once waits at most this long. A bot hammering one number still costs
 * one full decision per instance per this interval, not one per request.
 */
export const BACKOFF_RECHECK_MS = 5_000;

/** Per-number memory, keyed by the number itself (it stays in this instance's memory). */
export function createBackoffMemory(recheckMs = BACKOFF_RECHECK_MS): BackoffMemory {
  return createBlockMemory<BackoffDecision>({ recheckMs });
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
  const logs = rule ? numberLogRules(throttle.ruleSets) : undefined;
  if (!rule || !logs) return undefined;
  return createAdaptiveCheck({ throttle, logs, subject, monitor, memory, judge: (starts, approvals, now) => evaluateBackoff(rule, starts, approvals, now) });
}
