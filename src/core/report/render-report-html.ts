import type { Report } from './report-types';

export interface ReportHtmlOptions {
  /** The charting library's browser build (Chart.js UMD), inlined so the page needs no network. */
  chartLibrary: string;
  /** Reload the page every N seconds (the `--serve` dashboard); none when absent. */
  refreshSeconds?: number;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML: log fields are data, never markup. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** JSON safe inside a `<script>` element: no `<` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function htmlTable(id: string, caption: string, header: string[], rows: unknown[][]): string {
  const head = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.length > 0 ? rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n') : `<tr><td colspan="${header.length}">none</td></tr>`;
  return `<table id="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function totalsBlock(report: Report): string {
  const { totals, money } = report;
  const figure = (id: string, label: string, value: string | number) => `<div class="figure"><span class="value" id="${id}">${escapeHtml(value)}</span><span class="label">${escapeHtml(label)}</span></div>`;
  return [
    figure('total-decisions', 'decisions', totals.decisions),
    figure('total-allowed', 'allowed', totals.allowed),
    figure('total-refused', 'refused', totals.refused),
    figure('total-failed', 'failed upstream', totals.failed),
    figure('money-not-spent', `not spent (${money.currency}, estimate)`, money.notSpent.toFixed(4)),
    figure('money-allowed', `spent on allowed (${money.currency}, estimate)`, money.allowedCost.toFixed(4)),
  ].join('\n');
}

function tables(report: Report): string {
  const { money } = report;
  return [
    htmlTable('table-endpoints', 'Decisions by endpoint', ['endpoint', 'allowed', 'refused', 'failed', 'other'], report.byEndpoint.map((r) => [r.endpoint, r.allowed, r.refused, r.failed, r.other])),
    htmlTable('table-rules', 'Refusals by rule', ['endpoint', 'rule', 'refused'], report.byRule.map((r) => [r.endpoint, r.rule, r.refused])),
    htmlTable('table-countries', 'By country', ['country', 'allowed', 'refused'], report.byCountry.map((r) => [r.country, r.allowed, r.refused])),
    htmlTable('table-ranges', 'By range (masked prefix)', ['range', 'country', 'allowed', 'refused'], report.byRange.map((r) => [r.range, r.country, r.allowed, r.refused])),
    htmlTable('table-conversion', 'Verification conversion per country', ['country', 'codes sent', 'approved', 'rate'], report.conversion.byCountry.map((r) => [r.country, r.started, r.approved, r.rate === null ? '-' : `${(r.rate * 100).toFixed(1)}%`])),
    htmlTable('table-adaptive', 'Adaptive blocks and backoffs', ['rule', 'refused', 'would refuse', 'scopes'], report.adaptive.map((r) => [r.rule, r.refused, r.wouldRefuse, r.scopes])),
    htmlTable('table-modes', 'Gate mode changes', ['at', 'from', 'to', 'seen in'], report.modeChanges.map((c) => [c.at, c.from ?? '(start)', c.to, c.seenIn])),
    htmlTable('table-alerts', 'Usage and debugger alerts', ['source', 'subject', 'outcome', 'action', 'count', 'last'], report.alerts.map((a) => [a.source, a.subject ?? '', a.outcome, a.action ?? '', a.count, a.last])),
    htmlTable('table-callers', 'Callers refused by the TDoS guard', ['caller', 'refused'], report.topRefusedCallers.map((r) => [r.caller, r.refused])),
    htmlTable('table-store', 'Store incidents', ['where', 'count'], report.storeIncidents.map((r) => [r.kind, r.count])),
    htmlTable('table-money', `Money by country (${money.currency}, estimate; ${money.unpricedRefused} refused sends unpriced)`, ['country', 'refused SMS and codes', 'refused calls', 'not spent', 'spent'], money.byCountry.map((r) => [r.country, r.refusedSms, r.refusedCalls, r.notSpent.toFixed(4), r.allowedCost.toFixed(4)])),
  ].join('\n');
}

/** The script that draws the charts from the embedded report (no animation: drawn at once). */
const CHARTS_SCRIPT = `
(function () {
  var report = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  var pad = function (n) { return String(n).padStart(2, '0'); };
  var label = function (ms) { var d = new Date(ms); return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); };
  var times = report.timeline.points.map(function (p) { return label(p.start); });
  var colors = ['#2b6cb0', '#c53030', '#2f855a', '#b7791f', '#6b46c1', '#00838f', '#d53f8c', '#4a5568'];
  var draw = function (id, config) { new Chart(document.getElementById(id), config); };
  draw('chart-timeline', { type: 'bar', data: { labels: times, datasets: [
    { label: 'allowed', data: report.timeline.points.map(function (p) { return p.allowed; }), backgroundColor: colors[2] },
    { label: 'refused', data: report.timeline.points.map(function (p) { return p.refused; }), backgroundColor: colors[1] }
  ] }, options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
  var rules = report.byRule.slice(0, 15);
  draw('chart-rules', { type: 'bar', data: { labels: rules.map(function (r) { return r.endpoint + ' ' + r.rule; }), datasets: [
    { label: 'refused', data: rules.map(function (r) { return r.refused; }), backgroundColor: colors[1] }
  ] }, options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } } });
  var countries = report.byCountry.slice(0, 15);
  draw('chart-countries', { type: 'bar', data: { labels: countries.map(function (r) { return r.country; }), datasets: [
    { label: 'allowed', data: countries.map(function (r) { return r.allowed; }), backgroundColor: colors[2] },
    { label: 'refused', data: countries.map(function (r) { return r.refused; }), backgroundColor: colors[1] }
  ] }, options: { scales: { y: { beginAtZero: true } } } });
  var converting = report.conversion.byCountry.slice(0, 8);
  draw('chart-conversion', { type: 'line', data: { labels: times, datasets: converting.map(function (c, i) {
    return { label: c.country, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length], spanGaps: true,
      data: report.conversion.trend.map(function (p) { var k = p.byCountry[c.country]; return k && k.rate !== null ? Math.round(k.rate * 1000) / 10 : null; }) };
  }) }, options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% approved' } } } } });
  draw('chart-money', { type: 'line', data: { labels: times, datasets: [
    { label: 'not spent (' + report.money.currency + ')', data: report.timeline.points.map(function (p) { return p.notSpent; }), borderColor: colors[0], backgroundColor: colors[0], fill: false },
    { label: 'spent on allowed (' + report.money.currency + ')', data: report.timeline.points.map(function (p) { return p.allowedCost; }), borderColor: colors[3], backgroundColor: colors[3], fill: false }
  ] }, options: { scales: { y: { beginAtZero: true } } } });
  document.body.setAttribute('data-charts', 'drawn');
})();
`;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1a202c; background: #fff; }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: #4a5568; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.figure { border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.figure .value { display: block; font-size: 22px; font-weight: 600; }
.figure .label { color: #4a5568; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
.chart { border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px; }
.chart h2 { font-size: 14px; margin: 0 0 6px; }
.chart div { position: relative; height: 260px; }
table { border-collapse: collapse; margin: 20px 0; min-width: 420px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 3px 10px; text-align: left; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
.note { color: #4a5568; font-size: 12px; }
`;

function chartBox(id: string, title: string): string {
  return `<section class="chart"><h2>${escapeHtml(title)}</h2><div><canvas id="${id}" role="img" aria-label="${escapeHtml(title)}"></canvas></div></section>`;
}

/**
 * The report as one self-contained HTML page: the charting library and the data are inlined, and
 * a Content-Security-Policy forbids every network request, so the file opens anywhere offline.
 *
 * @example
 * writeFileSync('report.html', renderReportHtml(report, { chartLibrary: readFileSync(chartJsPath, 'utf8') }));
 */
export function renderReportHtml(report: Report, options: ReportHtmlOptions): string {
  const library = options.chartLibrary.replace(/<\/script/gi, '<\\/script');
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${Math.max(1, Math.floor(options.refreshSeconds))}">` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
${refresh}
<title>gatekeeper report: ${escapeHtml(report.range.since)} to ${escapeHtml(report.range.until)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>What the gate stopped and what it saved</h1>
<p id="report-account">${escapeHtml(report.account)}</p>
<p id="report-range">${escapeHtml(report.range.since)} to ${escapeHtml(report.range.until)} · ${report.lines.read} log lines read, ${report.lines.skipped} skipped</p>
</header>
<div class="figures">
${totalsBlock(report)}
</div>
<div class="charts">
${chartBox('chart-timeline', 'Allowed and refused over time')}
${chartBox('chart-rules', 'Refusals by rule')}
${chartBox('chart-countries', 'Decisions by country')}
${chartBox('chart-conversion', 'Verification conversion per country over time')}
${chartBox('chart-money', 'Money not spent over time (estimate)')}
</div>
<p class="note">Money is an estimate: each refused send, call (first minute) or code priced at the Pricing API's lowest price for its country or prefix. Counts are exact over the log lines read; Twilio keeps function logs 30 days.</p>
${tables(report)}
<script type="application/json" id="report-data">${scriptJson(report)}</script>
<script>${library}</script>
<script>${CHARTS_SCRIPT}</script>
</body>
</html>
`;
}
