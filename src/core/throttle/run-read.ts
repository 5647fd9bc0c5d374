import { guarded, incident, type DecisionContext } from './decision-context';
import { asStoreError, STORE_ERROR_RETRY_AFTER_MS, storeFailureOutcome } from './failure-policy';
import type { RuleRun } from './rule-run';
import { checkWindowLog, readWindowLog } from './window-log';
import type { StoreErrorReason } from './store';
import type { WindowLog } from './window-log';
import { pickShard, shardKey, shardWindows } from './hot-shards';

/**
 * Store failures a rule set's `onStoreError` applies to: the store could not be reached or
 * answered that it cannot serve. Lost races are contention, not an outage, and a 4xx or an
 * unknown throw is a bug: those refuse (closed) whatever the policy, so an attacker's own burst
 * can never move decisions to per-instance memory.
 */
const OUTAGE_REASONS: ReadonlySet<StoreErrorReason> = new Set(['timeout', 'transport', 'unavailable', 'rate_limited']);

/** Ends a run `failed` and refusing (closed semantics), keeping the first store error seen. */
export function failClosed(run: RuleRun, reason: StoreErrorReason): void {
  run.storeError = run.storeError ?? reason;
  run.phase = 'failed';
  run.failedOpen = false;
  run.retryAfterMs = STORE_ERROR_RETRY_AFTER_MS;
}

/** Ends a run on lost races until its budget ran out: refused, as `closed`, and logged. */
export function failOnContention(context: DecisionContext, run: RuleRun): void {
  failClosed(run, 'conflict');
  incident(context, run, 'throttle.conflict_exhausted', { remainingMs: Math.round(context.deadline.remainingMs()) });
}

/**
 * Reads the run's log and checks it: `admits` or `refused` (remembered in the blocked cache when
 * the shared store said so). A failure applies the rule set's policy (`failRun`), except that a
 * read cut off by the deadline after lost races is contention running out, not an outage.
 */
export async function readRun(context: DecisionContext, run: RuleRun): Promise<void> {
  try {
    run.item = await guarded(context, run, () => run.store.get(run.key));
    const read = readWindowLog(run.ruleSet, run.windows, run.item ? run.item.data : null);
    if (read === undefined) incident(context, run, 'throttle.item_unreadable');
    run.log = read ?? (readWindowLog(run.ruleSet, run.windows, null) as WindowLog);
    run.check = checkWindowLog(run.log, run.windows, context.now);
    run.phase = run.check.allowed ? 'admits' : 'refused';
    if (!run.check.allowed && run.path === 'store' && context.cache) {
      const window = run.windows.find((candidate) => candidate.windowMs === run.check?.binding.windowMs) ?? run.windows[0];
      context.cache.set(run.key, { until: context.now + run.check.retryAfterMs, window });
    }
    if (run.phase === 'refused' && run.path === 'store' && moveToAnotherShard(context, run)) await readRun(context, run);
  } catch (error) {
    if (run.conflicts > 0 && context.deadline.remainingMs() <= 0) failOnContention(context, run);
    else await failRun(context, run, error);
  }
}

/**
 * A sharded subject whose shard is full tries one other shard (a random one) before refusing:
 * another may have room. Returns false when the run is not sharded or has tried two.
 */
function moveToAnotherShard(context: DecisionContext, run: RuleRun): boolean {
  if (run.shard.tried.length >= 2) return false;
  const next = pickShard(run.shard.count, run.shard.tried, context.random);
  if (next === undefined) return false;
  run.shard.tried.push(next);
  run.key = shardKey(run.key.replace(/~\d+$/, ''), run.shard.count, next);
  run.windows = shardWindows(run.ruleSet.windows, run.shard.count, next);
  run.item = null;
  run.log = null;
  run.check = null;
  run.phase = 'pending';
  return true;
}

/**
 * Applies the rule set's `onStoreError` to an outage: `closed` fails refusing, `open` fails
 * admitting (nothing counted), `local` moves the run to the instance's own store and strict
 * local windows and reads there. Anything but an outage, a failure once the decision's budget is
 * spent, and any failure of the local store fail closed.
 */
export async function failRun(context: DecisionContext, run: RuleRun, error: unknown): Promise<void> {
  const failure = asStoreError(error);
  // A request never sent because the decision's own budget ran out first (a slow veto) says
  // nothing about the store: refuse rather than move the decision to per-instance memory.
  if (run.path === 'fallback' || !OUTAGE_REASONS.has(failure.reason) || failure.budgetSpent) {
    failClosed(run, failure.reason);
    return;
  }
  run.storeError = run.storeError ?? failure.reason;
  const outcome = storeFailureOutcome(run.ruleSet.onStoreError);
  if (outcome.kind === 'deny') {
    failClosed(run, failure.reason);
  } else if (outcome.kind === 'allow') {
    run.phase = 'failed';
    run.failedOpen = true;
  } else {
    run.store = context.localStore;
    run.windows = shardWindows(run.ruleSet.localWindows, run.shard.count, run.shard.tried[run.shard.tried.length - 1]);
    run.path = 'fallback';
    run.item = null;
    run.check = null;
    run.phase = 'pending';
    await readRun(context, run);
  }
}
