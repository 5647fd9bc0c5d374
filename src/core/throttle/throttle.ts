import { createBlockedCache } from './blocked-cache';
import { createDeadline } from './deadline';
import type { DecisionContext } from './decision-context';
import type { EvaluateOptions, PeekResult, TallyResult, RuleDecision, ThrottleDecision, ThrottleLogger, ThrottleLogRecord } from './decision-types';
import { runDecision } from './evaluate-decision';
import { asStoreError } from './failure-policy';
import { shardCountOf, shardKey, shardWindows } from './hot-shards';
import { createMemoryStore } from './memory-store';
import { DEFAULT_RULE_SETS, parseRuleSets, ruleSetsForAction, type ThrottleMode, type ThrottleRuleSet, type ThrottleRuleSets } from './rules';
import { DEFAULT_COMPENSATION_BUDGET_MS } from './run-compensate';
import type { Store } from './store';
import type { ThrottleSubject } from './subject';
import { assertSubjectSecret, subjectKey } from './subject-key';
import { resolveSubject } from './subject';
import { REAL_TIMERS, type ThrottleTimers } from './timers';
import { readWindowLog, windowLogTally, windowLogTimes, type WindowLog } from './window-log';
import type { BlockedCache } from './blocked-cache';


/** Whole-decision budget: below the 4 s a gate may spend, far below the 10 s Functions limit. */
export const DEFAULT_DECISION_DEADLINE_MS = 3000;
/** Budget for one store request; a hung read leaves time for the fallback and the other writes. */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;

export interface ThrottleOptions {
  /** The shared store (a `SyncStore` in production). Required. */
  store: Store;
  /** HMAC secret for store keys, at least 16 characters. Required. */
  secret: string;
  /** Validated rule sets. Default: `parseRuleSets(undefined)`, i.e. `DEFAULT_RULE_SETS`. */
  ruleSets?: ThrottleRuleSets;
  /** `monitor` runs every rule set in monitor mode. Default: each rule set's own `mode`. */
  mode?: ThrottleMode;
  /** Clock placing events in windows (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Receives one record per decision and per incident. Default: none. */
  logger?: ThrottleLogger;
  /**
   * The per-instance store behind `onStoreError: 'local'`; it must answer at once (it is not
   * bound by the deadline). Default: a fresh `MemoryStore`.
   */
  localStore?: Store;
  /** Per-instance memory of blocked keys; `false` turns it off. Default: a fresh `BlockedCache`. */
  blockedCache?: BlockedCache | false;
  /** Real-time budget for a whole decision, in ms. Default `DEFAULT_DECISION_DEADLINE_MS`. */
  deadlineMs?: number;
  /** Real-time budget for one store request, in ms. Default `DEFAULT_STORE_TIMEOUT_MS`. */
  storeTimeoutMs?: number;
  /**
   * Lost races one rule set tolerates in one decision before it refuses (closed, whatever its
   * `onStoreError`: contention is not an outage). Default: no count, the deadline bounds them.
   */
  maxConflictRetries?: number;
  /** Real-time budget for taking a refused request's event back out, in ms. Default `DEFAULT_COMPENSATION_BUDGET_MS`. */
  compensationBudgetMs?: number;
  /** Source of jitter and event ids, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Maps the store spreads over, i.e. what a rule set's `shards: 'all'` means. Default: the
   * store's own `shards` (a `SyncStore` has it), else 1.
   */
  storeShards?: number;
  /** Monotonic clock and timer for budgets, pauses and timeouts. Default `REAL_TIMERS`; tests drive them in virtual time. */
  timers?: ThrottleTimers;
}

export interface Throttle {
  /**
   * Decides one request of `action` against every rule set guarding it, and records it in their
   * logs when (and only when) it is allowed. Never rejects: store failures follow each rule set's
   * `onStoreError` within the deadline; lost races are retried until it, then refuse.
   */
  evaluate(action: string, subject: ThrottleSubject, options?: EvaluateOptions): Promise<ThrottleDecision>;
  /**
   * Reads one rule set's log for a subject from the shared store (every shard of a sharded
   * subject, in one round trip), without writing, within one store timeout. Never rejects: a
   * failed read is `{ ok: false, reason: 'store_error' }`.
   */
  peek(ruleName: string, subject: ThrottleSubject): Promise<PeekResult>;
  /**
   * Counts one rule set's log for a subject per window, over every shard (one round trip),
   * exact and counted logs alike: what an adaptive rule reads to judge a whole sharded scope
   * (a country's starts). Never rejects: a failed read is `{ ok: false, reason: 'store_error' }`.
   */
  tally(ruleName: string, subject: ThrottleSubject): Promise<TallyResult>;
  readonly ruleSets: ThrottleRuleSets;
  /** Maps the store spreads over: what `shards: 'all'` means (`shardCountOf(ruleSet, storeShards)` is a subject's item count). */
  readonly storeShards: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`throttle: ${name} ${String(value)} is not a whole number of at least 1; the default is ${fallback}`);
  return value;
}

function decisionRecord(decision: ThrottleDecision, rules: readonly RuleDecision[], elapsedMs: number): ThrottleLogRecord {
  return {
    event: 'throttle.decision',
    level: 'debug',
    action: decision.action,
    allowed: decision.allowed,
    reason: decision.reason,
    monitorOnly: decision.monitorOnly,
    rule: decision.rule,
    window: decision.window,
    path: decision.path,
    remaining: decision.remaining,
    retryAfterMs: decision.retryAfterMs,
    ...(decision.vetoed ? { vetoed: true } : {}),
    elapsedMs,
    rules: rules.map((rule) => ({
      rule: rule.rule,
      mode: rule.mode,
      key: rule.key,
      allowed: rule.allowed,
      reason: rule.reason,
      path: rule.path,
      window: rule.window?.per ?? null,
      remaining: rule.remaining,
      storeError: rule.storeError,
      conflicts: rule.conflicts,
      committed: rule.committed,
    })),
  };
}

/**
 * Creates a throttle: sliding-window logs in a shared store, checked for all rule sets of an
 * action at once and written only when every enforced rule set admits the request. Each decision
 * is a small state machine (see `runDecision`): every enforced rule set ends committed, refused
 * or failed, a veto once true stays true, and a refused request leaves no event behind (or a
 * `warn` saying why it could not be taken out).
 *
 * @example
 * const throttle = createThrottle({
 *   store: createSyncStore({ client, shards: config.syncShards }),
 *   secret: config.throttleSecret,
 *   ruleSets: parseRuleSets(policy.throttle),
 *   logger: (record) => logger[record.level ?? 'debug'](record.event, record),
 * });
 * const decision = await throttle.evaluate('verify-start', { number: '+447700900123', country: 'GB' });
 * if (!decision.allowed) return tooManyRequests(rateLimitHeaders(decision));
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  assertSubjectSecret(options.secret);
  if (!options.store) throw new TypeError('throttle: store is required; pass createSyncStore(...) or createMemoryStore()');
  const secret = options.secret;
  const store = options.store;
  const ruleSets = options.ruleSets ?? parseRuleSets(undefined, DEFAULT_RULE_SETS);
  const clock = options.now ?? Date.now;
  const logger = options.logger;
  const localStore = options.localStore ?? createMemoryStore({ now: clock });
  const cache: BlockedCache | undefined = options.blockedCache === false ? undefined : (options.blockedCache ?? createBlockedCache());
  const deadlineMs = positiveInteger('deadlineMs', options.deadlineMs, DEFAULT_DECISION_DEADLINE_MS);
  const storeTimeoutMs = positiveInteger('storeTimeoutMs', options.storeTimeoutMs, DEFAULT_STORE_TIMEOUT_MS);
  const maxConflictRetries = positiveInteger('maxConflictRetries', options.maxConflictRetries, Number.MAX_SAFE_INTEGER);
  const compensationBudgetMs = positiveInteger('compensationBudgetMs', options.compensationBudgetMs, DEFAULT_COMPENSATION_BUDGET_MS);
  const random = options.random ?? Math.random;
  const timers = options.timers ?? REAL_TIMERS;
  const gateMode: ThrottleMode | undefined = options.mode;
  const storeShards = positiveInteger('storeShards', options.storeShards, (store as { readonly shards?: number }).shards ?? 1);
  const warnedActions = new Set<string>();

  const log = (record: ThrottleLogRecord) => {
    if (!logger) return;
    try {
      logger(record);
    } catch {
      // A broken logger must not change a decision.
    }
  };

  async function evaluate(action: string, subject: ThrottleSubject, evaluateOptions: EvaluateOptions = {}): Promise<ThrottleDecision> {
    const started = timers.monotonic();
    const selected = ruleSetsForAction(ruleSets, action);
    if (selected.length === 0 && !warnedActions.has(action)) {
      warnedActions.add(action);
      log({ event: 'throttle.no_rules', level: 'warn', action, message: `throttle: no rule set guards action '${action}'; requests are not limited` });
    }
    const context: DecisionContext = {
      action,
      now: Math.floor(clock()),
      deadline: createDeadline(deadlineMs, timers),
      storeTimeoutMs,
      maxConflictRetries,
      compensationBudgetMs,
      sharedStore: store,
      localStore,
      storeShards,
      cache,
      timers,
      random,
      log,
    };
    const input = { ruleSets: selected, subject: typeof subject === 'object' && subject !== null ? subject : {}, secret, gateMode, options: evaluateOptions };
    const { decision, rules } = await runDecision(context, input);
    log(decisionRecord(decision, rules, Math.round(timers.monotonic() - started)));
    return decision;
  }

  type ReadShards = { ok: true; ruleSet: ThrottleRuleSet; reads: Array<WindowLog | undefined> } | { ok: false; reason: 'no_rule' | 'subject_missing' | 'invalid_subject' | 'store_error' };

  /** Every shard of one rule set's log for a subject, read together within one store timeout. */
  async function readShards(ruleName: string, subject: ThrottleSubject): Promise<ReadShards> {
    const ruleSet = ruleSets.get(ruleName);
    if (!ruleSet) return { ok: false, reason: 'no_rule' };
    const resolved = resolveSubject(ruleSet.subject, typeof subject === 'object' && subject !== null ? subject : {});
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    const key = subjectKey(ruleSet.name, resolved.value, secret);
    // A sharded subject's events are spread over its shards' items (read together, one round trip).
    const count = shardCountOf(ruleSet, storeShards);
    const deadline = createDeadline(storeTimeoutMs, timers);
    try {
      const reads = await Promise.all(
        Array.from({ length: count }, async (_, index) => {
          const shard = shardKey(key, count, index);
          const item = await deadline.guard(() => store.get(shard), storeTimeoutMs);
          const read = readWindowLog(ruleSet, shardWindows(ruleSet.windows, count, index), item ? item.data : null);
          if (read === undefined) log({ event: 'throttle.item_unreadable', level: 'warn', rule: ruleSet.name, key: shard, store: store.name });
          return read;
        }),
      );
      return { ok: true, ruleSet, reads };
    } catch (error) {
      log({ event: 'throttle.peek_failed', level: 'warn', rule: ruleSet.name, key, storeError: asStoreError(error).reason });
      return { ok: false, reason: 'store_error' };
    }
  }

  async function peek(ruleName: string, subject: ThrottleSubject): Promise<PeekResult> {
    const read = await readShards(ruleName, subject);
    if (!read.ok) return read;
    if (read.reads.some((shard) => shard?.kind === 'counted')) return { ok: false, reason: 'counted' };
    const events = read.reads.flatMap((shard) => (shard && windowLogTimes(shard)) ?? []);
    return { ok: true, events: read.reads.length === 1 ? events : events.sort((a, b) => a - b) };
  }

  async function tally(ruleName: string, subject: ThrottleSubject): Promise<TallyResult> {
    const read = await readShards(ruleName, subject);
    if (!read.ok) return read;
    const now = Math.floor(clock());
    const windows = read.ruleSet.windows.map((window) => {
      const shards = read.reads.map((shard) => (shard ? windowLogTally(shard, window, now) : { count: 0, oldestAgeMs: 0 }));
      return { per: window.per, windowMs: window.windowMs, count: shards.reduce((sum, shard) => sum + shard.count, 0), oldestAgeMs: Math.max(0, ...shards.map((shard) => shard.oldestAgeMs)) };
    });
    return { ok: true, windows };
  }

  return { evaluate, peek, tally, ruleSets, storeShards };
}
