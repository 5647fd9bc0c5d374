import type { EvaluateOptions, PeekResult, Throttle, ThrottleSubject } from '../throttle';
import type { AdaptiveLogRules } from './adaptive-logs';
import type { BlockMemory } from './block-memory';

type Veto = NonNullable<EvaluateOptions['veto']>;

/** An adaptive rule bound to one request: a throttle veto, and the decision it reached. */
export interface AdaptiveCheck<Decision> {
  /** Pass to `throttle.evaluate`: refuses (unless monitoring) before anything is written. */
  readonly veto: Veto;
  /**
   * The decision, once the throttle has asked the veto (undefined when it never did, e.g. a
   * throttle denial). A refusal sticks: when the veto is asked again after a lost race and
   * allows, the refusal that vetoed the request is still what this returns.
   */
  result(): Decision | undefined;
}

/**
 * One veto asking every check concurrently, so each reaches (and can log) its own decision;
 * it refuses when any of them does.
 *
 * @example
 * await throttle.evaluate('verify-start', subject, { veto: combineVetoes([rangeCheck, backoffCheck]) });
 */
export function combineVetoes(checks: ReadonlyArray<AdaptiveCheck<unknown> | undefined>): Veto | undefined {
  const present = checks.filter((check): check is AdaptiveCheck<unknown> => check !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0].veto;
  return async (logs, now) => (await Promise.all(present.map((check) => Promise.resolve(check.veto(logs, now)).catch(() => false)))).some(Boolean);
}

/**
 * Judges a rule that reads approvals, reading them only when they can change the answer.
 * Approvals only ever make such a rule more lenient, so it is judged first as if there were
 * none: when that allows, nothing is read (the common case: a first start to a number, a quiet
 * range). Only a would-be refusal pays the one extra read, and a failed read is passed on as
 * `undefined` (unknown) for the rule to decide on.
 *
 * @example
 * const decision = await judgeWithApprovalsIfNeeded((approvals) => evaluateBackoff(rule, starts, approvals, now), () => throttle.peek(name, subject));
 */
export async function judgeWithApprovalsIfNeeded<Decision extends { readonly allowed: boolean }>(
  judge: (approvals: readonly number[] | undefined) => Decision,
  readApprovals: () => Promise<PeekResult>,
): Promise<Decision> {
  const withoutApprovals = judge([]);
  if (withoutApprovals.allowed) return withoutApprovals;
  const read = await readApprovals();
  return judge(read.ok ? read.events : undefined);
}

/** What one adaptive rule needs to become a check bound to one request. */
export interface AdaptiveCheckOptions<Decision> {
  throttle: Throttle;
  /** The logs the rule reads (`rangeLogRules`, `numberLogRules`). */
  logs: AdaptiveLogRules;
  subject: ThrottleSubject;
  /** The pure rule: starts and approvals (undefined when unknown) at `now`. */
  judge: (starts: readonly number[] | undefined, approvals: readonly number[] | undefined, now: number) => Decision;
  /** Judges and reports, never refuses. */
  monitor: boolean;
  /** Where a refusal is remembered, keyed by the subject's number. */
  memory?: BlockMemory<Decision & { readonly liftsInMs: number }>;
}

/**
 * Binds an adaptive rule to one request as a throttle veto: it judges on the starts log the
 * throttle read (no second read of it), reads the approvals only for a would-be refusal, and
 * remembers a refusal in `memory`. It may be asked again after a lost write race, on fresh logs.
 */
export function createAdaptiveCheck<Decision extends { readonly allowed: boolean; readonly liftsInMs: number }>(options: AdaptiveCheckOptions<Decision>): AdaptiveCheck<Decision> {
  const { throttle, logs, subject, judge, monitor, memory } = options;
  let latest: Decision | undefined;
  let refusal: Decision | undefined;
  return {
    async veto(read, now) {
      const starts = read.get(logs.starts);
      const decision = await judgeWithApprovalsIfNeeded(
        (approvals) => judge(starts, approvals, now),
        () => throttle.peek(logs.approvals, subject),
      );
      latest = decision;
      if (decision.allowed || monitor) return false;
      refusal ??= decision;
      if (memory && subject.number) memory.set(subject.number, decision, now);
      return true;
    },
    result: () => refusal ?? latest,
  };
}
