import { createBlockedCache, type BlockedCache } from './blocked-cache';
import { createDeadline } from './deadline';
import { asStoreError, STORE_ERROR_RETRY_AFTER_MS, storeFailureOutcome } from './failure-policy';
import { createMemoryStore } from './memory-store';
import {
  DEFAULT_RULE_SETS,
  parseRuleSets,
  ruleSetsForAction,
  type ThrottleMode,
  type ThrottleRuleSet,
  type ThrottleRuleSets,
  type ThrottleWindow,
} from './rules';
import { admitEvent, checkWindows, decodeWindowLog, encodeWindowLog, removeEvent, type WindowCheck, type WindowState } from './sliding-window';
import { StoreError, type Store, type StoreErrorReason, type StoreItem } from './store';
import { resolveSubject, type ThrottleSubject } from './subject';
import { assertSubjectSecret, subjectKey } from './subject-key';

/** Whole-decision budget: below the 4 s a gate may spend, far below the 10 s Functions limit. */
export const DEFAULT_DECISION_DEADLINE_MS = 3000;
/** Budget for one store request; a hung read leaves time for the fallback and the other writes. */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;
/** Lost races (re-read and re-decide) one rule set tolerates per decision before its store counts as failed. */
export const DEFAULT_MAX_CONFLICT_RETRIES = 10;
/** Upper bound of the random pause before re-reading after the n-th lost race: min(cap, base * 2^(n-1)). */
export const CONFLICT_BACKOFF_BASE_MS = 5;
export const CONFLICT_BACKOFF_CAP_MS = 100;

/** Which evidence decided: the shared store, the instance's blocked cache, or the store-failure policy. */
export type DecisionPath = 'store' | 'cache' | 'fallback' | 'none';

/**
 * Why one rule set decided as it did:
 * `within_limit`, `limit_exceeded`; `store_error_closed` / `store_error_open` (the store failed and
 * the policy decided; with `local`, the local limit decides and the reason is one of the first
 * two, with path `fallback`); `invalid_subject` (e.g. a number not in E.164, refused);
 * `subject_missing` (the request carries no value for this subject: not applied);
 * `not_evaluated` (a cached denial of another rule set already decided the request).
 */
export type RuleReason =
  | 'within_limit'
  | 'limit_exceeded'
  | 'store_error_closed'
  | 'store_error_open'
  | 'invalid_subject'
  | 'subject_missing'
  | 'not_evaluated';

/** One rule set's part in a decision. Holds the hashed key, never the subject. */
export interface RuleDecision {
  readonly rule: string;
  readonly mode: ThrottleMode;
  readonly key: string | null;
  /** The rule set's own verdict (a monitor rule set's too, though it blocks nothing). */
  readonly allowed: boolean;
  readonly reason: RuleReason;
  readonly path: DecisionPath;
  /** The window that decided (see `WindowCheck.binding`). */
  readonly window: ThrottleWindow | null;
  readonly remaining: number | null;
  readonly retryAfterMs: number;
  /** Every window's state, when a log was read (empty for cache hits and policy decisions). */
  readonly windows: readonly WindowState[];
  readonly storeError: StoreErrorReason | null;
  /** Races lost (conflicting writes) on the way. */
  readonly conflicts: number;
  /** Whether this request's event is (still) in the rule set's log. */
  readonly committed: boolean;
}

/** `ok`; `rate_limited`; `store_unavailable` (a `closed` rule set's store failed); `invalid_subject`; `no_rules`. */
export type ThrottleReason = 'ok' | 'rate_limited' | 'store_unavailable' | 'invalid_subject' | 'no_rules';

/** One window as the RateLimit headers show it; `null` where the decision did not read the log. */
export interface QuotaWindow {
  readonly limit: number;
  readonly per: string;
  readonly windowMs: number;
  readonly remaining: number | null;
  /** Until the window admits again (when full) or its oldest event leaves (otherwise). */
  readonly resetMs: number | null;
}

/** What the RateLimit headers describe: the enforced rule set that binds this request. */
export interface ThrottleQuota {
  readonly rule: string;
  /** The hashed store key; its hash part becomes the headers' partition key. */
  readonly key: string;
  readonly windows: readonly QuotaWindow[];
}

/**
 * A throttle decision. `allowed` is false only when an enforced rule set denies. When only
 * monitor rule sets would deny, `allowed` is true, `monitorOnly` is true and `reason`, `rule`,
 * `window` and `retryAfterMs` say what enforcing would have done.
 */
export interface ThrottleDecision {
  readonly allowed: boolean;
  readonly reason: ThrottleReason;
  readonly monitorOnly: boolean;
  readonly action: string;
  readonly rule: string | null;
  /** The deciding window as written (`10m`). */
  readonly window: string | null;
  readonly limit: number | null;
  readonly remaining: number | null;
  readonly retryAfterMs: number;
  readonly path: DecisionPath;
  /** For headers; never describes a monitor rule set. */
  readonly quota: ThrottleQuota | null;
  readonly rules: readonly RuleDecision[];
  /** True when the caller's `veto` stopped a request every enforced rule set admitted: nothing was written. */
  readonly vetoed?: boolean;
}

/** The admitted-event logs one decision read, by rule set name: epoch-ms timestamps before this request. */
export type ReadLogs = ReadonlyMap<string, readonly number[]>;

/** Options of one `evaluate` call. */
export interface EvaluateOptions {
  /**
   * Asked once every enforced rule set has admitted the request and before anything is written,
   * with the logs read from the store. Returning true stops the request: nothing is written, so
   * a refusal on evidence the reads already carry (adaptive rules) costs no second read and no
   * undo. `now` is the decision's time (the injected clock). A veto that throws counts as false.
   * Default: none.
   */
  veto?: (logs: ReadLogs, now: number) => boolean | Promise<boolean>;
}

/** One rule set's log for one subject, read without writing (see `Throttle.peek`). */
export type PeekResult =
  | { readonly ok: true; readonly events: readonly number[] }
  | { readonly ok: false; readonly reason: 'no_rule' | 'subject_missing' | 'invalid_subject' | 'store_error' };

/** One structured log record; `event` names it. Subjects never appear, only hashed keys. */
export type ThrottleLogRecord = { readonly event: string } & Readonly<Record<string, unknown>>;
export type ThrottleLogger = (record: ThrottleLogRecord) => void;

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
  /** Default `DEFAULT_MAX_CONFLICT_RETRIES`. */
  maxConflictRetries?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
}

export interface Throttle {
  /**
   * Decides one request of `action` against every rule set guarding it, and records it in their
   * logs when (and only when) it is allowed. Never rejects: store failures follow each rule set's
   * `onStoreError` within the deadline.
   */
  evaluate(action: string, subject: ThrottleSubject, options?: EvaluateOptions): Promise<ThrottleDecision>;
  /**
   * Reads one rule set's log for a subject from the shared store, without writing, within one
   * store timeout. Never rejects: a failed read is `{ ok: false, reason: 'store_error' }`.
   */
  peek(ruleName: string, subject: ThrottleSubject): Promise<PeekResult>;
  readonly ruleSets: ThrottleRuleSets;
}

interface Run {
  readonly ruleSet: ThrottleRuleSet;
  readonly enforce: boolean;
  readonly key: string;
  store: Store;
  windows: readonly ThrottleWindow[];
  path: 'store' | 'fallback';
  item: StoreItem | null;
  timestamps: number[];
  check: WindowCheck | null;
  conflicts: number;
  storeError: StoreErrorReason | null;
  committed: boolean;
  outcome: RuleDecision | null;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`throttle: ${name} ${String(value)} is not a whole number of at least 1; the default is ${fallback}`);
  return value;
}

function settled(run: Run, fields: Partial<RuleDecision> & Pick<RuleDecision, 'allowed' | 'reason' | 'path'>): RuleDecision {
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
    committed: run.committed,
    ...fields,
  };
}

function fromCheck(run: Run, check: WindowCheck): RuleDecision {
  const window = run.windows.find((candidate) => candidate.windowMs === check.binding.windowMs) ?? null;
  return settled(run, {
    allowed: check.allowed,
    reason: check.allowed ? 'within_limit' : 'limit_exceeded',
    path: run.path,
    window,
    remaining: check.binding.remaining,
    retryAfterMs: check.retryAfterMs,
    windows: check.windows,
  });
}

/**
 * Creates a throttle: sliding-window logs in a shared store, checked for all rule sets of an
 * action at once and written only when every enforced rule set admits the request.
 *
 * @example
 * const throttle = createThrottle({
 *   store: createSyncStore({ client, shards: config.syncShards }),
 *   secret: config.throttleSecret,
 *   ruleSets: parseRuleSets(policy.throttle),
 *   logger: (record) => logger.info(record.event, record),
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
  const cache = options.blockedCache === false ? undefined : (options.blockedCache ?? createBlockedCache());
  const deadlineMs = positiveInteger('deadlineMs', options.deadlineMs, DEFAULT_DECISION_DEADLINE_MS);
  const storeTimeoutMs = positiveInteger('storeTimeoutMs', options.storeTimeoutMs, DEFAULT_STORE_TIMEOUT_MS);
  const maxConflictRetries = positiveInteger('maxConflictRetries', options.maxConflictRetries, DEFAULT_MAX_CONFLICT_RETRIES);
  const random = options.random ?? Math.random;
  const gateMode = options.mode;
  const warnedActions = new Set<string>();

  const log = (record: ThrottleLogRecord) => {
    if (!logger) return;
    try {
      logger(record);
    } catch {
      // A broken logger must not change a decision.
    }
  };

  async function evaluate(action: string, subject: ThrottleSubject, options: EvaluateOptions = {}): Promise<ThrottleDecision> {
    const started = performance.now();
    const now = Math.floor(clock());
    const deadline = createDeadline(deadlineMs);
    const input: ThrottleSubject = typeof subject === 'object' && subject !== null ? subject : {};
    const selected = ruleSetsForAction(ruleSets, action);
    if (selected.length === 0 && !warnedActions.has(action)) {
      warnedActions.add(action);
      log({ event: 'throttle.no_rules', action, message: `throttle: no rule set guards action '${action}'; requests are not limited` });
    }

    const runs: Run[] = [];
    const early: RuleDecision[] = [];
    for (const ruleSet of selected) {
      const enforce = (gateMode ?? ruleSet.mode) === 'enforce';
      const resolved = resolveSubject(ruleSet.subject, input);
      if (!resolved.ok) {
        early.push({
          rule: ruleSet.name,
          mode: enforce ? 'enforce' : 'monitor',
          key: null,
          allowed: resolved.reason === 'subject_missing',
          reason: resolved.reason,
          path: 'none',
          window: null,
          remaining: null,
          retryAfterMs: 0,
          windows: [],
          storeError: null,
          conflicts: 0,
          committed: false,
        });
        continue;
      }
      runs.push({
        ruleSet,
        enforce,
        key: subjectKey(ruleSet.name, resolved.value, secret),
        store,
        windows: ruleSet.windows,
        path: 'store',
        item: null,
        timestamps: [],
        check: null,
        conflicts: 0,
        storeError: null,
        committed: false,
        outcome: null,
      });
    }

    const guarded = <T>(run: Run, operation: () => Promise<T>): Promise<T> =>
      run.path === 'store' ? deadline.guard(operation, storeTimeoutMs) : operation();

    // Reads the run's log and checks it; on a store failure applies the rule set's policy.
    const read = async (run: Run): Promise<void> => {
      try {
        run.item = await guarded(run, () => run.store.get(run.key));
        const decoded = run.item ? decodeWindowLog(run.item.data) : [];
        if (decoded === undefined) log({ event: 'throttle.item_unreadable', rule: run.ruleSet.name, key: run.key, store: run.store.name });
        run.timestamps = decoded ?? [];
        run.check = checkWindows(run.timestamps, run.windows, now);
        if (!run.check.allowed) {
          run.outcome = fromCheck(run, run.check);
          if (run.path === 'store' && cache) cache.set(run.key, { until: now + run.check.retryAfterMs, window: run.outcome.window as ThrottleWindow });
        }
      } catch (error) {
        await fail(run, error);
      }
    };

    const fail = async (run: Run, error: unknown): Promise<void> => {
      const failure = asStoreError(error);
      if (run.path === 'fallback') {
        // A memory store does not fail; a custom local store that does fails closed, keeping the Sync error that led here.
        run.storeError = run.storeError ?? failure.reason;
        run.outcome = settled(run, { allowed: false, reason: 'store_error_closed', path: 'fallback', retryAfterMs: STORE_ERROR_RETRY_AFTER_MS });
        return;
      }
      run.storeError = failure.reason;
      const outcome = storeFailureOutcome(run.ruleSet.onStoreError);
      if (outcome.kind === 'deny') {
        run.outcome = settled(run, { allowed: false, reason: 'store_error_closed', path: 'fallback', retryAfterMs: outcome.retryAfterMs });
      } else if (outcome.kind === 'allow') {
        run.outcome = settled(run, { allowed: true, reason: 'store_error_open', path: 'fallback' });
      } else {
        run.store = localStore;
        run.windows = run.ruleSet.localWindows;
        run.path = 'fallback';
        run.item = null;
        run.check = null;
        await read(run);
      }
    };

    const backoff = async (run: Run): Promise<void> => {
      const ceiling = Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** (run.conflicts - 1));
      const pause = Math.min(random() * ceiling, deadline.remainingMs());
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    };

    // Writes the run's log with this request admitted; after a lost race reads and decides again,
    // and asks `reconsider` (the veto, on the fresh logs) whether to go on: the race was lost to a
    // concurrent request the veto has not seen. `halted` stops the loop once anyone vetoed.
    const commit = async (run: Run, reconsider?: () => Promise<boolean>, halted: () => boolean = () => false): Promise<void> => {
      while (!run.outcome && run.check?.allowed && !halted()) {
        const longest = run.windows[run.windows.length - 1].windowMs;
        const data = encodeWindowLog(admitEvent(run.timestamps, now, longest, run.ruleSet.maxEntries));
        const item = run.item;
        try {
          const result = await guarded(run, () =>
            item ? run.store.update(run.key, { ...data }, run.ruleSet.ttlSec, item.revision) : run.store.create(run.key, { ...data }, run.ruleSet.ttlSec),
          );
          if (result.ok) {
            run.committed = true;
            run.outcome = fromCheck(run, run.check);
            return;
          }
          run.conflicts += 1;
          if (run.conflicts > maxConflictRetries) {
            await fail(run, new StoreError('conflict', `lost ${run.conflicts} races in a row for one item`));
            continue;
          }
          await backoff(run);
          await read(run);
          if (reconsider && !run.outcome && run.check?.allowed && (await reconsider())) return;
        } catch (error) {
          await fail(run, error);
        }
      }
    };

    // Takes this request's event back out of a log it was committed to.
    const compensate = async (run: Run): Promise<void> => {
      for (let attempt = 0; attempt <= maxConflictRetries; attempt++) {
        try {
          const item = await guarded(run, () => run.store.get(run.key));
          const timestamps = item ? decodeWindowLog(item.data) : undefined;
          const without = timestamps && removeEvent(timestamps, now);
          if (!item || !without) return;
          const result = await guarded(run, () => run.store.update(run.key, { ...encodeWindowLog(without) }, run.ruleSet.ttlSec, item.revision));
          if (result.ok || result.conflict === 'missing') {
            run.committed = false;
            return;
          }
        } catch (error) {
          log({ event: 'throttle.compensation_failed', action, rule: run.ruleSet.name, key: run.key, storeError: asStoreError(error).reason });
          return;
        }
      }
      log({ event: 'throttle.compensation_failed', action, rule: run.ruleSet.name, key: run.key, storeError: 'conflict' });
    };

    // A warm instance already knows some keys are blocked: no round trip for those.
    if (cache) {
      for (const run of runs) {
        const hit = cache.get(run.key, now);
        if (hit) run.outcome = settled(run, { allowed: false, reason: 'limit_exceeded', path: 'cache', window: hit.window, remaining: 0, retryAfterMs: hit.until - now });
      }
    }
    const enforcedDenial = () => runs.some((run) => run.enforce && run.outcome && !run.outcome.allowed) || early.some((rule) => rule.mode === 'enforce' && !rule.allowed);

    const vetoed = async (): Promise<boolean> => {
      if (!options.veto) return false;
      const logs = new Map(runs.filter((run) => run.path === 'store' && run.check).map((run) => [run.ruleSet.name, run.timestamps] as const));
      try {
        return (await options.veto(logs, now)) === true;
      } catch (error) {
        log({ event: 'throttle.veto_failed', action, message: error instanceof Error ? error.message : String(error) });
        return false;
      }
    };

    let stopped = false;
    if (!enforcedDenial()) {
      await Promise.all(runs.filter((run) => !run.outcome).map(read));
      if (!enforcedDenial() && (await vetoed())) {
        stopped = true;
        for (const run of runs) if (!run.outcome && run.check) run.outcome = fromCheck(run, run.check);
      } else if (!enforcedDenial()) {
        // A concurrent request that won a write race is in the fresh logs a lost race re-reads:
        // the veto judges those too, or a burst fired at once would all pass it.
        let lateVeto = false;
        const reconsider = async () => lateVeto || (lateVeto = await vetoed());
        await Promise.all(runs.filter((run) => !run.outcome).map((run) => commit(run, options.veto ? reconsider : undefined, () => lateVeto)));
        if (lateVeto) {
          stopped = true;
          await Promise.all(runs.filter((run) => run.committed).map(compensate));
          for (const run of runs) if (!run.outcome && run.check) run.outcome = fromCheck(run, run.check);
        } else if (enforcedDenial()) {
          await Promise.all(runs.filter((run) => run.committed).map(compensate));
        }
      }
    }

    const rules: RuleDecision[] = [
      ...early,
      ...runs.map((run) => {
        const outcome = run.outcome ?? settled(run, { allowed: true, reason: 'not_evaluated', path: 'none' });
        return { ...outcome, committed: run.committed, conflicts: run.conflicts, storeError: run.storeError };
      }),
    ];
    const decision: ThrottleDecision = stopped ? { ...decide(action, rules, runs), vetoed: true } : decide(action, rules, runs);
    log({
      event: 'throttle.decision',
      action,
      allowed: decision.allowed,
      reason: decision.reason,
      monitorOnly: decision.monitorOnly,
      rule: decision.rule,
      window: decision.window,
      path: decision.path,
      remaining: decision.remaining,
      retryAfterMs: decision.retryAfterMs,
      ...(stopped ? { vetoed: true } : {}),
      elapsedMs: Math.round(performance.now() - started),
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
    });
    return decision;
  }

  async function peek(ruleName: string, subject: ThrottleSubject): Promise<PeekResult> {
    const ruleSet = ruleSets.get(ruleName);
    if (!ruleSet) return { ok: false, reason: 'no_rule' };
    const resolved = resolveSubject(ruleSet.subject, typeof subject === 'object' && subject !== null ? subject : {});
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    const key = subjectKey(ruleSet.name, resolved.value, secret);
    try {
      const item = await createDeadline(storeTimeoutMs).guard(() => store.get(key), storeTimeoutMs);
      const decoded = item ? decodeWindowLog(item.data) : [];
      if (decoded === undefined) log({ event: 'throttle.item_unreadable', rule: ruleSet.name, key, store: store.name });
      return { ok: true, events: decoded ?? [] };
    } catch (error) {
      log({ event: 'throttle.peek_failed', rule: ruleSet.name, key, storeError: asStoreError(error).reason });
      return { ok: false, reason: 'store_error' };
    }
  }

  return { evaluate, peek, ruleSets };
}

const REASON_OF: Partial<Record<RuleReason, ThrottleReason>> = {
  limit_exceeded: 'rate_limited',
  store_error_closed: 'store_unavailable',
  invalid_subject: 'invalid_subject',
};

function quotaOf(rule: RuleDecision, runs: readonly Run[]): ThrottleQuota | null {
  const run = runs.find((candidate) => candidate.ruleSet.name === rule.rule);
  if (!run || !rule.key) return null;
  const states = new Map(rule.windows.map((state) => [state.windowMs, state]));
  return {
    rule: rule.rule,
    key: rule.key,
    windows: run.windows.map((window) => {
      const state = states.get(window.windowMs);
      if (state) {
        // A full window "resets" for the client when it admits again, which may be later than when its oldest event leaves.
        const resetMs = state.retryAfterMs > 0 ? state.retryAfterMs : state.resetMs;
        return { limit: window.limit, per: window.per, windowMs: window.windowMs, remaining: state.remaining, resetMs };
      }
      const cached = rule.path === 'cache' && rule.window?.windowMs === window.windowMs;
      return { limit: window.limit, per: window.per, windowMs: window.windowMs, remaining: cached ? 0 : null, resetMs: cached ? rule.retryAfterMs : null };
    }),
  };
}

function leastRemaining(rules: readonly RuleDecision[]): RuleDecision | undefined {
  return rules
    .filter((rule) => rule.remaining !== null)
    .reduce<RuleDecision | undefined>((best, rule) => (!best || (rule.remaining as number) < (best.remaining as number) ? rule : best), undefined);
}

function latestFree(rules: readonly RuleDecision[]): RuleDecision {
  return rules.reduce((best, rule) => (rule.retryAfterMs > best.retryAfterMs ? rule : best));
}

function decide(action: string, rules: readonly RuleDecision[], runs: readonly Run[]): ThrottleDecision {
  const enforced = rules.filter((rule) => rule.mode === 'enforce');
  const enforcedDenials = enforced.filter((rule) => !rule.allowed && rule.reason !== 'not_evaluated');
  const monitorDenials = rules.filter((rule) => rule.mode === 'monitor' && !rule.allowed);
  const anyFallback = rules.some((rule) => rule.path === 'fallback');
  const shape = (rule: RuleDecision | undefined) => ({
    rule: rule?.rule ?? null,
    window: rule?.window?.per ?? null,
    limit: rule?.window?.limit ?? null,
    remaining: rule?.remaining ?? null,
  });

  if (enforcedDenials.length > 0) {
    const decider = latestFree(enforcedDenials);
    return {
      allowed: false,
      reason: REASON_OF[decider.reason] ?? 'rate_limited',
      monitorOnly: false,
      action,
      ...shape(decider),
      retryAfterMs: decider.retryAfterMs,
      path: decider.path,
      quota: quotaOf(decider, runs),
      rules,
    };
  }
  const binding = leastRemaining(enforced);
  const quota = binding ? quotaOf(binding, runs) : null;
  if (monitorDenials.length > 0) {
    const decider = latestFree(monitorDenials);
    return {
      allowed: true,
      reason: REASON_OF[decider.reason] ?? 'rate_limited',
      monitorOnly: true,
      action,
      ...shape(decider),
      retryAfterMs: decider.retryAfterMs,
      path: decider.path,
      quota,
      rules,
    };
  }
  const evaluated = rules.some((rule) => rule.path !== 'none');
  return {
    allowed: true,
    reason: rules.length === 0 ? 'no_rules' : 'ok',
    monitorOnly: false,
    action,
    ...shape(binding),
    retryAfterMs: 0,
    path: anyFallback ? 'fallback' : evaluated ? 'store' : 'none',
    quota,
    rules,
  };
}
