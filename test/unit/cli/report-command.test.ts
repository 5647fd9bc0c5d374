import { runReportCommand } from '../../../src/cli/commands/report';
import { reportRange } from '../../../src/cli/report/report-range';
import { ReportPageCache, SERVE_REFRESH_MS } from '../../../src/cli/report/serve-report';
import { fakeIo } from '../../helpers/fake-cli-io';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const DAY = 24 * 3600_000;

describe('gatekeeper report: usage', () => {
  it.each([
    [['--since', 'yesterday'], "--since 'yesterday' is neither a duration ago"],
    [['--since', '1h', '--until', '2h'], '--until must be later than --since'],
    [['--serve', '--port', 'http'], "--port 'http' is not a port number"],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const { io, stderr } = fakeIo();
    expect(await runReportCommand(args, io)).toBe(2);
    expect(stderr()).toContain(message);
  });

  it('asks for credentials or --local before reading anything', async () => {
    const { io, stderr } = fakeIo(undefined, { env: {} });
    expect(await runReportCommand([], io)).toBe(2);
    expect(stderr()).toContain('set ACCOUNT_SID and AUTH_TOKEN');
  });

  it('prints its usage with --help', async () => {
    const { io, stdout } = fakeIo();
    expect(await runReportCommand(['--help'], io)).toBe(0);
    expect(stdout()).toContain('Usage: gatekeeper report');
  });
});

describe('the report range', () => {
  it('defaults to the last 24 hours', () => {
    expect(reportRange(undefined, undefined, NOW)).toEqual({ ok: true, since: NOW - DAY, until: NOW });
  });

  it('takes durations ago and date-times', () => {
    expect(reportRange('7d', '2026-12-04T06:00:00Z', NOW)).toEqual({ ok: true, since: NOW - 7 * DAY, until: Date.parse('2026-12-04T06:00:00Z') });
    expect(reportRange('2026-12-01', undefined, NOW)).toMatchObject({ ok: true, since: Date.parse('2026-12-01T00:00:00Z') });
  });

  it('starts no earlier than the 30 days Twilio keeps logs, and says so', () => {
    expect(reportRange('45d', undefined, NOW)).toEqual({ ok: true, since: NOW - 30 * DAY, until: NOW, note: expect.stringContaining('30 days') });
    expect(reportRange('45d', '40d', NOW)).toMatchObject({ ok: false, problem: expect.stringContaining('older than 30 days') });
  });
});

describe('the served page cache', () => {
  it('builds once for concurrent requests and again only after the refresh interval', async () => {
    let clock = NOW;
    let builds = 0;
    const cache = new ReportPageCache(async () => `page ${++builds}`, () => clock);
    expect(await Promise.all([cache.current(), cache.current()])).toEqual(['page 1', 'page 1']);
    clock += SERVE_REFRESH_MS - 1;
    expect(await cache.current()).toBe('page 1');
    clock += 1;
    expect(await cache.current()).toBe('page 2');
  });

  it('builds again after a failed build', async () => {
    let fail = true;
    const cache = new ReportPageCache(async () => {
      if (fail) throw new Error('logs unreachable');
      return 'page';
    });
    await expect(cache.current()).rejects.toThrow('logs unreachable');
    fail = false;
    expect(await cache.current()).toBe('page');
  });
});
