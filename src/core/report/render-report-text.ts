import type { Report } from './report-types';

/** Rows shown per ranked table in the terminal (the JSON has them all). */
export const TERMINAL_ROWS = 10;

type Cell = string | number;

/** Columns two spaces apart: numbers right-aligned, text left-aligned. */
function table(header: Cell[], rows: Cell[][]): string[] {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number' || /^[\d.]+%?$/.test(String(row[column]))));
  const align = (cell: string, column: number) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]));
  return all.map((row) => `  ${row.map(align).join('  ')}`.trimEnd());
}

function section(title: string, lines: string[], empty: string): string[] {
  return ['', title, ...(lines.length > 0 ? lines : [`  ${empty}`])];
}

function percent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}

function amount(value: number, currency: string): string {
  return `${value.toFixed(4)} ${currency}`;
}

/** Conversion of each bucket with starts, as a short trend: `50% 20% 10%`. */
function conversionTrend(report: Report, country: string): string {
  const rates = report.conversion.trend.map((point) => point.byCountry[country]).filter((counts) => counts && counts.started > 0);
  return rates
    .slice(-6)
    .map((counts) => percent(counts.rate))
    .join(' ');
}

function decisionLines(report: Report): string[] {
  const rows = report.byEndpoint.map((row) => [row.endpoint, row.allowed, row.refused, row.failed, row.other]);
  rows.push(['total', report.totals.allowed, report.totals.refused, report.totals.failed, report.totals.other]);
  return table(['endpoint', 'allowed', 'refused', 'failed', 'other'], rows);
}

function moneyLines(report: Report): string[] {
  const { money } = report;
  const lines = [
    `  not spent (refused): ${amount(money.notSpent, money.currency)}   spent (allowed): ${amount(money.allowedCost, money.currency)}`,
    `  an estimate from the Pricing API's lowest price per country (SMS, codes) and prefix (calls, first minute); ${money.unpricedRefused} refused sends without a price`,
  ];
  const rows = money.byCountry.slice(0, TERMINAL_ROWS).map((row) => [row.country, row.refusedSms, row.refusedCalls, row.notSpent.toFixed(4), row.allowedCost.toFixed(4)]);
  return rows.length > 0 ? [...lines, ...table(['country', 'refused sms/codes', 'refused calls', 'not spent', 'spent'], rows)] : lines;
}

/**
 * The terminal summary of a report: one section per figure, the ranked ones cut to TERMINAL_ROWS.
 *
 * @example
 * io.stdout.write(renderReportText(report));
 */
export function renderReportText(report: Report): string {
  const top = <T>(rows: T[]) => rows.slice(0, TERMINAL_ROWS);
  const skipped = Object.entries(report.lines.skippedBy).map(([why, count]) => `${why} ${count}`);
  const lines = [
    `gatekeeper report: ${report.account}, ${report.range.since} to ${report.range.until}`,
    `  ${report.lines.read} log lines read: ${report.lines.used} decision and alert records, ${report.lines.skipped} skipped${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}`,
    ...(report.lines.incompleteSeconds > 0 ? [`  INCOMPLETE: ${report.lines.incompleteSeconds} seconds held more than the 10,000 lines one Logs API query returns; the rest of their lines were not read`] : []),
    ...section('Decisions by endpoint', decisionLines(report), 'no decisions in this range'),
    ...section('Refusals by rule', report.byRule.length > 0 ? table(['endpoint', 'rule', 'refused'], top(report.byRule).map((r) => [r.endpoint, r.rule, r.refused])) : [], 'none'),
    ...section('By country', report.byCountry.length > 0 ? table(['country', 'allowed', 'refused'], top(report.byCountry).map((r) => [r.country, r.allowed, r.refused])) : [], 'none'),
    ...section('By range (masked prefix)', report.byRange.length > 0 ? table(['range', 'country', 'allowed', 'refused'], top(report.byRange).map((r) => [r.range, r.country, r.allowed, r.refused])) : [], 'none'),
    ...section(
      'Verification conversion per country',
      report.conversion.byCountry.length > 0 ? table(['country', 'codes sent', 'approved', 'rate', 'trend'], top(report.conversion.byCountry).map((r) => [r.country, r.started, r.approved, percent(r.rate), conversionTrend(report, r.country)])) : [],
      'no codes sent',
    ),
    ...section('Adaptive blocks and backoffs', report.adaptive.length > 0 ? table(['rule', 'refused', 'would refuse', 'scopes'], report.adaptive.map((r) => [r.rule, r.refused, r.wouldRefuse, r.scopes])) : [], 'none'),
    ...section('Gate mode changes', report.modeChanges.map((c) => `  ${c.at}  ${c.from ?? '(start)'} -> ${c.to}  (seen in ${c.seenIn})`), 'none seen'),
    ...section('Usage and debugger alerts', report.alerts.length > 0 ? table(['alert', 'count', 'last'], report.alerts.map((a) => [[a.source, a.subject, a.outcome, a.action].filter(Boolean).join(' '), a.count, a.last])) : [], 'none'),
    ...section('Callers refused by the TDoS guard', report.topRefusedCallers.length > 0 ? table(['caller', 'refused'], top(report.topRefusedCallers).map((r) => [r.caller, r.refused])) : [], 'none'),
    ...section('Store incidents (decided without the store)', report.storeIncidents.length > 0 ? table(['where', 'count'], report.storeIncidents.map((r) => [r.kind, r.count])) : [], 'none'),
    ...section(`Money (${report.money.currency}, estimate)`, moneyLines(report), ''),
  ];
  return `${lines.join('\n')}\n`;
}
