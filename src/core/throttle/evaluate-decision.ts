import type { DecisionContext } from './decision-context';
import { decideFromRules } from './decision-outcome';
import type { EvaluateOptions, ReadLogs, RuleDecision, ThrottleDecision } from './decision-types';
import { newEventId } from './event-log';
import { STORE_ERROR_RETRY_AFTER_MS } from './failure-policy';
import type { ThrottleMode, ThrottleRuleSet } from './rules';
import { admitsFinally, blocks, ruleDecisionOf, type RuleRun } from './rule-run';
import { commitRun } from './run-commit';
import { removeEventOf, undoAbandonedWrite } from './run-compensate';
import { readRun } from './run-read';
import { resolveSubject, type ThrottleSubject } from './subject';
import { subjectKey } from './subject-key';
import { pickShard, shardCountOf, shardKey, shardWindows } from './hot-shards';
import { createVetoLatch, type VetoLatch } from './veto-latch';
import { windowLogTimes } from './window-log';

/** What one decision is about: the rule sets guarding the action and the request's subject. */
export interface DecisionInput {
  readonly ruleSets: readonly ThrottleRuleSet[];
  readonly subject: ThrottleSubject;
  readonly secret: string;
  /** The gate's mode, overriding each rule set's own when set. */
  readonly gateMode: ThrottleMode | undefined;
  readonly options: EvaluateOptions;
}

/** A rule set the request has no usable subject for: decided before any store is asked. */
function earlyRule(ruleSet: ThrottleRuleSet, enforce: boolean, reason: 'subject_missing' | 'invalid_subject'): RuleDecision {
  return {
    rule: ruleSet.name,
    mode: enforce ? 'enforce' : 'monitor',
    key: null,
    allowed: reason === 'subject_missing',
    reason,
    path: 'none',
    window: null,
    remaining: null,
    retryAfterMs: 0,
    windows: [],
    storeError: null,
    conflicts: 0,
    committed: false,
  };
}

function createRuns(context: DecisionContext, input: DecisionInput): { runs: RuleRun[]; early: RuleDecision[] } {
  const runs: RuleRun[] = [];
  const early: RuleDecision[] = [];
  for (const ruleSet of input.ruleSets) {
    const enforce = (input.gateMode ?? ruleSet.mode) === 'enforce';
    const resolved = resolveSubject(ruleSet.subject, input.subject);
    if (!resolved.ok) {
      early.push(earlyRule(ruleSet, enforce, resolved.reason));
      continue;
    }
    const base = subjectKey(ruleSet.name, resolved.value, input.secret);
    const count = shardCountOf(ruleSet, context.storeShards);
    // A random shard; one this instance knows is full is swapped for another at once (at most one).
    const tried = [pickShard(count, [], context.random) as number];
    if (count > 1 && context.cache?.get(shardKey(base, count, tried[0]), context.now)) tried.push(pickShard(count, tried, context.random) as number);
    const index = tried[tried.length - 1];
    const key = shardKey(base, count, index);
    const cached = context.cache?.get(key, context.now) ?? null;
    runs.push({
      ruleSet,
      enforce,
      key,
      shard: { count, tried },
      event: { t: context.now, id: newEventId(context.random) },
      // A warm instance already knows some keys are blocked: no round trip for those.
      phase: cached ? 'refused' : 'pending',
      store: context.sharedStore,
      windows: shardWindows(ruleSet.windows, count, index),
      path: cached ? 'cache' : 'store',
      item: null,
      log: null,
      check: null,
      cached,
      failedOpen: false,
      retryAfterMs: cached ? cached.until - context.now : 0,
      conflicts: 0,
      storeError: null,
      abandonedWrite: null,
    });
  }
  return { runs, early };
}

/** The logs the veto judges: the exact ones read from the shared store (not a local fallback's, not counted ones). */
function readLogsOf(runs: readonly RuleRun[]): ReadLogs {
  const logs = new Map<string, readonly number[]>();
  for (const run of runs) {
    const times = run.path === 'store' && run.log ? windowLogTimes(run.log) : undefined;
    if (times) logs.set(run.ruleSet.name, times);
  }
  return logs;
}

/**
 * Takes a refused request back out of every log it reached: committed events (on whichever store
 * holds them) and writes given up on after their timeout that may have landed.
 */
async function undoRefused(context: DecisionContext, runs: readonly RuleRun[]): Promise<void> {
  await Promise.all(
    runs.map(async (run) => {
      if (run.phase === 'committed' && (await removeEventOf(context, run, run.store)) === 'removed') run.phase = 'admits';
      if (run.abandonedWrite) await undoAbandonedWrite(context, run, run.abandonedWrite);
    }),
  );
}

/**
 * Runs one decision through its phases: cached denials, reads (all rule sets at once), the veto,
 * conditional writes (retrying lost races, asking the veto again on fresh logs), and, for a
 * refused request, compensation. The request is admitted only when no veto answered true and
 * every enforced rule set ended `committed` or failed open; anything else refuses it.
 */
export async function runDecision(context: DecisionContext, input: DecisionInput): Promise<{ decision: ThrottleDecision; rules: RuleDecision[] }> {
  const { runs, early } = createRuns(context, input);
  const veto = input.options.veto;
  const latch: VetoLatch | undefined = veto && createVetoLatch(veto, () => readLogsOf(runs), context.now, context.action, context.log);
  const earlyDenial = early.some((rule) => rule.mode === 'enforce' && !rule.allowed);
  const halted = () => earlyDenial || latch?.vetoed === true || runs.some((run) => run.enforce && blocks(run));

  if (!halted()) await Promise.all(runs.filter((run) => run.phase === 'pending').map((run) => readRun(context, run)));
  if (!halted() && latch) await latch.ask();
  if (!halted()) await Promise.all(runs.filter((run) => run.phase === 'admits').map((run) => commitRun(context, run, latch, halted)));
  const admitted = !halted() && runs.every((run) => !run.enforce || admitsFinally(run));
  if (!admitted) await undoRefused(context, runs);

  const rules = [...early, ...runs.map(ruleDecisionOf)];
  const decided = decideFromRules(context.action, rules, runs);
  if (latch?.vetoed) return { rules, decision: { ...decided, allowed: false, reason: 'vetoed', monitorOnly: false, retryAfterMs: 0, vetoed: true } };
  if (!admitted && decided.allowed) {
    // No rule set refused, yet one never reached a terminal state: a decision not reached is a refusal.
    return { rules, decision: { ...decided, allowed: false, reason: 'store_unavailable', monitorOnly: false, retryAfterMs: STORE_ERROR_RETRY_AFTER_MS } };
  }
  return { rules, decision: decided };
}
