import { handler as checkHandler } from '../../../src/functions/verify/check';
import { handler } from '../../../src/functions/verify/start';
import { useFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';

const harness = useFunctionHarness();

const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';
// One prefix:8 range (+44740012...) of valid UK mobile numbers.
const inRange = (i: number) => `+4474001234${String(i).padStart(2, '0')}`;

async function verificationsSent(): Promise<number> {
  return (await harness.control.requestLog()).byRoute[VERIFY_ROUTE] ?? 0;
}

async function startsAndLogs(context: ReturnType<FunctionHarness['context']>, numbers: readonly string[]) {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    const statuses = [];
    for (const to of numbers) statuses.push((await invokeFunction(handler, context, { to })).statusCode);
    const records = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    return { statuses, records, lines };
  } finally {
    spy.mockRestore();
  }
}

describe('verify/start adaptive low-conversion blocking', () => {
  it('refuses new starts to a range after three whose codes were never entered, with 403 and nothing sent', async () => {
    const context = harness.context();
    const { statuses } = await startsAndLogs(context, [inRange(1), inRange(2), inRange(3)]);
    expect(statuses).toEqual([200, 200, 200]);
    const response = await invokeFunction(handler, context, { to: inRange(4) });
    expect(response.statusCode).toBe(403);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_DESTINATION_REFUSED', message: expect.any(String) } });
    expect(await verificationsSent()).toBe(3);
    // Other ranges are unaffected.
    expect((await invokeFunction(handler, context, { to: '+447500123456' })).statusCode).toBe(200);
  });

  it('logs the rule, the masked range, the observed starts and approvals and when the block lifts', async () => {
    const { records, lines } = await startsAndLogs(harness.context({ GATE_LOG_LEVEL: 'info' }), [inRange(1), inRange(2), inRange(3), inRange(4)]);
    const refused = records.find((record) => record.outcome === 'low_conversion');
    expect(refused).toMatchObject({
      adaptive: { rule: 'low-conversion', scope: '+4474****', window: '1h', reason: 'low_conversion', starts: 3, approvals: 0, refused: true },
    });
    const liftsInMs = (refused?.adaptive as { liftsInMs: number }).liftsInMs;
    expect(liftsInMs).toBeGreaterThan(3_500_000);
    expect(liftsInMs).toBeLessThanOrEqual(3_600_000);
    expect(lines.join('\n')).not.toContain('740012340');
  });

  it('reads approvals only for a would-be refusal, and refuses a range it remembers without reading Sync', async () => {
    const context = harness.context();
    // The range's approvals are read once per rule judging it: 1 with low conversion alone.
    setPolicy({ adaptive: { unconverted: false } });
    const throttleReads = async () => (await harness.control.requestLog()).entries.filter((entry) => entry.method === 'GET' && entry.path.includes('/Maps/gate-throttle-'));
    await harness.control.resetLog();
    await invokeFunction(handler, context, { to: inRange(1) });
    // A first start to a quiet range: verify-start, -prefix, -country and -global, concurrently;
    // no approvals log, since none could change an answer that is already "allowed".
    expect((await throttleReads()).map((entry) => entry.path.split('/Items/')[1].split(':')[0]).sort()).toEqual([
      'verify-start',
      'verify-start-country',
      'verify-start-global',
      'verify-start-prefix',
    ]);
    await startsAndLogs(context, [inRange(2), inRange(3)]);
    await harness.control.resetLog();
    // The fourth start to the range would be refused without approvals: it reads the range's.
    expect((await invokeFunction(handler, context, { to: inRange(4) })).statusCode).toBe(403);
    expect((await throttleReads()).filter((entry) => entry.path.includes('/Items/verify-conversion-prefix:'))).toHaveLength(1);
    await harness.control.resetLog();
    expect((await invokeFunction(handler, context, { to: inRange(5) })).statusCode).toBe(403);
    expect((await harness.control.requestLog()).entries).toHaveLength(0);
  });

  it('refuses a remembered range before any paid Lookup', async () => {
    setPolicy({ lookup: { smsPumpingRiskMax: 50 } });
    const context = harness.context();
    await startsAndLogs(context, [inRange(1), inRange(2), inRange(3), inRange(4)]);
    await harness.control.resetLog();
    expect((await invokeFunction(handler, context, { to: inRange(5) })).statusCode).toBe(403);
    expect((await harness.control.requestLog()).byRoute['GET /lookups/v2/PhoneNumbers/:number'] ?? 0).toBe(0);
  });

  it('reads every shard of the country logs once per instance for the country budget, beside the limits', async () => {
    const context = harness.context();
    await harness.control.resetLog();
    await invokeFunction(handler, context, { to: inRange(1) });
    const names = (await harness.control.requestLog()).entries
      .filter((entry) => entry.method === 'GET' && entry.path.includes('/Maps/gate-throttle-'))
      .map((entry) => entry.path.split('/Items/')[1].split(':')[0]);
    expect([...new Set(names)].sort()).toEqual(['verify-conversion-country', 'verify-start', 'verify-start-country', 'verify-start-global', 'verify-start-prefix']);
    const shards = names.filter((name) => name === 'verify-conversion-country').length;
    expect(shards).toBeGreaterThan(1);
    // The throttle reads one shard of the country's starts; the budget counts all of them.
    expect(names.filter((name) => name === 'verify-start-country')).toHaveLength(shards + 1);
    // A second start to the country within the refresh time reads no shard of them again.
    await harness.control.resetLog();
    await invokeFunction(handler, context, { to: '+447500123456' });
    const again = (await harness.control.requestLog()).entries.filter((entry) => entry.path.includes('/Items/verify-conversion-country:'));
    expect(again).toHaveLength(0);
  });

  it('keeps sending to a range whose codes are entered', async () => {
    const context = harness.context();
    for (let i = 1; i <= 5; i += 1) {
      const to = inRange(i);
      expect((await invokeFunction(handler, context, { to })).statusCode).toBe(200);
      const code = await harness.control.verificationCode(to);
      expect((await invokeFunction(checkHandler, context, { to, code })).body).toEqual({ success: true, valid: true });
    }
    expect(await verificationsSent()).toBe(5);
  });

  it('sends in monitor mode and logs wouldRefuse', async () => {
    setPolicy({ mode: 'monitor' });
    const { statuses, records } = await startsAndLogs(harness.context({ GATE_LOG_LEVEL: 'info' }), [inRange(1), inRange(2), inRange(3), inRange(4)]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(records.find((record) => record.event === 'verify.start' && (record.adaptive as { wouldRefuse?: boolean } | undefined)?.wouldRefuse)).toBeDefined();
    expect(await verificationsSent()).toBe(4);
  });

  it('follows the policy: switched off with lowConversion false, stricter with minStarts', async () => {
    // (The range's unentered-code budget, three a day, would refuse the fourth: off here.)
    setPolicy({ adaptive: { lowConversion: false, unconverted: false } });
    expect((await startsAndLogs(harness.context(), [1, 2, 3, 4, 5].map(inRange))).statuses).toEqual([200, 200, 200, 200, 200]);
    await harness.reset();
    setPolicy({ adaptive: { lowConversion: { minStarts: 1 } } });
    expect((await startsAndLogs(harness.context(), [inRange(1), inRange(2)])).statuses).toEqual([200, 403]);
  });

  it('refuses every request with a configuration error when the adaptive section is invalid', async () => {
    setPolicy({ adaptive: { lowConversion: { minConverson: 0.5 } } });
    const response = await invokeFunction(handler, harness.context(), { to: inRange(1) });
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
  });
});

describe('verify/start per-number backoff', () => {
  const NUMBER = '+447400123456';

  it('makes a second start to the same number wait 30 s, with 429 and Retry-After, sending nothing', async () => {
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
    const response = await invokeFunction(handler, context, { to: NUMBER });
    expect(response.statusCode).toBe(429);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_THROTTLED', message: expect.stringMatching(/wait/i) } });
    expect(Number(response.headers['Retry-After'])).toBeGreaterThanOrEqual(29);
    expect(Number(response.headers['Retry-After'])).toBeLessThanOrEqual(30);
    expect(await verificationsSent()).toBe(1);
    // Another number is not affected.
    expect((await invokeFunction(handler, context, { to: '+447500123456' })).statusCode).toBe(200);
  });

  it('refuses a number it remembers without reading Sync', async () => {
    const context = harness.context();
    await invokeFunction(handler, context, { to: NUMBER });
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(429);
    await harness.control.resetLog();
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(429);
    expect((await harness.control.requestLog()).entries).toHaveLength(0);
  });

  it('restarts after an approved check: the next start goes out, the one after waits again', async () => {
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
    const code = await harness.control.verificationCode(NUMBER);
    expect((await invokeFunction(checkHandler, context, { to: NUMBER, code })).body).toEqual({ success: true, valid: true });
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(429);
    expect(await verificationsSent()).toBe(2);
  });

  it('sees an approval made after a refusal it remembers within 5 s (verify/check runs apart)', async () => {
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(429);
    const code = await harness.control.verificationCode(NUMBER);
    expect((await invokeFunction(checkHandler, context, { to: NUMBER, code })).body).toEqual({ success: true, valid: true });
    // This instance still remembers the refusal...
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(429);
    // ...until it judges the number again, on the store, where the approval restarted the backoff.
    const restarted = { ...harness.context(), GATE_HASH_SECRET: context.GATE_HASH_SECRET, GATE_LOG_LEVEL: 'error' };
    expect((await invokeFunction(handler, restarted, { to: NUMBER })).statusCode).toBe(200);
  });

  it('lets the start through once the wait is over (first 1s in the policy)', async () => {
    setPolicy({ adaptive: { backoff: { first: '1s', max: '1s' } } });
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
    const refused = await invokeFunction(handler, context, { to: NUMBER });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['Retry-After']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await invokeFunction(handler, context, { to: NUMBER })).statusCode).toBe(200);
  });

  it('logs the rule, the masked number, the unconverted starts, the wait and when it lifts', async () => {
    const { records, lines } = await startsAndLogs(harness.context({ GATE_LOG_LEVEL: 'info' }), [NUMBER, NUMBER]);
    const refused = records.find((record) => record.event === 'verify.start' && record.outcome === 'backoff');
    expect(refused).toMatchObject({
      backoff: { rule: 'backoff', scope: expect.stringMatching(/^\+44\d*\*+\d*~[0-9a-f]{8}$/), reason: 'backoff', unconvertedStarts: 1, waitMs: 30_000, first: '30s', max: '1h', refused: true },
    });
    const liftsInMs = (refused?.backoff as { liftsInMs: number }).liftsInMs;
    expect(liftsInMs).toBeGreaterThan(25_000);
    expect(liftsInMs).toBeLessThanOrEqual(30_000);
    expect(lines.join('\n')).not.toContain('7400123456');
  });

  it('only logs what it would refuse in monitor mode', async () => {
    setPolicy({ mode: 'monitor' });
    const { statuses, records } = await startsAndLogs(harness.context({ GATE_LOG_LEVEL: 'info' }), [NUMBER, NUMBER]);
    expect(statuses).toEqual([200, 200]);
    expect(records.find((record) => (record.backoff as { wouldRefuse?: boolean } | undefined)?.wouldRefuse)).toBeDefined();
  });

  it('is switched off with backoff false', async () => {
    setPolicy({ adaptive: { backoff: false } });
    expect((await startsAndLogs(harness.context(), [NUMBER, NUMBER, NUMBER])).statuses).toEqual([200, 200, 200]);
  });
});
