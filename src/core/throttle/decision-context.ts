import type { BlockedCache } from './blocked-cache';
import type { Deadline } from './deadline';
import type { ThrottleLogRecord } from './decision-types';
import type { RuleRun } from './rule-run';
import type { Store } from './store';
import type { ThrottleTimers } from './timers';

/** Everything one decision's phases share; built once per `evaluate` call, never mutated. */
export interface DecisionContext {
  readonly action: string;
  /** The decision's time on the injected clock: where its events are placed. */
  readonly now: number;
  readonly deadline: Deadline;
  readonly storeTimeoutMs: number;
  /** Lost races one rule set tolerates before it refuses (closed); the deadline bounds them anyway. */
  readonly maxConflictRetries: number;
  /** Real-time budget of taking one event back out, separate from the decision's deadline. */
  readonly compensationBudgetMs: number;
  /** The shared store (Sync in production). */
  readonly sharedStore: Store;
  /** The instance's own store behind `onStoreError: 'local'`. */
  readonly localStore: Store;
  /** Maps the shared store spreads over: what a rule set's `shards: 'all'` means. */
  readonly storeShards: number;
  readonly cache: BlockedCache | undefined;
  readonly timers: ThrottleTimers;
  readonly random: () => number;
  readonly log: (record: ThrottleLogRecord) => void;
}

/**
 * Runs a store operation of `run` under the decision's deadline (the shared store only: the
 * local store answers at once). A write given up on is remembered, since it may still land.
 */
export function guarded<T>(context: DecisionContext, run: RuleRun, operation: () => Promise<T>, onAbandoned?: (running: Promise<T>) => void): Promise<T> {
  return run.path === 'fallback' ? operation() : context.deadline.guard(operation, context.storeTimeoutMs, onAbandoned);
}

/** An incident record: `warn`, with the rule, the hashed key and the counts an operator needs. */
export function incident(context: DecisionContext, run: RuleRun, event: string, fields: Record<string, unknown> = {}): void {
  context.log({
    event,
    level: 'warn',
    action: context.action,
    rule: run.ruleSet.name,
    key: run.key,
    store: run.store.name,
    conflicts: run.conflicts,
    storeError: run.storeError,
    ...fields,
  });
}
