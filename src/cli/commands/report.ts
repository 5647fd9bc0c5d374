import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReportHtml, renderReportText, type Report } from '../../core/report';
import { connectAccount } from '../account-connection';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { buildReport } from '../report/build-report';
import { clientFetch } from '../report/client-fetch';
import { readChartLibrary } from '../report/chart-library';
import { deployedServiceSid, findServiceTarget } from '../report/find-service';
import { progressBar } from '../report/progress-bar';
import { reportRange } from '../report/report-range';
import { LogReadError } from '../report/serverless-log-source';
import { ReportPageCache, SERVE_REFRESH_MS, serveReport } from '../report/serve-report';

export const REPORT_USAGE = `Usage: gatekeeper report [--since 24h|7d|DATE] [--until DATE] [--json] [--html FILE] [--serve [--port N]]
                         [--local] [--service ZS...|NAME] [--environment NAME]

What the gate allowed, refused and saved, from the functions' decision logs (the Serverless Logs
API; locally the emulator's, which npm start feeds): decisions by endpoint and outcome, refusals by
rule, country and masked range, verification conversion, adaptive blocks, gate mode changes,
alerts, callers refused by the TDoS guard, store incidents, and money not spent (an estimate
from the Pricing API). docs/report.md explains every figure.

  --since, --until  a duration ago (30m, 24h, 7d) or a date-time (2026-12-04T08:00:00Z);
                    default the last 24 hours. Twilio keeps function logs 30 days.
  --json            print the report as one JSON object instead of the summary
  --html FILE       also write the report as one self-contained page with charts
  --serve           serve that page on 127.0.0.1 (--port, default 4141), rebuilt every minute;
                    your credentials stay in this process
  --local           read the npm start stack's emulator
  --service, --environment
                    which deployment: default the service in .twiliodeployinfo (else the one
                    named gatekeeper) and its only environment
`;

export const DEFAULT_SERVE_PORT = 4141;

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: false,
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
      local: { type: 'boolean' },
      service: { type: 'string' },
      environment: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return DEFAULT_SERVE_PORT;
  const port = Number(text);
  return /^\d{1,5}$/.test(text) && port <= 65535 ? port : undefined;
}

/** Waits for Ctrl-C or a termination signal. */
function untilStopped(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function serve(io: CliIo, port: number, makeReport: (quiet: boolean) => Promise<Report>): Promise<number> {
  const chartLibrary = readChartLibrary();
  const cache = new ReportPageCache(async () => renderReportHtml(await makeReport(true), { chartLibrary, refreshSeconds: SERVE_REFRESH_MS / 1000 }));
  const { server, url } = await serveReport(cache, port, (error) => io.stderr.write(`gatekeeper report: ${error instanceof Error ? error.message : String(error)}\n`));
  io.stdout.write(`report: serving ${url} (rebuilt every ${SERVE_REFRESH_MS / 1000} s; Ctrl-C stops)\n`);
  await untilStopped();
  await new Promise((done) => server.close(done));
  return EXIT_OK;
}

async function run(io: CliIo, values: Values): Promise<number> {
  const port = values.serve ? parsePort(values.port) : undefined;
  if (values.serve && port === undefined) return usageError(io, 'report', `--port '${values.port}' is not a port number`);
  const first = reportRange(values.since, values.until, Date.now());
  if (!first.ok) return usageError(io, 'report', first.problem);
  const connection = connectAccount(io, values.local === true);
  if (!connection.ok) return usageError(io, 'report', connection.problem);
  const fetch = clientFetch(connection.client);
  const accountSid = connection.client.accountSid;
  const deployedSid = values.local ? undefined : deployedServiceSid(io.cwd ?? process.cwd(), accountSid);
  const target = await findServiceTarget(fetch, { service: values.service, environment: values.environment, deployedSid });
  if (!target.ok) {
    io.stderr.write(`gatekeeper report: ${target.problem}\n`);
    return EXIT_FAILED;
  }
  if (first.note) io.stderr.write(`report: ${first.note}\n`);
  const makeReport = async (quiet: boolean) => {
    // A served dashboard moves its range with the clock; a one-off report keeps the one it was given.
    const range = quiet ? reportRange(values.since, values.until, Date.now()) : first;
    if (!range.ok) throw new Error(range.problem);
    const bar = progressBar(quiet ? { write: () => undefined } : io.stderr, range.since, range.until);
    const report = await buildReport({ fetch, ...target, since: range.since, until: range.until, account: `${connection.target}, ${target.label}`, onProgress: bar.update });
    bar.done();
    return report;
  };
  if (values.serve) return serve(io, port as number, makeReport);
  const report = await makeReport(false);
  if (values.html) {
    const file = resolve(io.cwd ?? process.cwd(), values.html);
    writeFileSync(file, renderReportHtml(report, { chartLibrary: readChartLibrary() }));
    io.stderr.write(`report: wrote ${file}\n`);
  }
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report));
  return EXIT_OK;
}

/**
 * `gatekeeper report`: see REPORT_USAGE. Resolves to the exit code (1 when the logs could not be
 * read, 2 on bad usage).
 *
 * @example
 * await runReportCommand(['--local', '--since', '1h', '--json'], io) // 0
 */
export async function runReportCommand(args: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  try {
    values = parse(args).values;
  } catch (error) {
    return usageError(io, 'report', `${(error as Error).message}\n\n${REPORT_USAGE}`);
  }
  if (values.help) {
    io.stdout.write(REPORT_USAGE);
    return EXIT_OK;
  }
  try {
    return await run(io, values);
  } catch (error) {
    if (!(error instanceof LogReadError)) throw error;
    io.stderr.write(`gatekeeper report: ${error.message}\n`);
    return EXIT_FAILED;
  }
}
