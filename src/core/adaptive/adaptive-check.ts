import type { EvaluateOptions, PeekResult } from '../throttle';

type Veto = NonNullable<EvaluateOptions['veto']>;

/** An adaptive rule bound to one request: a throttle veto, and the decision it reached. */
export interface AdaptiveCheck<Decision> {
  /** Pass to `throttle.evaluate`: refuses (unless monitoring) before anything is written. */
  readonly veto: Veto;
  /** The decision, once the throttle has asked the veto (undefined when it never did, e.g. a throttle denial). */
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
