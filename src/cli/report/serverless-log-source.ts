import type { LogLine } from '../../core/report';
import { jsonBody } from './client-fetch';

/** Twilio's documented limits of the Logs API, which the reader keeps to. */
export const LOGS_MAX_RESULTS_PER_QUERY = 10_000;
export const LOGS_REQUESTS_PER_SECOND = 5;
export const LOGS_PAGE_SIZE = 1000;
/** How often a 429 is waited out before the read gives up. */
export const MAX_RATE_LIMIT_RETRIES = 8;
/** The first window read; later ones grow or shrink with how full the last one was. */
export const FIRST_WINDOW_MS = 3_600_000;

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
  /** Seconds with more than the 10,000 lines one query returns: the rest of their lines could not be read. */
  incompleteWindows: number;
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
  const parsed = jsonBody<{ logs?: unknown; meta?: { next_page_url?: unknown } }>(body);
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

/** Every line of one query `[start, end]` (newest first), and whether it held the query limit. */
async function readQuery(paced: PacedFetch, options: LogSourceOptions, start: number, end: number): Promise<{ lines: LogLine[]; full: boolean }> {
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
  return { lines, full: lines.length >= LOGS_MAX_RESULTS_PER_QUERY };
}

/** What is left to read of one window, and what was read of it so far. */
interface WindowRead {
  start: number;
  /** Inclusive end of the part not read yet. */
  end: number;
  lines: number;
  incompleteSeconds: number;
}

/**
 * Reads one window `[start, end]`. A query that comes back full holds the newest 10,000 lines:
 * those of every second after its oldest second are complete and kept, and the window's end moves
 * down to the end of that oldest second, which the next query reads again whole. A single second
 * with more than 10,000 lines is kept as far as the limit allows and counted as incomplete.
 */
async function readWindow(paced: PacedFetch, options: LogSourceOptions, start: number, end: number, onLines: (lines: LogLine[]) => void): Promise<WindowRead> {
  const window: WindowRead = { start, end, lines: 0, incompleteSeconds: 0 };
  while (window.end >= window.start) {
    const read = await readQuery(paced, options, window.start, window.end);
    if (!read.full) {
      onLines(read.lines);
      window.lines += read.lines.length;
      return window;
    }
    const oldestSecond = Math.floor(Math.min(...read.lines.map((line) => line.at)) / 1000) * 1000;
    const complete = read.lines.filter((line) => line.at >= oldestSecond + 1000);
    const kept = complete.length > 0 ? complete : read.lines;
    if (complete.length === 0) window.incompleteSeconds += 1;
    onLines(kept);
    window.lines += kept.length;
    window.end = complete.length > 0 ? Math.min(window.end, oldestSecond + 999) : oldestSecond - 1;
  }
  return window;
}

/**
 * Reads an Environment's function logs over `[since, until)` through the Logs API, oldest window
 * first, handing lines to `onLines` as they come. One query returns at most 10,000 results (the
 * newest), so a window that holds more is read downwards from the oldest complete second of each
 * full answer (see readWindow); after a sparse window the next one doubles. Requests are paced to
 * 5 per second and a 429 is waited out. Resolves to the counts read.
 *
 * @example
 * await readServerlessLogs({ ...options, fetch }, (lines) => lines.forEach((line) => addLogLine(state, line)));
 */
export async function readServerlessLogs(options: LogSourceOptions, onLines: (lines: LogLine[]) => void): Promise<LogReadProgress> {
  const paced = new PacedFetch(options);
  const progress: LogReadProgress = { readUntil: options.since, lines: 0, requests: 0, incompleteWindows: 0 };
  let width = Math.min(FIRST_WINDOW_MS, options.until - options.since);
  while (progress.readUntil < options.until) {
    const end = Math.min(progress.readUntil + width, options.until);
    const read = await readWindow(paced, options, progress.readUntil, end - 1, onLines);
    progress.lines += read.lines;
    progress.incompleteWindows += read.incompleteSeconds;
    progress.requests = paced.requests;
    progress.readUntil = end;
    if (read.lines < LOGS_MAX_RESULTS_PER_QUERY / 4) width *= 2;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
