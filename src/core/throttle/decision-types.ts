import type { ThrottleMode, ThrottleWindow } from './rules';
import type { WindowState } from './sliding-window';
import type { StoreErrorReason } from './store';

/** Which evidence decided: the shared store, the instance's blocked cache, or the store-failure policy. */
export type DecisionPath = 'store' | 'cache' | 'fallback' | 'none';

/**
 * Why one rule set decided as it did:
 * `within_limit`, `limit_exceeded`; `store_error_closed` / `store_error_open` (the store failed and
 * the policy decided; with `local`, the local limit decides and the reason is one of the first
 * two, with path `fallback`); `invalid_subject` (e.g. a number not in E.164, refused);
 * `subject_missing` (the request carries no value for this subject: not applied);
 * `not_evaluated` (another rule set's denial or the veto decided the request before this rule
 * set reached a verdict of its own).
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

/**
 * `ok`; `rate_limited`; `store_unavailable` (a `closed` rule set's store failed, or lost write
 * races until the deadline); `invalid_subject`; `no_rules`; `vetoed` (the caller's veto refused).
 */
export type ThrottleReason = 'ok' | 'rate_limited' | 'store_unavailable' | 'invalid_subject' | 'no_rules' | 'vetoed';

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
 * A throttle decision. `allowed` is false when an enforced rule set denies or could not record
 * the request, and when the caller's veto refused it. When only monitor rule sets would deny, `allowed` is true, `monitorOnly` is true and `reason`, `rule`,
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
  /**
   * True when the caller's `veto` refused the request (then `allowed` is false and `reason`
   * `vetoed`): nothing of it stays written. Once a veto answers true, the decision stays vetoed.
   */
  readonly vetoed?: boolean;
}

/** The admitted-event logs one decision read, by rule set name: epoch-ms timestamps before this request. */
export type ReadLogs = ReadonlyMap<string, readonly number[]>;

/** Options of one `evaluate` call. */
export interface EvaluateOptions {
  /**
   * Asked once every enforced rule set has admitted the request and before anything is written,
   * with the logs read from the store, and again on fresh logs after each lost write race.
   * Returning true (at any of these) refuses the request: nothing of it stays written, so a
   * refusal on evidence the reads already carry (adaptive rules) costs no second read. `now` is
   * the decision's time (the injected clock). A veto that throws counts as false. Default: none.
   */
  veto?: (logs: ReadLogs, now: number) => boolean | Promise<boolean>;
}

/**
 * One rule set's log for one subject, read without writing (see `Throttle.peek`). `counted`: the
 * rule set keeps counts per bucket (a limit above `EXACT_LOG_MAX_LIMIT`), not timestamps.
 */
export type PeekResult =
  | { readonly ok: true; readonly events: readonly number[] }
  | { readonly ok: false; readonly reason: 'no_rule' | 'subject_missing' | 'invalid_subject' | 'store_error' | 'counted' };

/** One window of a tallied log: how many events it holds now, and how long ago the oldest of them came. */
export interface WindowTally {
  readonly per: string;
  readonly windowMs: number;
  /** Events in the window, over every shard (a counted log counts its oldest touching bucket whole). */
  readonly count: number;
  /** Since the oldest event still counted, in ms (a counted log: since its bucket began); 0 when none. */
  readonly oldestAgeMs: number;
}

/** What `tally` answers: per window of the rule set, the subject's count over every shard. */
export type TallyResult =
  | { readonly ok: true; readonly windows: readonly WindowTally[] }
  | { readonly ok: false; readonly reason: 'no_rule' | 'subject_missing' | 'invalid_subject' | 'store_error' };

/**
 * One structured log record; `event` names it and `level` says how loud it is: `warn` for
 * incidents an operator must see (a compensation that failed, a write that landed after its
 * timeout, lost races until the deadline, a failed veto, an unreadable item), `debug` for the
 * per-decision record (the gates log their own decision at `info`). Subjects never appear, only
 * hashed keys.
 */
export type ThrottleLogRecord = { readonly event: string; readonly level?: 'debug' | 'info' | 'warn' } & Readonly<Record<string, unknown>>;
export type ThrottleLogger = (record: ThrottleLogRecord) => void;

