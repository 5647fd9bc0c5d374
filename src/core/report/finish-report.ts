import type { BillableKind, Verdict } from './decision-event';
import { estimatePrice, type PriceTable } from './price-table';
import { UNKNOWN_COUNTRY, type ReportState } from './report-state';
import type { ConversionCounts, MoneyFigures, Report, TimelinePoint } from './report-types';
import { bucketStarts } from './time-buckets';

/** How many rows the ranked tables keep (the JSON keeps all countries and rules). */
export const TOP_ROWS = 20;

/** Rounds money to a millionth: sums of float prices otherwise show 0.30000000000000004. */
function money(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function conversion(started: number, approved: number): ConversionCounts {
  return { started, approved, rate: started === 0 ? null : Math.round((approved / started) * 1e4) / 1e4 };
}

/** Countries (and billable keys) the report needs prices for: ask the Pricing API for these only. */
export function countriesToPrice(state: ReportState): { sms: string[]; voice: string[] } {
  const sms = new Set<string>();
  const voice = new Set<string>();
  for (const key of state.billable.keys()) {
    const [, kind, country] = key.split('|');
    if (country === UNKNOWN_COUNTRY) continue;
    if (kind === 'sms') sms.add(country);
    else if (kind === 'call') voice.add(country);
  }
  return { sms: [...sms].sort(), voice: [...voice].sort() };
}

interface PricedSends {
  money: Report['money'];
  byBucket: Map<number, MoneyFigures>;
}

function priceSends(state: ReportState, prices: PriceTable): PricedSends {
  const byCountry = new Map<string, MoneyFigures & { country: string; refusedSms: number; refusedCalls: number }>();
  const byBucket = new Map<number, MoneyFigures>();
  const total: MoneyFigures = { notSpent: 0, allowedCost: 0 };
  let unpricedRefused = 0;
  for (const [key, count] of state.billable) {
    const [verdict, kind, country, range, bucket] = key.split('|') as [Verdict, BillableKind, string, string, string];
    const row = byCountry.get(country) ?? { country, notSpent: 0, allowedCost: 0, refusedSms: 0, refusedCalls: 0 };
    byCountry.set(country, row);
    if (verdict === 'refused' && kind !== 'whatsapp') row[kind === 'sms' ? 'refusedSms' : 'refusedCalls'] += count;
    const unit = estimatePrice(prices, kind, country === UNKNOWN_COUNTRY ? undefined : country, range);
    if (unit === undefined) {
      if (verdict === 'refused') unpricedRefused += count;
      continue;
    }
    const field = verdict === 'refused' ? 'notSpent' : 'allowedCost';
    const amount = unit * count;
    row[field] += amount;
    total[field] += amount;
    const point = byBucket.get(Number(bucket)) ?? { notSpent: 0, allowedCost: 0 };
    point[field] += amount;
    byBucket.set(Number(bucket), point);
  }
  const rows = [...byCountry.values()]
    .map((row) => ({ ...row, notSpent: money(row.notSpent), allowedCost: money(row.allowedCost) }))
    .sort((a, b) => b.notSpent - a.notSpent || a.country.localeCompare(b.country));
  return {
    money: { currency: prices.currency, estimate: true, notSpent: money(total.notSpent), allowedCost: money(total.allowedCost), unpricedRefused, byCountry: rows },
    byBucket,
  };
}

function conversionSection(state: ReportState): Report['conversion'] {
  const approved = new Map<string, Map<number, number>>();
  for (const [number, buckets] of state.approvals) {
    const country = state.numberCountry.get(number) ?? UNKNOWN_COUNTRY;
    const perBucket = approved.get(country) ?? new Map<number, number>();
    approved.set(country, perBucket);
    for (const [bucket, count] of buckets) perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + count);
  }
  const countries = [...new Set([...state.started.keys(), ...approved.keys()])].sort();
  const sum = (map: Map<number, number> | undefined) => [...(map?.values() ?? [])].reduce((a, b) => a + b, 0);
  const byCountry = countries.map((country) => ({ country, ...conversion(sum(state.started.get(country)), sum(approved.get(country))) }));
  const trend = bucketStarts(state.since, state.until, state.bucketMs).map((start) => ({
    start,
    byCountry: Object.fromEntries(countries.map((country) => [country, conversion(state.started.get(country)?.get(start) ?? 0, approved.get(country)?.get(start) ?? 0)])),
  }));
  return { byCountry: byCountry.sort((a, b) => b.started - a.started || a.country.localeCompare(b.country)), trend };
}

function modeChanges(state: ReportState): Report['modeChanges'] {
  const changes: Report['modeChanges'] = [];
  let current: string | null = null;
  for (const seen of [...state.modes].sort((a, b) => a.at - b.at)) {
    if (seen.mode === current) continue;
    changes.push({ at: new Date(seen.at).toISOString(), from: current, to: seen.mode, seenIn: seen.seenIn });
    current = seen.mode;
  }
  return changes;
}

function ranked<T extends { refused: number }>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => b.refused - a.refused || key(a).localeCompare(key(b)));
}

/**
 * Turns the counts into the report, pricing every allowed and refused send with `prices`.
 *
 * @example
 * const report = finishReport(state, buildPriceTable(messaging, voice));
 */
export function finishReport(state: ReportState, prices: PriceTable): Report {
  const { money: moneySection, byBucket } = priceSends(state, prices);
  const endpoints = [...state.endpoints].map(([endpoint, counts]) => ({ endpoint, ...counts, total: counts.allowed + counts.refused + counts.failed + counts.other }));
  const totals = endpoints.reduce((sum, row) => ({ allowed: sum.allowed + row.allowed, refused: sum.refused + row.refused, failed: sum.failed + row.failed, other: sum.other + row.other }), { allowed: 0, refused: 0, failed: 0, other: 0 });
  const points: TimelinePoint[] = bucketStarts(state.since, state.until, state.bucketMs).map((start) => {
    const counts = state.timeline.get(start) ?? { allowed: 0, refused: 0 };
    const spent = byBucket.get(start) ?? { notSpent: 0, allowedCost: 0 };
    return { start, ...counts, notSpent: money(spent.notSpent), allowedCost: money(spent.allowedCost) };
  });
  return {
    range: { since: new Date(state.since).toISOString(), until: new Date(state.until).toISOString() },
    account: state.account,
    lines: { read: state.read, used: state.used, skipped: state.read - state.used, skippedBy: Object.fromEntries([...state.skippedBy].sort()), incompleteSeconds: 0 },
    totals: { decisions: totals.allowed + totals.refused + totals.failed + totals.other, ...totals },
    byEndpoint: endpoints.sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
    byRule: ranked(
      [...state.rules].map(([key, refused]) => {
        const [endpoint, rule] = key.split('\u0000');
        return { endpoint, rule, refused };
      }),
      (row) => `${row.endpoint} ${row.rule}`,
    ),
    byCountry: ranked([...state.countries].map(([country, counts]) => ({ country, ...counts })), (row) => row.country),
    byRange: ranked([...state.ranges].map(([range, counts]) => ({ range, ...counts })), (row) => row.range),
    conversion: conversionSection(state),
    adaptive: [...state.adaptive].map(([rule, entry]) => ({ rule, refused: entry.refused, wouldRefuse: entry.wouldRefuse, scopes: entry.scopes.size })).sort((a, b) => a.rule.localeCompare(b.rule)),
    modeChanges: modeChanges(state),
    alerts: [...state.alerts.values()]
      .map(({ event, count, last }) => ({ source: event.source, outcome: event.outcome, action: event.action ?? null, subject: event.subject ?? null, count, last: new Date(last).toISOString() }))
      .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    topRefusedCallers: ranked([...state.callers].map(([caller, refused]) => ({ caller, refused })), (row) => row.caller).slice(0, TOP_ROWS),
    storeIncidents: [...state.storeIncidents].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
    money: moneySection,
    timeline: { bucketMs: state.bucketMs, points },
  };
}
