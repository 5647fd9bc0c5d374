import { EVENT_ID_TAIL, type LogEvent } from './event-log';
import type { ThrottleWindow } from './rules';
import { combineWindowStates, type WindowCheck, type WindowState } from './sliding-window';

/**
 * Buckets per window of a counted log. A window of length W counts in buckets of W / 60: the
 * oldest bucket still touching the window is counted whole, so a counted log may refuse early by
 * at most the requests admitted in one bucket (1/60 of the window) that have already left it. It
 * never admits past the limit: every event still inside the window is in a counted bucket.
 */
export const BUCKETS_PER_WINDOW = 60;
/** Buckets kept beyond the oldest counted one, so a request stamped by a clock running a little ahead prunes nothing still counted elsewhere. */
const PRUNE_SLACK_BUCKETS = 2;
const COUNTER_LOG_VERSION = 3;

/** One window's buckets: bucket `first + k` covers [(first + k) * bucketMs, (first + k + 1) * bucketMs). */
export interface WindowBuckets {
  readonly bucketMs: number;
  readonly first: number;
  readonly counts: readonly number[];
}

/** A counted log: per window, admissions per bucket, plus the newest events (for undoing one). */
export interface CounterLog {
  readonly windows: readonly WindowBuckets[];
  readonly recent: readonly LogEvent[];
}

/** The stored form: `w` one `[bucketMs, first, ...counts]` per window; `r` recent times (gaps) and `i` their ids. */
export interface CounterLogData {
  v: 3;
  w: number[][];
  r: number[];
  i: string[];
}

/** The bucket length of a window: a sixtieth of it, at least 1 ms. */
export function bucketMsOf(window: ThrottleWindow): number {
  return Math.max(1, Math.ceil(window.windowMs / BUCKETS_PER_WINDOW));
}

// The first bucket a window of this length still counts at `now`.
function oldestCounted(window: ThrottleWindow, bucketMs: number, now: number): number {
  return Math.floor((now - window.windowMs) / bucketMs);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads a stored counted log; `undefined` when the data is not one. */
export function decodeCounterLog(data: unknown): CounterLog | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { v, w, r, i } = data as Partial<Record<'v' | 'w' | 'r' | 'i', unknown>>;
  if (v !== COUNTER_LOG_VERSION || !Array.isArray(w) || !Array.isArray(r) || !Array.isArray(i) || r.length !== i.length) return undefined;
  const windows: WindowBuckets[] = [];
  for (const entry of w) {
    if (!Array.isArray(entry) || entry.length < 2 || !(entry as unknown[]).every((value, index) => (index === 1 ? Number.isSafeInteger(value) : isCount(value)))) return undefined;
    const [bucketMs, first, ...counts] = entry as number[];
    if (bucketMs < 1) return undefined;
    windows.push({ bucketMs, first, counts });
  }
  const recent: LogEvent[] = [];
  let previous = 0;
  for (const [index, gap] of r.entries()) {
    const id = i[index];
    if (!isCount(gap) || typeof id !== 'string') return undefined;
    previous = index === 0 ? gap : previous + gap;
    recent.push({ t: previous, id });
  }
  return { windows, recent };
}

/** Writes a counted log in the stored form. */
export function encodeCounterLog(log: CounterLog): CounterLogData {
  return {
    v: COUNTER_LOG_VERSION,
    w: log.windows.map((buckets) => [buckets.bucketMs, buckets.first, ...buckets.counts]),
    r: log.recent.map((event, index) => (index === 0 ? event.t : event.t - log.recent[index - 1].t)),
    i: log.recent.map((event) => event.id),
  };
}

/** The buckets a log keeps for `window` (none when the window is new to it: its count starts afresh). */
function bucketsFor(log: CounterLog, window: ThrottleWindow): WindowBuckets {
  const bucketMs = bucketMsOf(window);
  return log.windows.find((buckets) => buckets.bucketMs === bucketMs) ?? { bucketMs, first: 0, counts: [] };
}

function stateOf(window: ThrottleWindow, buckets: WindowBuckets, now: number): WindowState {
  const from = oldestCounted(window, buckets.bucketMs, now);
  const counted = buckets.counts.map((count, k) => ({ index: buckets.first + k, count })).filter((bucket) => bucket.index >= from && bucket.count > 0);
  const count = counted.reduce((sum, bucket) => sum + bucket.count, 0);
  const leavesAt = (index: number) => (index + 1) * buckets.bucketMs + window.windowMs;
  const resetMs = counted.length > 0 ? leavesAt(counted[0].index) - now : window.windowMs;
  const base = { limit: window.limit, per: window.per, windowMs: window.windowMs, count, resetMs };
  if (count < window.limit) return { ...base, remaining: window.limit - count - 1, retryAfterMs: 0 };
  // Full: the request is admitted once enough of the oldest buckets have left.
  let left = count;
  let freesAt = now + 1;
  for (const bucket of counted) {
    left -= bucket.count;
    freesAt = leavesAt(bucket.index);
    if (left < window.limit) break;
  }
  return { ...base, remaining: 0, retryAfterMs: Math.max(1, freesAt - now) };
}

/**
 * Checks a request at `now` against every window of a counted log, like `checkWindows` does for
 * an exact one (same binding and retry rules), counting the oldest touching bucket whole.
 */
export function checkCounterLog(log: CounterLog, windows: readonly ThrottleWindow[], now: number): WindowCheck {
  const states = windows.map((window) => stateOf(window, bucketsFor(log, window), now));
  return combineWindowStates(states);
}

function addTo(window: ThrottleWindow, buckets: WindowBuckets, t: number, delta: number): WindowBuckets {
  const keepFrom = oldestCounted(window, buckets.bucketMs, t) - PRUNE_SLACK_BUCKETS;
  const index = Math.floor(t / buckets.bucketMs);
  const counts = new Map<number, number>();
  buckets.counts.forEach((count, k) => {
    if (buckets.first + k >= keepFrom && count > 0) counts.set(buckets.first + k, count);
  });
  counts.set(index, Math.max(0, (counts.get(index) ?? 0) + delta));
  const indices = [...counts.keys()].filter((key) => (counts.get(key) as number) > 0);
  if (indices.length === 0) return { bucketMs: buckets.bucketMs, first: index, counts: [] };
  const first = Math.min(...indices);
  const last = Math.max(...indices);
  return { bucketMs: buckets.bucketMs, first, counts: Array.from({ length: last - first + 1 }, (_, k) => counts.get(first + k) ?? 0) };
}

/** The counted log with `event` admitted in every window; the newest events keep their ids. */
export function countEvent(log: CounterLog, windows: readonly ThrottleWindow[], event: LogEvent): CounterLog {
  // An event without an id (converted from an exact log) can never be looked for: not kept.
  const tagged = event.id === '' ? [] : [event];
  const recent = [...log.recent.filter((kept) => kept.t <= event.t), ...tagged, ...log.recent.filter((kept) => kept.t > event.t)];
  return {
    windows: windows.map((window) => addTo(window, bucketsFor(log, window), event.t, 1)),
    recent: recent.slice(Math.max(0, recent.length - EVENT_ID_TAIL)),
  };
}

/** The counted log without `target`, or `undefined` when it is not among the recent events. */
export function uncountEvent(log: CounterLog, windows: readonly ThrottleWindow[], target: LogEvent): CounterLog | undefined {
  const index = target.id === '' ? -1 : log.recent.findIndex((event) => event.id === target.id && event.t === target.t);
  if (index < 0) return undefined;
  return {
    windows: windows.map((window) => addTo(window, bucketsFor(log, window), target.t, -1)),
    recent: [...log.recent.slice(0, index), ...log.recent.slice(index + 1)],
  };
}

/**
 * A window's count at `now` (the oldest touching bucket counted whole, as `checkCounterLog` does)
 * and how long ago its oldest counted bucket began (0 when empty).
 */
export function tallyCounterWindow(log: CounterLog, window: ThrottleWindow, now: number): { count: number; oldestAgeMs: number } {
  const buckets = bucketsFor(log, window);
  const from = oldestCounted(window, buckets.bucketMs, now);
  let count = 0;
  let oldest: number | undefined;
  buckets.counts.forEach((bucketCount, k) => {
    const index = buckets.first + k;
    if (index < from || bucketCount <= 0) return;
    count += bucketCount;
    oldest ??= index;
  });
  return { count, oldestAgeMs: oldest === undefined ? 0 : Math.max(0, now - oldest * buckets.bucketMs) };
}

/** Events a counted log holds in its longest window's buckets (for tests and benches). */
export function countedEvents(log: CounterLog, windows: readonly ThrottleWindow[]): number {
  return bucketsFor(log, windows[windows.length - 1]).counts.reduce((sum, count) => sum + count, 0);
}
