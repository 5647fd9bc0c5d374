import { decodeEventLog, timesOf } from './event-log';
import type { ThrottleWindow } from './rules';

/** A version 1 log (timestamps only), as written before events had ids; still read. */
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

/**
 * Reads a stored log (either version) back into sorted epoch-ms timestamps. Returns `undefined`
 * for data no version wrote, so the caller can decide what a corrupt item means.
 */
export function decodeWindowLog(data: unknown): number[] | undefined {
  const events = decodeEventLog(data);
  return events && timesOf(events);
}

/** Writes sorted epoch-ms timestamps as a version 1 log (what older releases wrote). */
export function encodeWindowLog(timestamps: readonly number[]): WindowLogData {
  return { v: 1, t: timestamps.map((timestamp, index) => (index === 0 ? timestamp : timestamp - timestamps[index - 1])) };
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
  return combineWindowStates(states);
}

/** The check of a request from every window's state: denied by the window that frees last, else bound by the one with least left. */
export function combineWindowStates(states: readonly WindowState[]): WindowCheck {
  const denied = states.filter((state) => state.retryAfterMs > 0);
  if (denied.length > 0) {
    const binding = denied.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
    return { allowed: false, windows: states, binding, retryAfterMs: binding.retryAfterMs };
  }
  const binding = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return { allowed: true, windows: states, binding, retryAfterMs: 0 };
}
