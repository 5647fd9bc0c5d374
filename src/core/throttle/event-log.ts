/**
 * One admitted request in a rule set's log: when (epoch ms) and a short random id, so the request
 * that wrote it can later ask "did my write land?" and take exactly its own event back out.
 */
export interface LogEvent {
  readonly t: number;
  /** Empty for events read from a log written before ids existed. */
  readonly id: string;
}

/**
 * The stored form: `t[0]` is the oldest event's time and every later entry the gap to the one
 * before it (gaps keep the JSON short); `i` holds the ids of the newest `EVENT_ID_TAIL` events,
 * aligned with the end of `t`. Only recent events are ever looked for (a write that timed out a
 * moment ago, a compensation within seconds), so older ids would only fill the item. Version 1
 * logs (timestamps only) are still read.
 */
export interface EventLogData {
  v: 2;
  t: number[];
  i: string[];
}

/** How many of the newest events keep their id in the stored log. */
export const EVENT_ID_TAIL = 64;

const EVENT_LOG_VERSION = 2;
const LEGACY_LOG_VERSION = 1;
const EVENT_ID = /^[0-9a-z]{0,12}$/;
/** Characters of an event id: 36^8 ids make a collision among a log's few hundred events negligible. */
export const EVENT_ID_LENGTH = 8;

/**
 * A fresh event id from `random` (values in [0, 1)).
 *
 * @example
 * newEventId(Math.random) // 'k3v9q0xa'
 */
export function newEventId(random: () => number): string {
  let id = '';
  for (let index = 0; index < EVENT_ID_LENGTH; index++) id += Math.floor(random() * 36).toString(36);
  return id;
}

function decodeGaps(t: unknown): number[] | undefined {
  if (!Array.isArray(t)) return undefined;
  const timestamps: number[] = [];
  let previous = 0;
  for (const [index, entry] of t.entries()) {
    if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) return undefined;
    previous = index === 0 ? entry : previous + entry;
    timestamps.push(previous);
  }
  return timestamps;
}

/**
 * Reads a stored log back into events sorted by time. Returns `undefined` for data no version
 * wrote, so the caller can decide what a corrupt item means.
 */
export function decodeEventLog(data: unknown): LogEvent[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { v, t, i } = data as { v?: unknown; t?: unknown; i?: unknown };
  const timestamps = decodeGaps(t);
  if (!timestamps) return undefined;
  if (v === LEGACY_LOG_VERSION) return timestamps.map((time) => ({ t: time, id: '' }));
  if (v !== EVENT_LOG_VERSION || !Array.isArray(i) || i.length > timestamps.length) return undefined;
  if (!i.every((id) => typeof id === 'string' && EVENT_ID.test(id))) return undefined;
  const untagged = timestamps.length - i.length;
  return timestamps.map((time, index) => ({ t: time, id: index < untagged ? '' : (i[index - untagged] as string) }));
}

/** Writes events (sorted by time) in the stored form. */
export function encodeEventLog(events: readonly LogEvent[]): EventLogData {
  return {
    v: EVENT_LOG_VERSION,
    t: events.map((event, index) => (index === 0 ? event.t : event.t - events[index - 1].t)),
    i: events.slice(Math.max(0, events.length - EVENT_ID_TAIL)).map((event) => event.id),
  };
}

// Index of the first event later than `floor`.
function firstAfter(events: readonly LogEvent[], floor: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].t > floor) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The log after admitting `event`: events that have left the longest window are dropped, the
 * event is inserted in order (clocks of different instances may disagree a little), and the
 * oldest events beyond `maxEntries` are dropped so the item can never outgrow Sync's limit.
 */
export function appendEvent(events: readonly LogEvent[], event: LogEvent, longestWindowMs: number, maxEntries: number): LogEvent[] {
  const kept = events.slice(firstAfter(events, event.t - longestWindowMs));
  kept.splice(firstAfter(kept, event.t), 0, event);
  return kept.length > maxEntries ? kept.slice(kept.length - maxEntries) : kept;
}

/**
 * The log without `target` (same time and id), or `undefined` when it is not there: never
 * written, pruned, or so old its id is no longer kept.
 */
export function withoutEvent(events: readonly LogEvent[], target: LogEvent): LogEvent[] | undefined {
  const index = target.id === '' ? -1 : events.findIndex((event) => event.id === target.id && event.t === target.t);
  if (index < 0) return undefined;
  return [...events.slice(0, index), ...events.slice(index + 1)];
}

/** The events' times, for the window checks. */
export function timesOf(events: readonly LogEvent[]): number[] {
  return events.map((event) => event.t);
}
