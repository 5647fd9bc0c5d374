import { LOGS_REQUESTS_PER_SECOND, LogsRateLimiter } from '../../emulator/serverless/serverless-logs';
import { ACCOUNT_SID, lastBody, raw, useContractHarness } from './harness';
import { expectValid, responseValidator } from './openapi';

// Serverless Services, Environments and Logs through the real twilio client (bodies checked
// against twilio_serverless_v1.json), with the limits Twilio documents for the Logs API.
const LOGS = '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Logs';
const LOG = '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Logs/{Sid}';
const DAY_MS = 24 * 3600 * 1000;

/** A page of the client's Logs list, as far as the paging test reads it. */
interface LogsPage {
  instances: { message: string }[];
  nextPage(): Promise<LogsPage | undefined>;
}

const h = useContractHarness();
let serviceSid: string;
let environmentSid: string;
beforeEach(async () => {
  const service = await h.client.serverless.v1.services.create({ uniqueName: 'gatekeeper', friendlyName: 'gatekeeper' });
  expectValid(responseValidator('twilio_serverless_v1', '/v1/Services', 'post', 201), lastBody(h.client));
  const environment = await h.client.serverless.v1.services(service.sid).environments.create({ uniqueName: 'production' });
  expectValid(responseValidator('twilio_serverless_v1', '/v1/Services/{ServiceSid}/Environments', 'post', 201), lastBody(h.client));
  serviceSid = service.sid;
  environmentSid = environment.sid;
});

const logs = () => h.client.serverless.v1.services(serviceSid).environments(environmentSid).logs;
const feed = (lines: { function: string; message: string; requestSid?: string }[]) => h.control.feedLogs(serviceSid, environmentSid, lines);
/** Waits out the Logs API's one-second window on the emulator clock. */
const nextSecond = () => h.control.advanceClock(1000);

describe('Serverless Logs', () => {
  it('lists fed lines newest first and fetches one by SID', async () => {
    await feed([
      { function: 'verify/start', message: '{"event":"verify.start"}' },
      { function: 'sms/outbound', message: '{"event":"sms.outbound"}' },
    ]);
    const listed = await logs().list();
    expectValid(responseValidator('twilio_serverless_v1', LOGS, 'get', 200), lastBody(h.client));
    expect(listed.map((log) => log.message)).toEqual(['{"event":"sms.outbound"}', '{"event":"verify.start"}']);
    expect(listed[0]).toMatchObject({ accountSid: ACCOUNT_SID, serviceSid, environmentSid, level: 'info' });
    expect(listed[0].functionSid).toMatch(/^ZH[0-9a-f]{32}$/);
    const fetched = await logs()(listed[1].sid).fetch();
    expectValid(responseValidator('twilio_serverless_v1', LOG, 'get', 200), lastBody(h.client));
    expect(fetched.message).toBe('{"event":"verify.start"}');
  });

  it('finds the service by unique name and lists its environments', async () => {
    const services = await h.client.serverless.v1.services.list();
    expectValid(responseValidator('twilio_serverless_v1', '/v1/Services', 'get', 200), lastBody(h.client));
    expect(services.map((s) => s.uniqueName)).toEqual(['gatekeeper']);
    const environments = await h.client.serverless.v1.services('gatekeeper').environments.list();
    expectValid(responseValidator('twilio_serverless_v1', '/v1/Services/{ServiceSid}/Environments', 'get', 200), lastBody(h.client));
    expect(environments.map((e) => e.sid)).toEqual([environmentSid]);
  });

  it('filters by StartDate, EndDate and FunctionSid', async () => {
    await feed([{ function: 'verify/start', message: 'early' }]);
    const between = await h.control.advanceClock(60_000);
    await h.control.advanceClock(60_000);
    await feed([
      { function: 'verify/start', message: 'late start' },
      { function: 'verify/check', message: 'late check' },
    ]);
    expect((await logs().list({ startDate: new Date(between) })).map((l) => l.message)).toEqual(['late check', 'late start']);
    await nextSecond();
    expect((await logs().list({ endDate: new Date(between) })).map((l) => l.message)).toEqual(['early']);
    const [check] = await logs().list({ startDate: new Date(between), pageSize: 1 });
    await nextSecond();
    expect((await logs().list({ functionSid: check.functionSid })).map((l) => l.message)).toEqual(['late check']);
  });

  it('answers 429 with code 20429 and Retry-After beyond 5 requests per second', async () => {
    const path = `/serverless/v1/Services/${serviceSid}/Environments/${environmentSid}/Logs`;
    const answers = await Promise.all(Array.from({ length: LOGS_REQUESTS_PER_SECOND * 2 }, () => raw(h.emulator.url, 'GET', path)));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(LOGS_REQUESTS_PER_SECOND * 2 - refused.length);
    for (const answer of refused) {
      expect(answer.json).toMatchObject({ code: 20429, status: 429 });
      expect(answer.headers.get('retry-after')).toBe('1');
    }
  });

  it('returns at most 10,000 results for one query, the newest', async () => {
    for (let batch = 0; batch < 11; batch += 1) {
      await feed(Array.from({ length: batch === 10 ? 50 : 1000 }, (_, i) => ({ function: 'verify/start', message: `line ${batch * 1000 + i}` })));
    }
    let page = (await logs().page({ pageSize: 1000 })) as unknown as LogsPage;
    let count = page.instances.length;
    const newest = page.instances[0].message;
    for (;;) {
      await nextSecond();
      const next = await page.nextPage();
      if (!next) break;
      page = next;
      count += page.instances.length;
    }
    expect(count).toBe(10_000);
    expect(newest).toBe('line 10049');
    expect(page.instances[page.instances.length - 1].message).toBe('line 50');
  });

  it('keeps logs for 30 days', async () => {
    await feed([{ function: 'verify/start', message: 'old' }]);
    await h.control.advanceClock(29 * DAY_MS);
    expect((await logs().list()).map((l) => l.message)).toEqual(['old']);
    await h.control.advanceClock(DAY_MS + 1000);
    expect(await logs().list()).toEqual([]);
  });

  it('keeps only the last 3 KB of output of one invocation', async () => {
    const requestSid = `RQ${'a'.repeat(32)}`;
    await feed(Array.from({ length: 5 }, (_, i) => ({ function: 'verify/start', message: `${i}${'x'.repeat(999)}`, requestSid })));
    await feed([{ function: 'verify/start', message: `${'a'.repeat(2000)}${'b'.repeat(3072)}` }]);
    const listed = await logs().list();
    expect(listed[0].message).toBe('b'.repeat(3072));
    expect(listed.slice(1).map((l) => l.message[0])).toEqual(['4', '3', '2']);
  });
});

describe('the Logs rate limiter', () => {
  it('allows 5 requests in any second per account and the next one a second after the first', () => {
    const limiter = new LogsRateLimiter();
    const answers = [0, 100, 200, 300, 400, 500].map((at) => limiter.take(ACCOUNT_SID, at));
    expect(answers).toEqual([true, true, true, true, true, false]);
    expect(limiter.take(`AC${'9'.repeat(32)}`, 500)).toBe(true);
    expect(limiter.take(ACCOUNT_SID, 1001)).toBe(true);
  });
});
