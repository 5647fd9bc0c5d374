import { guarded, type DecisionContext } from './decision-context';
import type { RuleRun } from './rule-run';
import { failOnContention, failRun, readRun } from './run-read';
import type { StoreWriteResult } from './store';
import { jitteredBackoffMs, pause } from './timers';
import type { VetoLatch } from './veto-latch';
import { windowLogWith, type WindowLog } from './window-log';

/** Upper bound of the random pause before re-reading after the n-th lost race: min(cap, base * 2^(n-1)). */
export const CONFLICT_BACKOFF_BASE_MS = 5;
export const CONFLICT_BACKOFF_CAP_MS = 100;

/**
 * Writes this request's event into the run's log, conditionally on the revision read. A lost race
 * re-reads after a jittered pause and decides again on the fresh log; the veto is asked again
 * too, since the race was lost to a request it has not seen. Races are retried until the
 * decision's deadline (or `maxConflictRetries`), then the run fails closed: contention is never
 * an outage. Stops, leaving the run `admits`, as soon as `halted` says the decision is refused.
 */
export async function commitRun(context: DecisionContext, run: RuleRun, latch: VetoLatch | undefined, halted: () => boolean): Promise<void> {
  while (run.phase === 'admits' && !halted()) {
    const data = windowLogWith(run.log as WindowLog, run.ruleSet, run.windows, run.event);
    const item = run.item;
    const remember = (running: Promise<StoreWriteResult>) => {
      if (run.path === 'store') run.abandonedWrite = running;
    };
    let result: StoreWriteResult;
    try {
      result = await guarded(
        context,
        run,
        () => (item ? run.store.update(run.key, { ...data }, run.ruleSet.ttlSec, item.revision) : run.store.create(run.key, { ...data }, run.ruleSet.ttlSec)),
        remember,
      );
    } catch (error) {
      await failRun(context, run, error);
      continue;
    }
    if (result.ok) {
      run.phase = 'committed';
      return;
    }
    run.conflicts += 1;
    if (run.conflicts > context.maxConflictRetries || context.deadline.remainingMs() <= 0) {
      failOnContention(context, run);
      return;
    }
    await pause(context.timers, Math.min(jitteredBackoffMs(run.conflicts, context.random, CONFLICT_BACKOFF_BASE_MS, CONFLICT_BACKOFF_CAP_MS), context.deadline.remainingMs()));
    await readRun(context, run);
    if (run.phase === 'admits' && latch) await latch.ask();
  }
}
