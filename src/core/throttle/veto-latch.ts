import type { EvaluateOptions, ReadLogs, ThrottleLogRecord } from './decision-types';

/**
 * A decision's veto, asked possibly several times (after each lost race) and concurrently. The
 * answer only ever moves from "no" to "yes": a "no" that arrives after a "yes" changes nothing,
 * so a decision the veto refused once stays refused whatever later answers say.
 */
export interface VetoLatch {
  /** Asks the veto on the logs as read now; resolves to whether the decision is vetoed (by this or any earlier answer). */
  ask(): Promise<boolean>;
  readonly vetoed: boolean;
}

/**
 * Wraps `veto` in a latch. A veto that throws counts as "no" and is logged at `warn`.
 *
 * @example
 * const latch = createVetoLatch(options.veto, () => logsRead(), now, action, log);
 * if (await latch.ask()) refuse();
 */
export function createVetoLatch(
  veto: NonNullable<EvaluateOptions['veto']>,
  logsOf: () => ReadLogs,
  now: number,
  action: string,
  log: (record: ThrottleLogRecord) => void,
): VetoLatch {
  let vetoed = false;
  return {
    async ask() {
      if (vetoed) return true;
      try {
        if ((await veto(logsOf(), now)) === true) vetoed = true;
      } catch (error) {
        log({ event: 'throttle.veto_failed', level: 'warn', action, errorKind: error instanceof Error ? error.name : typeof error });
      }
      return vetoed;
    },
    get vetoed() {
      return vetoed;
    },
  };
}
