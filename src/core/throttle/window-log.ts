import { checkCounterLog, countedEvents, tallyCounterWindow, countEvent, decodeCounterLog, encodeCounterLog, uncountEvent, type CounterLog } from './counter-log';
import { appendEvent, decodeEventLog, encodeEventLog, timesOf, withoutEvent, type LogEvent } from './event-log';
import type { ThrottleRuleSet, ThrottleWindow } from './rules';
import { checkWindows, type WindowCheck } from './sliding-window';
import type { StoreData } from './store';

/**
 * A rule set's log as read: `exact` (every admitted event's time, for limits up to
 * `EXACT_LOG_MAX_LIMIT`) or `counted` (admissions per bucket, for larger limits; see
 * `BUCKETS_PER_WINDOW` for its bound). Which one a rule set keeps is fixed by its largest limit
 * (`ThrottleRuleSet.counted`); a log stored in the other form (after a limit change) is converted
 * on the safe side.
 */
export type WindowLog = { readonly kind: 'exact'; readonly events: readonly LogEvent[] } | { readonly kind: 'counted'; readonly log: CounterLog };

const EMPTY_COUNTER: CounterLog = { windows: [], recent: [] };

// A counted log seen by an exact rule set: each bucket's admissions as events at the bucket's last
// millisecond (the latest they could be, so they leave no earlier than they really do).
function eventsFromCounts(log: CounterLog, ruleSet: ThrottleRuleSet): LogEvent[] {
  const longest = [...log.windows].sort((a, b) => b.bucketMs - a.bucketMs)[0];
  if (!longest) return [];
  const events: LogEvent[] = [];
  longest.counts.forEach((count, k) => {
    const t = (longest.first + k + 1) * longest.bucketMs - 1;
    for (let n = 0; n < Math.min(count, ruleSet.maxEntries); n++) events.push({ t, id: '' });
  });
  return events.slice(Math.max(0, events.length - ruleSet.maxEntries));
}

/**
 * Reads an item's data as the rule set's log (`null`: no item, an empty log). `undefined` when
 * the data is no log at all (the caller logs it and starts afresh).
 */
export function readWindowLog(ruleSet: ThrottleRuleSet, windows: readonly ThrottleWindow[], data: unknown): WindowLog | undefined {
  if (data === null) return ruleSet.counted ? { kind: 'counted', log: EMPTY_COUNTER } : { kind: 'exact', events: [] };
  const events = decodeEventLog(data);
  const counter = events ? undefined : decodeCounterLog(data);
  if (!events && !counter) return undefined;
  if (!ruleSet.counted) return { kind: 'exact', events: events ?? eventsFromCounts(counter as CounterLog, ruleSet) };
  if (counter) return { kind: 'counted', log: counter };
  return { kind: 'counted', log: (events as LogEvent[]).reduce((log, event) => countEvent(log, windows, event), EMPTY_COUNTER) };
}

/** Checks a request at `now` against the log's windows. */
export function checkWindowLog(log: WindowLog, windows: readonly ThrottleWindow[], now: number): WindowCheck {
  return log.kind === 'exact' ? checkWindows(timesOf(log.events), windows, now) : checkCounterLog(log.log, windows, now);
}

/** The stored data with `event` admitted. */
export function windowLogWith(log: WindowLog, ruleSet: ThrottleRuleSet, windows: readonly ThrottleWindow[], event: LogEvent): StoreData {
  if (log.kind === 'counted') return { ...encodeCounterLog(countEvent(log.log, windows, event)) };
  const longest = Math.max(...windows.map((window) => window.windowMs));
  return { ...encodeEventLog(appendEvent(log.events, event, longest, ruleSet.maxEntries)) };
}

/** The stored data without `event`, or `undefined` when the log does not (or no longer can) show it. */
export function windowLogWithout(log: WindowLog, windows: readonly ThrottleWindow[], event: LogEvent): StoreData | undefined {
  if (log.kind === 'counted') {
    const without = uncountEvent(log.log, windows, event);
    return without && { ...encodeCounterLog(without) };
  }
  const without = withoutEvent(log.events, event);
  return without && { ...encodeEventLog(without) };
}

/** The events' times of an exact log (what vetoes and `peek` read); `undefined` for a counted one. */
export function windowLogTimes(log: WindowLog): number[] | undefined {
  return log.kind === 'exact' ? timesOf(log.events) : undefined;
}

/** How many admissions the log holds over its longest window. */
export function windowLogSize(log: WindowLog, windows: readonly ThrottleWindow[]): number {
  return log.kind === 'exact' ? log.events.length : countedEvents(log.log, windows);
}

/**
 * One window of the log at `now`: its count and the age of its oldest counted event. An exact
 * log counts events with now - t < windowMs, as the limits do.
 */
export function windowLogTally(log: WindowLog, window: ThrottleWindow, now: number): { count: number; oldestAgeMs: number } {
  if (log.kind === 'counted') return tallyCounterWindow(log.log, window, now);
  const inside = timesOf(log.events).filter((t) => now - t < window.windowMs);
  return { count: inside.length, oldestAgeMs: inside.length === 0 ? 0 : Math.max(0, now - Math.min(...inside)) };
}
