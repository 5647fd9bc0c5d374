import { LOGS_MAX_RESULTS_PER_QUERY, LogReadError, MAX_RATE_LIMIT_RETRIES, readServerlessLogs, type LogsAnswer, type LogSourceOptions } from '../../../src/cli/report/serverless-log-source';

const T0 = Date.parse('2026-12-04T00:00:00Z');
const HOUR = 3_600_000;

/**
 * A Logs API over `times` (epoch ms of each line; line i says `line i`), answering like the emulator: newest first, at
 * most 10,000 results per query, pages of PageSize. `refuse` answers 429 to the given request numbers.
 */
function fakeLogsApi(times: number[], refuse: Set<number> = new Set()) {
  const requests: { at: number; url: URL }[] = [];
  let clock = T0;
  const fetch = async (url: string): Promise<LogsAnswer> => {
    requests.push({ at: clock, url: new URL(url) });
    if (refuse.has(requests.length)) return { status: 429, body: { code: 20429 } };
    const query = new URL(url).searchParams;
    const from = Date.parse(query.get('StartDate') as string);
    const to = Date.parse(query.get('EndDate') as string);
    const size = Number(query.get('PageSize'));
    const page = Number(query.get('Page') ?? 0);
    const matching = times
      .map((t, index) => ({ t, index }))
      .filter(({ t }) => t >= from && t <= to)
      .sort((a, b) => b.t - a.t || b.index - a.index)
      .slice(0, LOGS_MAX_RESULTS_PER_QUERY);
    const slice = matching.slice(page * size, (page + 1) * size);
    const next = (page + 1) * size < matching.length ? (() => {
      const nextUrl = new URL(url);
      nextUrl.searchParams.set('Page', String(page + 1));
      return nextUrl.toString();
    })() : null;
    return { status: 200, body: { logs: slice.map(({ t, index }) => ({ message: `line ${index}`, date_created: new Date(t).toISOString() })), meta: { next_page_url: next } } };
  };
  const options = (since: number, until: number): LogSourceOptions => ({
    serviceSid: `ZS${'1'.repeat(32)}`,
    environmentSid: `ZE${'2'.repeat(32)}`,
    since,
    until,
    fetch,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { requests, options };
}

async function readAll(options: LogSourceOptions): Promise<string[]> {
  const lines: string[] = [];
  await readServerlessLogs(options, (batch) => lines.push(...batch.map((line) => line.message)));
  return lines;
}

describe('reading function logs through the Logs API', () => {
  it('reads every line of the range once, over windows and pages', async () => {
    const times = Array.from({ length: 2500 }, (_, i) => T0 + i * 10_000);
    const api = fakeLogsApi(times);
    const lines = await readAll(api.options(T0, T0 + 8 * HOUR));
    expect(lines).toHaveLength(2500);
    expect(new Set(lines).size).toBe(2500);
  });

  it('reads a window of more than 10,000 lines downwards from the oldest complete second of each full answer', async () => {
    const times = Array.from({ length: 15_000 }, (_, i) => T0 + Math.floor(i / 5) * 1000);
    const api = fakeLogsApi(times);
    const lines = await readAll(api.options(T0, T0 + HOUR));
    expect(lines).toHaveLength(15_000);
    expect(new Set(lines).size).toBe(15_000);
    const windows = new Set(api.requests.map((r) => `${r.url.searchParams.get("StartDate")} ${r.url.searchParams.get("EndDate")}`));
    expect(windows.size).toBeGreaterThan(1);
  });

  it('reads 10,000 lines of a second that holds more, and counts it as incomplete', async () => {
    const api = fakeLogsApi(Array.from({ length: 12_000 }, () => T0 + 1500));
    const lines: string[] = [];
    const progress = await readServerlessLogs(api.options(T0, T0 + HOUR), (batch) => lines.push(...batch.map((line) => line.message)));
    expect(lines).toHaveLength(10_000);
    expect(progress.incompleteWindows).toBe(1);
  });

  it('sends at most 5 requests in any second', async () => {
    const times = Array.from({ length: 9000 }, (_, i) => T0 + i * 100);
    const api = fakeLogsApi(times);
    await readAll(api.options(T0, T0 + HOUR));
    expect(api.requests.length).toBeGreaterThan(5);
    for (let i = 5; i < api.requests.length; i += 1) expect(api.requests[i].at - api.requests[i - 5].at).toBeGreaterThanOrEqual(1000);
  });

  it('waits out a 429 and asks again', async () => {
    const api = fakeLogsApi([T0 + 1000], new Set([1, 2]));
    expect(await readAll(api.options(T0, T0 + HOUR))).toEqual(['line 0']);
    expect(api.requests).toHaveLength(3);
    expect(api.requests[2].at - api.requests[0].at).toBeGreaterThanOrEqual(3000);
  });

  it('gives up after repeated 429s, and on any other refusal at once', async () => {
    const refusing = fakeLogsApi([], new Set(Array.from({ length: MAX_RATE_LIMIT_RETRIES + 1 }, (_, i) => i + 1)));
    await expect(readAll(refusing.options(T0, T0 + HOUR))).rejects.toThrow(LogReadError);
    const options = { ...fakeLogsApi([]).options(T0, T0 + HOUR), fetch: async () => ({ status: 401, body: {} }) };
    await expect(readAll(options)).rejects.toThrow('HTTP 401');
  });
});
