import type { AlertEvent, BillableKind, DecisionEvent, Verdict } from './decision-event';
import type { VerdictCounts } from './report-types';

/** Counts that are added up while lines are read; turned into a `Report` by `finishReport`. */
export interface ReportState {
  since: number;
  until: number;
  bucketMs: number;
  account: string;
  read: number;
  used: number;
  skippedBy: Map<string, number>;
  endpoints: Map<string, VerdictCounts>;
  /** `endpoint\u0000rule` -> refusals. */
  rules: Map<string, number>;
  countries: Map<string, { allowed: number; refused: number }>;
  ranges: Map<string, { country: string; allowed: number; refused: number }>;
  /** Conversion: codes sent per country and bucket. */
  started: Map<string, Map<number, number>>;
  /** Approved checks per masked number and bucket; their country comes from the starts at the end. */
  approvals: Map<string, Map<number, number>>;
  /** The country of each masked number a code was started for. */
  numberCountry: Map<string, string>;
  adaptive: Map<string, { refused: number; wouldRefuse: number; scopes: Set<string> }>;
  /** Every gate mode a decision or alert named, in read order; sorted at the end. */
  modes: { at: number; mode: string; seenIn: string }[];
  alerts: Map<string, { event: AlertEvent; count: number; last: number }>;
  callers: Map<string, number>;
  storeIncidents: Map<string, number>;
  /** `verdict|kind|country|range|bucket` -> sends, priced at the end. */
  billable: Map<string, number>;
  timeline: Map<number, { allowed: number; refused: number }>;
}

/** An empty state for a report over `[since, until)` with time series buckets of `bucketMs`. */
export function createReportState(since: number, until: number, bucketMs: number, account: string): ReportState {
  return {
    since,
    until,
    bucketMs,
    account,
    read: 0,
    used: 0,
    skippedBy: new Map(),
    endpoints: new Map(),
    rules: new Map(),
    countries: new Map(),
    ranges: new Map(),
    started: new Map(),
    approvals: new Map(),
    numberCountry: new Map(),
    adaptive: new Map(),
    modes: [],
    alerts: new Map(),
    callers: new Map(),
    storeIncidents: new Map(),
    billable: new Map(),
    timeline: new Map(),
  };
}

/** Adds one to a counter map. */
export function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function nested<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** The key a billable send is counted under until it is priced. */
export function billableKey(verdict: Verdict, kind: BillableKind, country: string, range: string, bucket: number): string {
  return `${verdict}|${kind}|${country}|${range}|${bucket}`;
}

/** Unknown countries are counted under this name. */
export const UNKNOWN_COUNTRY = '??';

function bucketOf(state: ReportState, at: number): number {
  const clamped = Math.min(Math.max(at, state.since), state.until - 1);
  return Math.floor(clamped / state.bucketMs) * state.bucketMs;
}

function addConversion(state: ReportState, event: DecisionEvent, bucket: number): void {
  if (event.endpoint === 'verify/start' && event.verdict === 'allowed') {
    const country = event.country ?? UNKNOWN_COUNTRY;
    increment(nested(state.started, country, () => new Map<number, number>()), bucket);
    if (event.number) state.numberCountry.set(event.number, country);
  }
  if (event.endpoint === 'verify/check' && event.approved && event.number) {
    increment(nested(state.approvals, event.number, () => new Map<number, number>()), bucket);
  }
}

function addSideFacts(state: ReportState, event: DecisionEvent): void {
  if (event.adaptive) {
    const entry = nested(state.adaptive, event.adaptive.rule, () => ({ refused: 0, wouldRefuse: 0, scopes: new Set<string>() }));
    if (event.adaptive.refused) entry.refused += 1;
    else entry.wouldRefuse += 1;
    if (event.adaptive.scope) entry.scopes.add(event.adaptive.scope);
  }
  if (event.gateMode) state.modes.push({ at: event.at, mode: event.gateMode, seenIn: event.endpoint });
  if (event.storeIncident) increment(state.storeIncidents, event.storeIncident);
  if (event.endpoint === 'voice/inbound' && event.verdict === 'refused' && event.number) increment(state.callers, event.number);
}

/** Counts one decision everywhere it shows. */
export function addDecision(state: ReportState, event: DecisionEvent): void {
  const bucket = bucketOf(state, event.at);
  const counts = nested(state.endpoints, event.endpoint, () => ({ allowed: 0, refused: 0, failed: 0, other: 0 }));
  counts[event.verdict] += 1;
  if (event.rule) increment(state.rules, `${event.endpoint}\u0000${event.rule}`);
  const country = event.country ?? UNKNOWN_COUNTRY;
  if (event.verdict === 'allowed' || event.verdict === 'refused') {
    nested(state.countries, country, () => ({ allowed: 0, refused: 0 }))[event.verdict] += 1;
    if (event.range) nested(state.ranges, event.range, () => ({ country, allowed: 0, refused: 0 }))[event.verdict] += 1;
    nested(state.timeline, bucket, () => ({ allowed: 0, refused: 0 }))[event.verdict] += 1;
    if (event.billable) increment(state.billable, billableKey(event.verdict, event.billable, country, event.range ?? '', bucket));
  }
  addConversion(state, event, bucket);
  addSideFacts(state, event);
}

/** Counts one alert (grouped by source, outcome, action and subject). */
export function addAlert(state: ReportState, event: AlertEvent): void {
  const key = [event.source, event.outcome, event.action ?? '', event.subject ?? ''].join('\u0000');
  const entry = nested(state.alerts, key, () => ({ event, count: 0, last: event.at }));
  entry.count += 1;
  entry.last = Math.max(entry.last, event.at);
  if (event.gateMode) state.modes.push({ at: event.at, mode: event.gateMode, seenIn: `${event.source} alert` });
}
