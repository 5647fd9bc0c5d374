import { createDeadline } from './deadline';
import { incident, type DecisionContext } from './decision-context';
import { asStoreError } from './failure-policy';
import type { RuleRun } from './rule-run';
import type { Store, StoreErrorReason, StoreWriteResult } from './store';
import { jitteredBackoffMs, pause } from './timers';
import { readWindowLog, windowLogWithout } from './window-log';

/** Real-time budget for taking one event back out: its own, so a slow commit cannot use it up. */
export const DEFAULT_COMPENSATION_BUDGET_MS = 2000;
export const COMPENSATION_BACKOFF_BASE_MS = 20;
export const COMPENSATION_BACKOFF_CAP_MS = 250;

/** `removed`; `absent` (the event is not in the log: never landed, or already gone); `failed` (logged). */
export type CompensationResult = 'removed' | 'absent' | 'failed';

type Attempt = { done: true; result: 'removed' | 'absent' } | { done: false; storeError: StoreErrorReason };

async function removeOnce(store: Store, run: RuleRun, guard: <T>(operation: () => Promise<T>) => Promise<T>): Promise<Attempt> {
  try {
    const item = await guard(() => store.get(run.key));
    const log = item ? readWindowLog(run.ruleSet, run.windows, item.data) : undefined;
    const without = log && windowLogWithout(log, run.windows, run.event);
    if (!item || !without) return { done: true, result: 'absent' };
    const result = await guard(() => store.update(run.key, without, run.ruleSet.ttlSec, item.revision));
    if (result.ok) return { done: true, result: 'removed' };
    return result.conflict === 'missing' ? { done: true, result: 'absent' } : { done: false, storeError: 'conflict' };
  } catch (error) {
    return { done: false, storeError: asStoreError(error).reason };
  }
}

/**
 * Takes this request's event (by its id) back out of `store`, within its own budget, retrying
 * lost races and failures after jittered pauses. A failure to do so is logged at `warn`: the
 * event stays counted (the safe side) until it leaves the window.
 */
export async function removeEventOf(context: DecisionContext, run: RuleRun, store: Store): Promise<CompensationResult> {
  const budget = createDeadline(context.compensationBudgetMs, context.timers);
  const guard = <T>(operation: () => Promise<T>) => (store === context.localStore ? operation() : budget.guard(operation, context.storeTimeoutMs));
  let attempts = 0;
  let storeError: StoreErrorReason = 'timeout';
  while (budget.remainingMs() > 0) {
    attempts += 1;
    const attempt = await removeOnce(store, run, guard);
    if (attempt.done) return attempt.result;
    storeError = attempt.storeError;
    await pause(context.timers, Math.min(jitteredBackoffMs(attempts, context.random, COMPENSATION_BACKOFF_BASE_MS, COMPENSATION_BACKOFF_CAP_MS), budget.remainingMs()));
  }
  incident(context, run, 'throttle.compensation_failed', { attempts, compensationError: storeError, eventId: run.event.id });
  return 'failed';
}

type Landing = 'landed' | 'not_landed' | 'pending';

function landingWithin(context: DecisionContext, write: Promise<StoreWriteResult>, waitMs: number): Promise<Landing> {
  return new Promise((resolve) => {
    const cancel = context.timers.setTimer(() => resolve('pending'), waitMs);
    write.then(
      (result) => {
        cancel();
        resolve(result.ok ? 'landed' : 'not_landed');
      },
      () => {
        cancel();
        resolve('not_landed');
      },
    );
  });
}

/**
 * Undoes a write to the shared store that was given up on after its timeout, for a request that
 * ends refused: waits (within the compensation budget) for the write's own answer, then removes
 * the event if it landed or may yet have. A write still unanswered then is watched: if it lands
 * later, that is logged at `warn` and one more removal is tried.
 */
export async function undoAbandonedWrite(context: DecisionContext, run: RuleRun, write: Promise<StoreWriteResult>): Promise<void> {
  const landing = await landingWithin(context, write, context.compensationBudgetMs / 2);
  if (landing === 'not_landed') return;
  const result = await removeEventOf(context, run, context.sharedStore);
  if (result === 'removed') incident(context, run, 'throttle.write_landed_after_timeout', { removed: true, eventId: run.event.id });
  if (landing !== 'pending' || result === 'removed') return;
  void write.then(
    async (late) => {
      if (!late.ok) return;
      const removed = (await removeEventOf(context, run, context.sharedStore)) === 'removed';
      incident(context, run, 'throttle.write_landed_after_timeout', { removed, eventId: run.event.id });
    },
    () => undefined,
  );
}
