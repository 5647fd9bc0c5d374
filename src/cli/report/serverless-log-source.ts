import type { LogLine } from '../../core/report';

/** Twilio's documented limits of the Logs API, which the reader keeps to. */
export const LOGS_MAX_RESULTS_PER_QUERY = 10_000;
export const LOGS_REQUESTS_PER_SECOND = 5;
export const LOGS_PAGE_SIZE = 1000;
/** How often a 429 is waited out before the read gives up. */
export const MAX_RATE_LIMIT_RETRIES = 8;
/** The first window read; later ones grow or shrink with how full the last one was. */
export const FIRST_WINDOW_MS = 3_600_000;
/** A window is never split below a second: at that point 10,000 lines in one second are reported. */
const MIN_WINDOW_MS = 1000;

/** One answer of the Logs API, as the reader needs it. */
export interface LogsAnswer {
  status: number;
  body: unknown;
}

/** Sends one GET to an absolute `https://serverless.twilio.com/...` URL. */
export type LogsFetch = (url: string) => Promise<LogsAnswer>;

/** How far a read got, for a progress bar. */
export interface LogReadProgress {
  /** Up to where (epoch ms) the range is read. */
  readUntil: number;
  lines: number;
  requests: number;
}

export interface LogSourceOptions {
  serviceSid: string;
  environmentSid: string;
  since: number;
  until: number;
  fetch: LogsFetch;
  /** Waits `ms` (injected so tests need not wait). */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onProgress?: (progress: LogReadProgress) => void;
}

/** The Logs API answered something the reader cannot go on from (auth, a missing service, repeated 429s). */
export class LogReadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

interface LogsPage {
  logs: { message?: unknown; date_created?: unknown }[];
  next: string | null;
}

function readPage(body: unknown): LogsPage {
  const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { logs?: unknown; meta?: { next_page_url?: unknown } };
  if (!parsed || !Array.isArray(parsed.logs)) throw new LogReadError('the Logs API answered without a logs list', 502);
  const next = parsed.meta?.next_page_url;
  return { logs: parsed.logs as LogsPage['logs'], next: typeof next === 'string' && next !== '' ? next : null };
}

/**
 * Keeps requests at most LOGS_REQUESTS_PER_SECOND per second (an even spacing), and waits out
 * a 429 before asking again. State is explicit: the time of the last request.
 */
class PacedFetch {
  private lastAt = Number.NEGATIVE_INFINITY;
  requests = 0;

  constructor(private readonly options: LogSourceOptions) {}

  async get(url: string): Promise<LogsPage> {
    for (let attempt = 0; ; attempt += 1) {
      const wait = this.lastAt + 1000 / LOGS_REQUESTS_PER_SECOND - this.options.now();
      if (wait > 0) await this.options.sleep(wait);
      this.lastAt = this.options.now();
      this.requests += 1;
      const answer = await this.options.fetch(url);
      if (answer.status === 200) return readPage(answer.body);
      if (answer.status !== 429) throw new LogReadError(`the Logs API answered HTTP ${answer.status}`, answer.status);
      if (attempt >= MAX_RATE_LIMIT_RETRIES) throw new LogReadError(`the Logs API still answered 429 after ${MAX_RATE_LIMIT_RETRIES} waits`, 429);
      await this.options.sleep(1000 * (attempt + 1));
    }
  }
}

function logsUrl(options: LogSourceOptions, start: number, end: number): string {
  const query = new URLSearchParams({ StartDate: new Date(start).toISOString(), EndDate: new Date(end).toISOString(), PageSize: String(LOGS_PAGE_SIZE) });
  return `https://serverless.twilio.com/v1/Services/${options.serviceSid}/Environments/${options.environmentSid}/Logs?${query}`;
}

/** Every line of one window `[start, end]`, or `null` when it holds the query limit (it must be split). */
async function readWindow(paced: PacedFetch, options: LogSourceOptions, start: number, end: number): Promise<LogLine[] | null> {
  const lines: LogLine[] = [];
  let url: string | null = logsUrl(options, start, end);
  while (url) {
    const page: LogsPage = await paced.get(url);
    for (const log of page.logs) {
      const at = typeof log.date_created === 'string' ? Date.parse(log.date_created) : Number.NaN;
      lines.push({ at: Number.isFinite(at) ? at : start, message: typeof log.message === 'string' ? log.message : '' });
    }
    url = page.next;
  }
  return lines.length >= LOGS_MAX_RESULTS_PER_QUERY && end - start > MIN_WINDOW_MS ? null : lines;
}

/**
 * Reads an Environment's function logs over `[since, until)` through the Logs API, oldest window
 * first, handing each window's lines to `onLines`. One query returns at most 10,000 results, so
 * the range is read in time windows: a window that comes back full is split in half and read
 * again; after a sparse one the next window doubles. Requests are paced to 5 per second and a
 * 429 is waited out. Resolves to the counts read.
 *
 * @example
 * await readServerlessLogs({ ...options, fetch }, (lines) => lines.forEach((line) => addLogLine(state, line)));
 */
export async function readServerlessLogs(options: LogSourceOptions, onLines: (lines: LogLine[]) => void): Promise<LogReadProgress> {
  const paced = new PacedFetch(options);
  let lines = 0;
  let start = options.since;
  let width = Math.min(FIRST_WINDOW_MS, options.until - options.since);
  while (start < options.until) {
    const end = Math.min(start + width, options.until);
    const read = await readWindow(paced, options, start, end - 1);
    if (read === null) {
      width = Math.max(MIN_WINDOW_MS, Math.floor(width / 2));
      continue;
    }
    onLines(read);
    lines += read.length;
    start = end;
    if (read.length < LOGS_MAX_RESULTS_PER_QUERY / 4) width *= 2;
    options.onProgress?.({ readUntil: start, lines, requests: paced.requests });
  }
  return { readUntil: options.until, lines, requests: paced.requests };
}
