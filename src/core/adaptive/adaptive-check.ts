import type { EvaluateOptions } from '../throttle';

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
