/**
 * The report over 100,000 decision log lines: parsing every line, counting it, pricing the sends
 * and rendering the terminal summary and the HTML page, timed end to end in one process (median
 * of RUNS runs after a warm-up, with the range). Target: under 10 s, i.e. at least 10,000 lines/s.
 *
 * Reading the lines from Twilio is a separate figure: the Logs API allows 5 requests per second
 * of at most 1,000 lines, a ceiling of 5,000 lines/s (100,000 lines take at least 20 s whatever
 * the reader does). `report.readLinesPerSecond` is the paced reader's rate through the emulator's
 * Logs API, which enforces that limit, over READ_LINES lines (docs/report.md).
 */
import { loadavg } from 'node:os';
import { startEmulator } from '../emulator';
import { EmulatorControl } from '../emulator/control/control-client';
import { PRICING_FIXTURE } from '../emulator/pricing/pricing-fixture';
import { buildReport } from '../src/cli/report/build-report';
import { readChartLibrary } from '../src/cli/report/chart-library';
import { clientFetch } from '../src/cli/report/client-fetch';
import { createTwilioClient } from '../src/core/twilio';
import { addLogLine, buildPriceTable, createReportState, finishReport, renderReportHtml, renderReportText, type LogLine } from '../src/core/report';
import * as lines from '../test/unit/report/report-lines';
import { median, report, round, timeMs } from './stats';

const LINES = 100_000;
const RUNS = 5;
/** Lines read through the emulator's Logs API (20 pages: about 4 s at 5 requests per second). */
const READ_LINES = 20_000;
const DAY = 24 * 3600_000;
const COUNTRIES = [
  ['GB', '+4474'],
  ['US', '+1202'],
  ['LV', '+3712'],
  ['AF', '+9370'],
  ['DE', '+4915'],
  ['NG', '+2348'],
  ['ID', '+6281'],
  ['FR', '+3361'],
] as const;

/** A day of traffic: mostly allowed codes, checks and sends, a pumping share refused, a TDoS burst. */
function traffic(): LogLine[] {
  const out: LogLine[] = [];
  for (let i = 0; i < LINES; i += 1) {
    const at = Math.floor((i / LINES) * DAY);
    const [country, range] = COUNTRIES[i % COUNTRIES.length];
    const number = `${range}******${String(i % 100).padStart(2, '0')}~${(i % 65536).toString(16).padStart(8, '0')}`;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        out.push(lines.verifySent(at, number, country));
        break;
      case 3:
        out.push(lines.verifyCheck(at, number, i % 3 === 0));
        break;
      case 4:
        out.push(lines.verifyThrottled(at, number, country));
        break;
      case 5:
        out.push(lines.requestRefused(at));
        break;
      case 6:
        out.push(lines.verifyCountryDenied(at, number, country));
        break;
      case 7:
        out.push(lines.smsOutbound(at, i % 4 === 0 ? 'refused' : 'sent', number, country));
        break;
      case 8:
        out.push(lines.voiceOutbound(at, i % 4 === 0 ? 'refused' : 'placed', number, country));
        break;
      default:
        out.push(i % 50 === 9 ? lines.usageAlert(at) : lines.inboundCallRejected(at, `+1415******${String(i % 7).padStart(2, '0')}~dddddd0${i % 7}`));
    }
  }
  return out;
}

const prices = buildPriceTable(
  Object.entries(PRICING_FIXTURE).map(([iso, p]) => ({ iso_country: iso, price_unit: 'USD', outbound_sms_prices: p.sms.map((c) => ({ prices: [{ current_price: c.mobile }] })) })),
  Object.entries(PRICING_FIXTURE).map(([iso, p]) => ({ iso_country: iso, price_unit: 'USD', outbound_prefix_prices: p.voice.map((v) => ({ prefixes: v.prefixes, current_price: v.perMinute })) })),
);
const chartLibrary = readChartLibrary();
const input = traffic();
const load = loadavg()[0];
let checksum = 0;

const runOnce = () => {
  const state = createReportState(lines.SINCE, lines.SINCE + DAY, 3_600_000, 'bench');
  for (const line of input) addLogLine(state, line);
  const result = finishReport(state, prices);
  checksum += renderReportText(result).length + renderReportHtml(result, { chartLibrary }).length + result.totals.decisions;
};

/** Feeds READ_LINES of the traffic into an emulator and times a whole `buildReport` over them. */
async function timeRead(): Promise<{ ms: number; decisions: number }> {
  const emulator = await startEmulator({ quiet: true });
  try {
    const accountSid = `AC${'0'.repeat(31)}1`;
    const client = createTwilioClient({ getTwilioClient: () => { throw new Error('unused'); }, ACCOUNT_SID: accountSid, AUTH_TOKEN: 'bench-token', TWILIO_API_BASE_URL: emulator.url });
    const service = await client.serverless.v1.services.create({ uniqueName: 'gatekeeper', friendlyName: 'bench' });
    const environment = await client.serverless.v1.services(service.sid).environments.create({ uniqueName: 'bench' });
    const control = new EmulatorControl(emulator.url);
    // Batches within the control API's 64 KiB body limit, 500 lines per second of emulator time
    // (a busy deployment; more than 10,000 in one second cannot be read back whole).
    const since = await control.advanceClock(0);
    for (let start = 0; start < READ_LINES; start += 50) {
      await control.feedLogs(service.sid, environment.sid, input.slice(start, start + 50).map((line) => ({ function: 'verify/start', message: line.message })));
      await control.advanceClock(100);
    }
    const until = await control.advanceClock(1000);
    const started = performance.now();
    const result = await buildReport({ fetch: clientFetch(client), serviceSid: service.sid, environmentSid: environment.sid, since, until, account: 'bench' });
    return { ms: performance.now() - started, decisions: result.lines.read };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
runOnce();
const times: number[] = [];
const cpu: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const before = process.cpuUsage();
  times.push(timeMs(runOnce));
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
}
const medianMs = median(times);
const read = await timeRead();
if (read.decisions !== READ_LINES) throw new Error(`report bench: read ${read.decisions} of ${READ_LINES} lines`);
report(
  [
    `report: ${LINES} log lines x ${RUNS} runs (parse, count, price, render text and HTML; checksum ${checksum}; load ${round(load, 2)})`,
    `  median ${round(medianMs / 1000, 2)} s (range ${round(Math.min(...times) / 1000, 2)}-${round(Math.max(...times) / 1000, 2)} s), cpu median ${round(median(cpu) / 1000, 2)} s`,
    `  ${Math.round(LINES / (medianMs / 1000))} lines/s (target: 100,000 lines under 10 s)`,
    `  read through the emulator's Logs API: ${READ_LINES} lines in ${round(read.ms / 1000, 2)} s, ${Math.round(READ_LINES / (read.ms / 1000))} lines/s (ceiling 5,000: 5 requests/s x 1,000 lines)`,
  ],
  {
    report: {
      linesPerSecond: Math.round(LINES / (medianMs / 1000)),
      medianMs: round(medianMs, 1),
      minMs: round(Math.min(...times), 1),
      maxMs: round(Math.max(...times), 1),
      cpuMedianMs: round(median(cpu), 1),
      lines: LINES,
      runs: RUNS,
      loadAverage: round(load, 2),
      readLinesPerSecond: Math.round(READ_LINES / (read.ms / 1000)),
      readLines: READ_LINES,
    },
  },
);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
