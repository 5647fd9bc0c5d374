import type { ThrottleWindow } from './rules';

/**
 * The stored form of a rule set's log: `t[0]` is the oldest admitted timestamp (epoch ms) and
 * every later entry is the gap to the one before it. Gaps keep the JSON short: at the
 * `MAX_WINDOW_LIMIT` of 1000 entries the item stays well under Sync's 16 KiB.
 */
export interface WindowLogData {
  v: 1;
  t: number[];
}

/** How one window stands for a request at `now`. */
export interface WindowState {
  readonly limit: number;
  readonly per: string;
  readonly windowMs: number;
  /** Admitted events inside the window, not counting this request. */
  readonly count: number;
  /** Requests still admitted after this one (0 when this one is denied). */
  readonly remaining: number;
  /** Until the oldest counted event (this one, if the window was empty) leaves the window. */
  readonly resetMs: number;
  /** Until this request would be admitted by this window; 0 when it is. */
  readonly retryAfterMs: number;
}

export interface WindowCheck {
  readonly allowed: boolean;
  /** Every window, shortest first. */
  readonly windows: readonly WindowState[];
  /** The window that decided: the denying one that frees last, or the allowing one with least left. */
  readonly binding: WindowState;
  readonly retryAfterMs: number;
}

const LOG_VERSION = 1;

/**
 * Reads a stored log back into sorted epoch-ms timestamps. Returns `undefined` for data this
 * version did not write, so the caller can decide what a corrupt item means.
 */
export function decodeWindowLog(data: unknown): number[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { v, t } = data as { v?: unknown; t?: unknown };
  if (v !== LOG_VERSION || !Array.isArray(t)) return undefined;
  const timestamps: number[] = [];
  let previous = 0;
  for (const [index, entry] of t.entries()) {
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) return undefined;
    previous = index === 0 ? entry : previous + entry;
    timestamps.push(previous);
  }
  return timestamps;
}

/** Writes sorted epoch-ms timestamps in the stored form. */
export function encodeWindowLog(timestamps: readonly number[]): WindowLogData {
  return { v: LOG_VERSION, t: timestamps.map((timestamp, index) => (index === 0 ? timestamp : timestamp - timestamps[index - 1])) };
}

// Index of the first timestamp still inside a window that starts after `floor`.
function firstAfter(timestamps: readonly number[], floor: number): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestamps[middle] > floor) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Checks a request at `now` against every window of a rule set. An event at time `t` counts in a
 * window of length `W` while `now - t < W`: at exactly `t + W` it has left. A denied request's
 * `retryAfterMs` is the moment enough old events have left every denying window.
 *
 * @example
 * checkWindows([1000, 2000, 3000], [{ limit: 3, per: '10s', windowMs: 10000 }], 5000)
 * // { allowed: false, retryAfterMs: 6000, ... }  (the event at 1000 leaves at 11000)
 */
export function checkWindows(timestamps: readonly number[], windows: readonly ThrottleWindow[], now: number): WindowCheck {
  const states = windows.map((window): WindowState => {
    const first = firstAfter(timestamps, now - window.windowMs);
    const count = timestamps.length - first;
    const oldest = count > 0 ? timestamps[first] : now;
    const resetMs = oldest + window.windowMs - now;
    if (count < window.limit) {
      return { limit: window.limit, per: window.per, windowMs: window.windowMs, count, remaining: window.limit - count - 1, resetMs, retryAfterMs: 0 };
    }
    const freesAt = timestamps[first + count - window.limit] + window.windowMs;
    return { limit: window.limit, per: window.per, windowMs: window.windowMs, count, remaining: 0, resetMs, retryAfterMs: Math.max(1, freesAt - now) };
  });
  const denied = states.filter((state) => state.retryAfterMs > 0);
  if (denied.length > 0) {
    const binding = denied.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
    return { allowed: false, windows: states, binding, retryAfterMs: binding.retryAfterMs };
  }
  const binding = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return { allowed: true, windows: states, binding, retryAfterMs: 0 };
}

/**
 * The log after admitting an event at `now`: entries that have left the longest window are
 * dropped, `now` is inserted in order (clocks of different instances may disagree a little),
 * and the oldest entries beyond `maxEntries` are dropped so the item can never outgrow Sync's limit.
 */
export function admitEvent(timestamps: readonly number[], now: number, longestWindowMs: number, maxEntries: number): number[] {
  const kept = timestamps.slice(firstAfter(timestamps, now - longestWindowMs));
  kept.splice(firstAfter(kept, now), 0, now);
  return kept.length > maxEntries ? kept.slice(kept.length - maxEntries) : kept;
}

/**
 * The log without one event at `t` (undoing an admission whose request was denied after all),
 * or `undefined` when no such event is left (it was pruned or never written).
 */
export function removeEvent(timestamps: readonly number[], t: number): number[] | undefined {
  const index = timestamps.lastIndexOf(t);
  if (index < 0) return undefined;
  return [...timestamps.slice(0, index), ...timestamps.slice(index + 1)];
}
