import { didYouMean } from '../config/did-you-mean';
import { formatDuration, MAX_WINDOW_MS, parseDuration } from './duration';
import { formatSubjectKind, parseSubjectKind, SUBJECT_KIND_NAMES, type SubjectKind } from './subject';

/** What a rule set does when its store cannot answer in time. */
export type OnStoreError = 'closed' | 'open' | 'local';
/** `monitor` decides and logs as `enforce` would, but never blocks. */
export type ThrottleMode = 'enforce' | 'monitor';

/** One window as written in the policy file: at most `limit` admitted requests per `per`. */
export interface ThrottleWindowInput {
  limit: number;
  per: string;
}

/** One rule set as written in the policy file (see docs/throttling.md). */
export interface ThrottleRuleSetInput {
  /** The action the rule set guards (`verify-start`, ...). Default: the rule set's own name. */
  action?: string;
  /** `number`, `prefix:N` (N from 1 to 15), `country`, `identity` or `global`. Required. */
  subject: string;
  /** One or more windows, all admitted atomically. Required. */
  windows: readonly ThrottleWindowInput[];
  /** What happens when the store fails. Default `closed`. */
  onStoreError?: OnStoreError;
  /**
   * The per-instance windows used when `onStoreError` is `local`. Default: `windows` at
   * `DEFAULT_LOCAL_LIMIT_FRACTION` of their limits (at least 1), since every warm instance
   * applies it separately.
   */
  localLimit?: readonly ThrottleWindowInput[];
  /** Default `enforce`. */
  mode?: ThrottleMode;
  /**
   * Items (each in its own Sync Map) the subject is spread over, with the limit split among them
   * so their sum is the limit: a whole number from 1 to 256, or `all` (one per Map). Default:
   * `all` for `global` and `country` subjects (the hot ones), 1 for the others.
   */
  shards?: number | 'all';
}

/** Rule sets by name; `false` switches a default rule set off. */
export type ThrottleRuleSetsInput = Readonly<Record<string, ThrottleRuleSetInput | false>>;

export interface ThrottleWindow {
  readonly limit: number;
  /** As written (`10m`), for logs and headers. */
  readonly per: string;
  readonly windowMs: number;
}

/** A validated rule set with everything derived from it. */
export interface ThrottleRuleSet {
  readonly name: string;
  readonly action: string;
  readonly subject: SubjectKind;
  /** Shortest first. */
  readonly windows: readonly ThrottleWindow[];
  readonly onStoreError: OnStoreError;
  /** Shortest first; used only when `onStoreError` is `local`. */
  readonly localWindows: readonly ThrottleWindow[];
  readonly mode: ThrottleMode;
  readonly longestWindowMs: number;
  /** Item TTL: the longest window plus `TTL_SLACK_SECONDS`, in whole seconds (never 0, which means "never expire"). */
  readonly ttlSec: number;
  /** The most timestamps the item keeps: the largest limit. */
  readonly maxEntries: number;
  /** True when the largest limit is above `EXACT_LOG_MAX_LIMIT`: the log counts per bucket instead of keeping every timestamp. */
  readonly counted: boolean;
  /** Items the subject is spread over (`all`: one per store Map); see `shardCountOf`. */
  readonly shards: number | 'all';
}

export type ThrottleRuleSets = ReadonlyMap<string, ThrottleRuleSet>;

/**
 * The largest limit a window may have. Limits up to `EXACT_LOG_MAX_LIMIT` keep one timestamp per
 * admitted event (exact); larger ones keep counts per bucket (see `BUCKETS_PER_WINDOW`), whose
 * item size does not grow with the limit: a billion a window still fits one Sync item.
 */
export const MAX_WINDOW_LIMIT = 1_000_000_000;
/**
 * The largest limit kept as an exact log: at 1000 delta-encoded timestamps (the newest 64 with
 * ids) the item stays well under Sync's 16 KiB even for a 31-day window. A rule set whose largest
 * limit is above it keeps a counted log, which may refuse early by one bucket's worth.
 */
export const EXACT_LOG_MAX_LIMIT = 1000;
/** Added to the longest window to make the item TTL, so an item is never collected while it still counts. */
export const TTL_SLACK_SECONDS = 60;
/** Share of each limit a single instance allows on its own when the store is down (`local`). */
export const DEFAULT_LOCAL_LIMIT_FRACTION = 0.5;
export const DEFAULT_ON_STORE_ERROR: OnStoreError = 'closed';
export const DEFAULT_THROTTLE_MODE: ThrottleMode = 'enforce';

/**
 * Verification starts cost money per send: per number, per number range, per country and overall.
 * The country and global caps are sized for a mid-size app (about 50,000 starts a day in its
 * home country: 2,000 per 10 minutes is about 6 times that day's average rate, 100,000 a day
 * twice its volume); size them to your own traffic as docs/throttling.md describes. Above 1000
 * they keep counted logs (`EXACT_LOG_MAX_LIMIT`).
 */
export const DEFAULT_VERIFY_START_RULES: ThrottleRuleSetsInput = {
  'verify-start': { subject: 'number', windows: [{ limit: 3, per: '10m' }, { limit: 10, per: '1d' }], onStoreError: 'closed' },
  'verify-start-prefix': {
    action: 'verify-start',
    subject: 'prefix:8',
    windows: [{ limit: 10, per: '10m' }, { limit: 50, per: '1d' }],
    onStoreError: 'closed',
  },
  'verify-start-identity': {
    action: 'verify-start',
    subject: 'identity',
    windows: [{ limit: 5, per: '10m' }, { limit: 20, per: '1d' }],
    onStoreError: 'closed',
  },
  'verify-start-country': {
    action: 'verify-start',
    subject: 'country',
    windows: [{ limit: 2000, per: '10m' }, { limit: 100_000, per: '1d' }],
    onStoreError: 'closed',
  },
  'verify-start-global': {
    action: 'verify-start',
    subject: 'global',
    // The day window is the figure `gatekeeper policy bounds` prints: the most codes a day, whatever the spread.
    windows: [{ limit: 3000, per: '10m' }, { limit: 10_000, per: '1h' }, { limit: 100_000, per: '1d' }],
    onStoreError: 'closed',
  },
};

/** Code checks: against brute force of one number's codes, across verifications. */
export const DEFAULT_VERIFY_CHECK_RULES: ThrottleRuleSetsInput = {
  'verify-check': { subject: 'number', windows: [{ limit: 5, per: '10m' }, { limit: 20, per: '1d' }], onStoreError: 'closed' },
};

/**
 * Not limits but records: every approved verification is logged per number, per number range and
 * per country in the same sliding-window form as the starts (`verify-start`, `verify-start-prefix`,
 * `verify-start-country`), so conversion (approvals over starts) can be read for a range or
 * country, and a number's backoff restarts after its latest approval. Recording never blocks
 * anything, so a store failure is `open`; the limit only caps the log's size.
 */
export const DEFAULT_VERIFY_CONVERSION_RULES: ThrottleRuleSetsInput = {
  'verify-conversion-number': { action: 'verify-conversion', subject: 'number', windows: [{ limit: 20, per: '1d' }], onStoreError: 'open' },
  'verify-conversion-prefix': { action: 'verify-conversion', subject: 'prefix:8', windows: [{ limit: 1000, per: '1d' }], onStoreError: 'open' },
  // As large as the country's starts cap: a record that saturates before the starts would show false low conversion.
  // The week is the country budget's baseline (approvals per day over it): counted in the same items, no extra write.
  'verify-conversion-country': { action: 'verify-conversion', subject: 'country', windows: [{ limit: 100_000, per: '1d' }, { limit: 700_000, per: '7d' }], onStoreError: 'open' },
};

/**
 * Outbound calls cost money per minute and are the toll-fraud target: per destination, per
 * number range, per app user (when the app passes an identity), per country and overall. The
 * day windows are the money caps: traffic pumping runs scripts for hours.
 */
export const DEFAULT_VOICE_OUTBOUND_RULES: ThrottleRuleSetsInput = {
  'voice-outbound': { subject: 'number', windows: [{ limit: 3, per: '10m' }, { limit: 20, per: '1d' }], onStoreError: 'closed' },
  'voice-outbound-prefix': {
    action: 'voice-outbound',
    subject: 'prefix:8',
    windows: [{ limit: 10, per: '10m' }, { limit: 100, per: '1d' }],
    onStoreError: 'closed',
  },
  'voice-outbound-identity': {
    action: 'voice-outbound',
    subject: 'identity',
    windows: [{ limit: 10, per: '10m' }, { limit: 50, per: '1d' }],
    onStoreError: 'closed',
  },
  'voice-outbound-country': {
    action: 'voice-outbound',
    subject: 'country',
    windows: [{ limit: 50, per: '10m' }, { limit: 1000, per: '1d' }],
    onStoreError: 'closed',
  },
  'voice-outbound-global': {
    action: 'voice-outbound',
    subject: 'global',
    windows: [{ limit: 100, per: '10m' }, { limit: 2000, per: '1d' }],
    onStoreError: 'closed',
  },
  // Not a limit but the record the range-repeat budget (`callRangeRepeats`) judges: each country's
  // repeats (calls to a number range already called that day). Its own action, so only repeats
  // write it; one item per country (`shards: 1`) so a repeat reads the whole day; exact (1000).
  'voice-outbound-repeats': { subject: 'country', windows: [{ limit: 1000, per: '1d' }], onStoreError: 'closed', shards: 1 },
};

/** Outbound SMS cost money per segment and are the SMS-pumping target. */
export const DEFAULT_SMS_OUTBOUND_RULES: ThrottleRuleSetsInput = {
  'sms-outbound': { subject: 'number', windows: [{ limit: 5, per: '10m' }, { limit: 30, per: '1d' }], onStoreError: 'closed' },
  'sms-outbound-prefix': {
    action: 'sms-outbound',
    subject: 'prefix:8',
    windows: [{ limit: 20, per: '10m' }, { limit: 200, per: '1d' }],
    onStoreError: 'closed',
  },
  'sms-outbound-identity': {
    action: 'sms-outbound',
    subject: 'identity',
    windows: [{ limit: 10, per: '10m' }, { limit: 50, per: '1d' }],
    onStoreError: 'closed',
  },
  'sms-outbound-global': {
    action: 'sms-outbound',
    subject: 'global',
    windows: [{ limit: 200, per: '10m' }, { limit: 1000, per: '1d' }],
    onStoreError: 'closed',
  },
};

/**
 * Inbound calls (TDoS, inbound pumping): per caller, per caller number range (floods from a
 * spoofed block), withheld callers together (the inbound gate passes the identity `anonymous`
 * for every caller without a usable number), and overall. A Sync outage must not turn into a
 * flood, nor into refusing everyone: `local`.
 */
export const DEFAULT_VOICE_INBOUND_RULES: ThrottleRuleSetsInput = {
  // One call a minute per caller: a spoofed flood gets each number in once, and the overall rate
  // below stays free for real callers (the trade-off curve is in docs/performance.md).
  'voice-inbound': { subject: 'number', windows: [{ limit: 1, per: '1m' }, { limit: 30, per: '1h' }], onStoreError: 'local' },
  'voice-inbound-prefix': {
    action: 'voice-inbound',
    subject: 'prefix:8',
    windows: [{ limit: 15, per: '1m' }, { limit: 100, per: '1h' }],
    onStoreError: 'local',
  },
  'voice-inbound-anonymous': {
    action: 'voice-inbound',
    subject: 'identity',
    windows: [{ limit: 10, per: '1m' }, { limit: 60, per: '1h' }],
    onStoreError: 'local',
  },
  // Its own action: the inbound gate asks it only for callers the rule sets above admit, so a
  // flood from few callers never touches this one item (one Map's read and write budget).
  'voice-inbound-global': {
    subject: 'global',
    windows: [{ limit: 200, per: '1m' }, { limit: 1000, per: '1h' }],
    onStoreError: 'local',
  },
  // Not a limit: the calls admitted per calling country, written in the overall rate's decision
  // (one item more in its round trip), that `inbound.originShare` judges each country's room on.
  // The overall rate's windows, and a day and a week for the baseline; counted (size does not
  // grow with the count), over 4 items so one country's calls never queue on one item. A monitor
  // rule set: written like the others, but a failure of its own (a race lost until the deadline)
  // never refuses a call.
  'voice-inbound-origin': {
    action: 'voice-inbound-global',
    subject: 'country',
    windows: [
      { limit: MAX_WINDOW_LIMIT, per: '1m' },
      { limit: MAX_WINDOW_LIMIT, per: '1h' },
      { limit: MAX_WINDOW_LIMIT, per: '1d' },
      { limit: MAX_WINDOW_LIMIT, per: '7d' },
    ],
    onStoreError: 'open',
    mode: 'monitor',
    shards: 4,
  },
};

/**
 * Inbound SMS (floods, smishing runs): per sender, per sender number range, senders without a
 * usable number together (alphanumeric ids, withheld), and overall (its own action, asked only
 * for senders the others admit, like `voice-inbound-global`). `local` on store failure.
 */
export const DEFAULT_SMS_INBOUND_RULES: ThrottleRuleSetsInput = {
  'sms-inbound': { subject: 'number', windows: [{ limit: 10, per: '1m' }, { limit: 100, per: '1h' }], onStoreError: 'local' },
  'sms-inbound-prefix': {
    action: 'sms-inbound',
    subject: 'prefix:8',
    windows: [{ limit: 30, per: '1m' }, { limit: 300, per: '1h' }],
    onStoreError: 'local',
  },
  'sms-inbound-anonymous': {
    action: 'sms-inbound',
    subject: 'identity',
    windows: [{ limit: 20, per: '1m' }, { limit: 200, per: '1h' }],
    onStoreError: 'local',
  },
  'sms-inbound-global': {
    subject: 'global',
    windows: [{ limit: 120, per: '1m' }, { limit: 1000, per: '1h' }],
    onStoreError: 'local',
  },
};

/** Every default rule set. Size the country and global ones to your traffic (docs/throttling.md). */
export const DEFAULT_RULE_SETS: ThrottleRuleSetsInput = {
  ...DEFAULT_VERIFY_START_RULES,
  ...DEFAULT_VERIFY_CHECK_RULES,
  ...DEFAULT_VERIFY_CONVERSION_RULES,
  ...DEFAULT_VOICE_OUTBOUND_RULES,
  ...DEFAULT_SMS_OUTBOUND_RULES,
  ...DEFAULT_VOICE_INBOUND_RULES,
  ...DEFAULT_SMS_INBOUND_RULES,
};

/** Thrown by `parseRuleSets`; `issues` lists every problem found, each naming its rule and fix. */
export class ThrottleRuleError extends Error {
  readonly code = 'ERR_GATE_THROTTLE_RULE';
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(issues.length === 1 ? issues[0] : `${issues.length} problems in throttle rules:\n- ${issues.join('\n- ')}`);
    this.name = 'ThrottleRuleError';
    this.issues = issues;
  }
}

const RULE_SET_KEYS = ['action', 'subject', 'windows', 'onStoreError', 'localLimit', 'mode', 'shards'] as const;
const MAX_RULE_SHARDS = 256;
const WINDOW_KEYS = ['limit', 'per'] as const;
const ON_STORE_ERROR = ['closed', 'open', 'local'] as const;
const MODES = ['enforce', 'monitor'] as const;
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 64;
const DURATION_HINT = 'use 30s, 10m, 1h or 1d';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function unknownKeyIssue(where: string, key: string, known: readonly string[]): string {
  const hint = didYouMean(key, known);
  return `${where}: unknown key '${key}'; ${hint ? `did you mean '${hint}'?` : `use ${known.join(', ')}`}`;
}

function nameIssue(kind: string, name: string): string | undefined {
  if (NAME.test(name) && name.length <= MAX_NAME_LENGTH) return undefined;
  return `throttle ${show(name)}: ${kind} names are lower-case kebab-case (a-z, 0-9, -) of at most ${MAX_NAME_LENGTH} characters; use e.g. 'verify-start'`;
}

function parseWindows(where: string, field: string, value: unknown, issues: string[]): ThrottleWindow[] {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push(`${where}: ${field} must be a non-empty list like [{ "limit": 3, "per": "10m" }]`);
    return [];
  }
  const windows: ThrottleWindow[] = [];
  value.forEach((entry: unknown, index) => {
    if (!isPlainObject(entry)) {
      issues.push(`${where}: ${field}[${index}] must be an object like { "limit": 3, "per": "10m" }`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!(WINDOW_KEYS as readonly string[]).includes(key)) issues.push(unknownKeyIssue(`${where}: ${field}[${index}]`, key, WINDOW_KEYS));
    }
    const { limit, per } = entry;
    const windowMs = parseDuration(per);
    let valid = true;
    if (per === undefined) {
      issues.push(`${where}: ${field}[${index}] has no 'per'; ${DURATION_HINT}`);
      valid = false;
    } else if (windowMs === undefined) {
      issues.push(`${where}: window ${show(per)} is not a duration; ${DURATION_HINT}`);
      valid = false;
    } else if (windowMs < 1000) {
      issues.push(`${where}: window ${show(per)} is too short; use at least 1s`);
      valid = false;
    } else if (windowMs > MAX_WINDOW_MS) {
      issues.push(`${where}: window ${show(per)} is longer than ${formatDuration(MAX_WINDOW_MS)}; use at most ${formatDuration(MAX_WINDOW_MS)}`);
      valid = false;
    }
    const label = typeof per === 'string' ? per : `${field}[${index}]`;
    if (limit === undefined) {
      issues.push(`${where}: window ${label} has no 'limit'; give the most requests admitted per window, e.g. 3`);
      valid = false;
    } else if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      issues.push(`${where}: window ${label} limit ${show(limit)} is not a whole number of at least 1; use e.g. 3`);
      valid = false;
    } else if (limit > MAX_WINDOW_LIMIT) {
      issues.push(
        `${where}: window ${label} limit ${limit} is above ${MAX_WINDOW_LIMIT}, the largest limit a window takes; use a narrower subject or a shorter window`,
      );
      valid = false;
    }
    if (!valid || windowMs === undefined) return;
    if (windows.some((window) => window.windowMs === windowMs)) {
      issues.push(`${where}: window ${label} appears twice in ${field}; give each window a different length`);
      return;
    }
    windows.push({ limit: limit as number, per: per as string, windowMs });
  });
  return windows.sort((a, b) => a.windowMs - b.windowMs);
}

function defaultLocalWindows(windows: readonly ThrottleWindow[]): ThrottleWindow[] {
  return windows.map((window) => ({ ...window, limit: Math.max(1, Math.floor(window.limit * DEFAULT_LOCAL_LIMIT_FRACTION)) }));
}

function resolveRuleSet(
  name: string,
  own: Record<string, unknown>,
  base: Record<string, unknown> | undefined,
  knownNames: readonly string[],
  issues: string[],
): ThrottleRuleSet | undefined {
  const where = `throttle ${name}`;
  const before = issues.length;
  for (const key of Object.keys(own)) {
    if (!(RULE_SET_KEYS as readonly string[]).includes(key)) issues.push(unknownKeyIssue(where, key, RULE_SET_KEYS));
  }
  const merged: Record<string, unknown> = { ...base, ...own };

  if (merged.subject === undefined) {
    const hint = didYouMean(name, knownNames);
    issues.push(
      `${where}: subject is required for a new rule set; ${hint ? `did you mean the default rule set '${hint}'?` : `use ${SUBJECT_KIND_NAMES.join(', ')}`}`,
    );
  }
  const subject = merged.subject === undefined ? undefined : parseSubjectKind(merged.subject);
  if (merged.subject !== undefined && !subject) {
    const hint = typeof merged.subject === 'string' ? didYouMean(merged.subject, ['number', 'country', 'identity', 'global']) : undefined;
    issues.push(
      `${where}: subject ${show(merged.subject)} is not a subject; ${hint ? `did you mean '${hint}'?` : `use ${SUBJECT_KIND_NAMES.join(', ')} (N from 1 to 15)`}`,
    );
  }

  let windows: ThrottleWindow[] = [];
  if (merged.windows === undefined) {
    issues.push(`${where}: windows is required for a new rule set; use e.g. [{ "limit": 3, "per": "10m" }]`);
  } else {
    windows = parseWindows(where, 'windows', merged.windows, issues);
  }

  const onStoreError = merged.onStoreError ?? DEFAULT_ON_STORE_ERROR;
  if (!(ON_STORE_ERROR as readonly unknown[]).includes(onStoreError)) {
    const hint = typeof onStoreError === 'string' ? didYouMean(onStoreError, ON_STORE_ERROR) : undefined;
    issues.push(`${where}: onStoreError ${show(onStoreError)} is not one of ${ON_STORE_ERROR.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`);
  }
  const mode = merged.mode ?? DEFAULT_THROTTLE_MODE;
  if (!(MODES as readonly unknown[]).includes(mode)) {
    const hint = typeof mode === 'string' ? didYouMean(mode, MODES) : undefined;
    issues.push(`${where}: mode ${show(mode)} is not one of ${MODES.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`);
  }
  const action = merged.action ?? name;
  if (typeof action !== 'string' || nameIssue('action', action)) {
    issues.push(`${where}: action ${show(action)} is not an action name; use lower-case kebab-case, e.g. 'verify-start'`);
  }

  let localWindows: ThrottleWindow[] = [];
  if (own.localLimit !== undefined && onStoreError !== 'local') {
    issues.push(`${where}: localLimit applies only with onStoreError 'local'; remove it or set onStoreError to 'local'`);
  } else if (onStoreError === 'local') {
    localWindows = merged.localLimit === undefined ? defaultLocalWindows(windows) : parseWindows(where, 'localLimit', merged.localLimit, issues);
  }

  const shards = merged.shards ?? (subject && (subject.type === 'global' || subject.type === 'country') ? 'all' : 1);
  if (shards !== 'all' && (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > MAX_RULE_SHARDS)) {
    issues.push(`${where}: shards ${show(shards)} is not 'all' or a whole number from 1 to ${MAX_RULE_SHARDS}; use e.g. 'all' or 4`);
  }
  if (issues.length > before || !subject) return undefined;
  const maxEntries = Math.max(...windows.map((window) => window.limit), ...localWindows.map((window) => window.limit));
  const longestWindowMs = windows[windows.length - 1].windowMs;
  const longestLocalMs = localWindows.length ? localWindows[localWindows.length - 1].windowMs : 0;
  return {
    name,
    action: action as string,
    subject,
    windows,
    onStoreError: onStoreError as OnStoreError,
    localWindows,
    mode: mode as ThrottleMode,
    longestWindowMs,
    ttlSec: Math.ceil(Math.max(longestWindowMs, longestLocalMs) / 1000) + TTL_SLACK_SECONDS,
    maxEntries,
    counted: maxEntries > EXACT_LOG_MAX_LIMIT,
    shards: shards as number | 'all',
  };
}

/**
 * Validates the `throttle` section of the policy file and resolves it over `defaults`: a rule set
 * named like a default replaces the fields it gives (a `windows` list replaces the default list);
 * a new name adds a rule set (`subject` and `windows` required); `false` switches a default off.
 * Every problem is collected and thrown at once as a `ThrottleRuleError` whose lines name the rule
 * and the fix; unknown keys get a "did you mean" hint.
 *
 * @example
 * const rules = parseRuleSets({ 'verify-start': { windows: [{ limit: 2, per: '10m' }] } });
 * rules.get('verify-start')?.windows // [{ limit: 2, per: '10m', windowMs: 600000 }]
 *
 * parseRuleSets({ 'verify-start': { windows: [{ limit: 3, per: '10x' }] } });
 * // throws: throttle verify-start: window '10x' is not a duration; use 30s, 10m, 1h or 1d
 */
export function parseRuleSets(json: unknown, defaults: ThrottleRuleSetsInput = DEFAULT_RULE_SETS): ThrottleRuleSets {
  const issues: string[] = [];
  if (json !== undefined && json !== null && !isPlainObject(json)) {
    throw new ThrottleRuleError([
      `throttle: rules must be an object keyed by rule set name, e.g. { "verify-start": { "subject": "number", "windows": [{ "limit": 3, "per": "10m" }] } }`,
    ]);
  }
  const own = (json ?? {}) as Record<string, unknown>;
  const knownNames = Object.keys(defaults);
  const names = [...new Set([...knownNames, ...Object.keys(own)])];
  const resolved = new Map<string, ThrottleRuleSet>();

  for (const name of names) {
    const value = name in own ? own[name] : undefined;
    const base = defaults[name];
    if (value === false || (value === undefined && base === false)) continue;
    const issue = nameIssue('rule set', name);
    if (issue) {
      issues.push(issue);
      continue;
    }
    if (value !== undefined && !isPlainObject(value)) {
      issues.push(`throttle ${name}: must be an object like { "subject": "number", "windows": [{ "limit": 3, "per": "10m" }] }, or false to switch it off`);
      continue;
    }
    const ownFields = (value ?? {}) as Record<string, unknown>;
    const baseFields = base === false || base === undefined ? undefined : (base as unknown as Record<string, unknown>);
    const ruleSet = resolveRuleSet(name, ownFields, baseFields, knownNames, issues);
    if (ruleSet) resolved.set(name, ruleSet);
  }
  if (issues.length) throw new ThrottleRuleError(issues);
  return resolved;
}

/** The rule sets guarding one action, in definition order. */
export function ruleSetsForAction(ruleSets: ThrottleRuleSets, action: string): ThrottleRuleSet[] {
  return [...ruleSets.values()].filter((ruleSet) => ruleSet.action === action);
}

/** The rule set's windows as written back (`3/10m, 10/1d`), for logs and messages. */
export function describeWindows(windows: readonly ThrottleWindow[]): string {
  return windows.map((window) => `${window.limit}/${window.per}`).join(', ');
}

/** A rule set written back in the policy file's shape (`subject` spelt as in rules). */
export function describeRuleSet(ruleSet: ThrottleRuleSet): string {
  return `${ruleSet.name} by ${formatSubjectKind(ruleSet.subject)}: ${describeWindows(ruleSet.windows)} (${ruleSet.mode}, on store error ${ruleSet.onStoreError})`;
}
