import { addLogLine, bucketWidth, countriesToPrice, createReportState, finishReport, type Report } from '../../core/report';
import { fetchPriceTable } from './pricing-source';
import { readServerlessLogs, type LogReadProgress, type LogsFetch } from './serverless-log-source';

export interface BuildReportOptions {
  fetch: LogsFetch;
  serviceSid: string;
  environmentSid: string;
  since: number;
  until: number;
  /** Who the report is about, shown at its top (`account AC...`, `local emulator`). */
  account: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onProgress?: (progress: LogReadProgress) => void;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the range's function logs through the Logs API, counts them, then prices the sends it
 * saw with the Pricing API (only the countries that occur) and returns the report.
 *
 * @example
 * const report = await buildReport({ fetch, serviceSid, environmentSid, since, until, account: 'account AC...' });
 */
export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const state = createReportState(options.since, options.until, bucketWidth(options.since, options.until), options.account);
  const read = await readServerlessLogs(
    {
      serviceSid: options.serviceSid,
      environmentSid: options.environmentSid,
      since: options.since,
      until: options.until,
      fetch: options.fetch,
      sleep: options.sleep ?? sleepFor,
      now: options.now ?? Date.now,
      onProgress: options.onProgress,
    },
    (lines) => {
      for (const line of lines) addLogLine(state, line);
    },
  );
  const report = finishReport(state, await fetchPriceTable(options.fetch, countriesToPrice(state)));
  return { ...report, lines: { ...report.lines, incompleteSeconds: read.incompleteWindows } };
}
