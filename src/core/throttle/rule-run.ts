import type { RuleDecision } from './decision-types';
import type { LogEvent } from './event-log';
import type { ThrottleRuleSet, ThrottleWindow } from './rules';
import type { WindowCheck } from './sliding-window';
import type { Store, StoreErrorReason, StoreItem, StoreWriteResult } from './store';
import type { WindowLog } from './window-log';
import type { BlockedEntry } from './blocked-cache';

/**
 * Where one rule set stands in a decision. `pending` (not read), `admits` (read, its log has room,
 * this request's event not written) and the terminal states: `committed` (the event is in the
 * log), `refused` (the log is full, or a cached denial) and `failed` (the store failed or the
 * races were lost until the deadline; `failedOpen` says whether the rule set's policy admits).
 * An enforced rule set that ends in no terminal state refuses the request.
 */
export type RunPhase = 'pending' | 'admits' | 'committed' | 'refused' | 'failed';

/** One rule set's state inside one decision. Mutated only by the phase functions (read, commit, fail). */
export interface RuleRun {
  readonly ruleSet: ThrottleRuleSet;
  readonly enforce: boolean;
  /** The store key: the hashed subject, or one shard of it. */
  key: string;
  /** How the subject is spread: `count` items, the shards `tried` so far (the current one last). */
  readonly shard: { readonly count: number; readonly tried: number[] };
  /** This request's event, should it be admitted. */
  readonly event: LogEvent;
  phase: RunPhase;
  /** The store deciding: the shared one, or the instance's own after a `local` fallback. */
  store: Store;
  windows: readonly ThrottleWindow[];
  path: 'store' | 'fallback' | 'cache';
  item: StoreItem | null;
  /** The log as last read (`null` before the first read). */
  log: WindowLog | null;
  check: WindowCheck | null;
  cached: BlockedEntry | null;
  failedOpen: boolean;
  retryAfterMs: number;
  conflicts: number;
  storeError: StoreErrorReason | null;
  /** A write to the shared store given up on after its timeout: it may still land. */
  abandonedWrite: Promise<StoreWriteResult> | null;
}

/** The terminal phases; every other phase is a decision not reached. */
export function isTerminal(run: RuleRun): boolean {
  return run.phase === 'committed' || run.phase === 'refused' || run.phase === 'failed';
}

/** True when this run, if enforced, refuses the request: a full log, or a failure its policy does not admit. */
export function blocks(run: RuleRun): boolean {
  return run.phase === 'refused' || (run.phase === 'failed' && !run.failedOpen);
}

/** True when the run ends with the request admitted by its rule set: recorded, or admitted by an `open` policy. */
export function admitsFinally(run: RuleRun): boolean {
  return run.phase === 'committed' || (run.phase === 'failed' && run.failedOpen);
}

type Fields = Partial<RuleDecision> & Pick<RuleDecision, 'allowed' | 'reason' | 'path'>;

function settled(run: RuleRun, fields: Fields): RuleDecision {
  return {
    rule: run.ruleSet.name,
    mode: run.enforce ? 'enforce' : 'monitor',
    key: run.key,
    window: null,
    remaining: null,
    retryAfterMs: 0,
    windows: [],
    storeError: run.storeError,
    conflicts: run.conflicts,
    committed: run.phase === 'committed',
    ...fields,
  };
}

function fromCheck(run: RuleRun, check: WindowCheck): RuleDecision {
  const window = run.windows.find((candidate) => candidate.windowMs === check.binding.windowMs) ?? null;
  return settled(run, {
    allowed: check.allowed,
    reason: check.allowed ? 'within_limit' : 'limit_exceeded',
    path: run.path === 'cache' ? 'store' : run.path,
    window,
    remaining: check.binding.remaining,
    retryAfterMs: check.retryAfterMs,
    windows: check.windows,
  });
}

/**
 * What a run contributes to the decision, by its phase. A run with no verdict of its own
 * (another rule set or the veto decided first) is `not_evaluated`, shown as admitting: it is
 * never the reason for a refusal, and the decision refuses it anyway (`decideFromRuns`).
 */
export function ruleDecisionOf(run: RuleRun): RuleDecision {
  switch (run.phase) {
    case 'refused':
      if (run.cached) {
        return settled(run, { allowed: false, reason: 'limit_exceeded', path: 'cache', window: run.cached.window, remaining: 0, retryAfterMs: run.retryAfterMs });
      }
      return fromCheck(run, run.check as WindowCheck);
    case 'failed':
      return run.failedOpen
        ? settled(run, { allowed: true, reason: 'store_error_open', path: 'fallback' })
        : settled(run, { allowed: false, reason: 'store_error_closed', path: 'fallback', retryAfterMs: run.retryAfterMs });
    case 'committed':
      return fromCheck(run, run.check as WindowCheck);
    case 'admits':
      // Read and admitting, but stopped before its write (the veto or another rule set decided).
      return fromCheck(run, run.check as WindowCheck);
    case 'pending':
      return settled(run, { allowed: true, reason: 'not_evaluated', path: 'none' });
  }
}
