import { handler } from '../../../src/functions/verify/start';
import type { FunctionContext } from '../../../src/core/http';
import { createSafeList, createSafeListStore } from '../../../src/core/safe-list';
import { createTwilioClient } from '../../../src/core/twilio';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';

// verify/start with the runtime safe list (`gatekeeper allow`) and expiring policy allow entries.
const harness = useFunctionHarness();

const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';
const SAFE_MAP_READ = /GET \/sync\/v1\/Services\/default\/Maps\/gate-safe-\d+\/Items\//;
const inRange = (i: number) => `+4474001234${String(i).padStart(2, '0')}`;

function safeListFor(ctx: FunctionContext) {
  return createSafeList({ store: createSafeListStore({ client: createTwilioClient(ctx) }), secret: ctx.GATE_HASH_SECRET as string });
}

async function logged(run: () => Promise<unknown>) {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return { lines, records: lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

async function safeListReads(): Promise<number> {
  return (await harness.control.requestLog()).entries.filter((entry) => SAFE_MAP_READ.test(`${entry.method} ${entry.path}`)).length;
}

describe('verify/start and the runtime safe list', () => {
  it('lets a safe-listed customer through a range the low-conversion rule blocks, and nobody else', async () => {
    const ctx = harness.context();
    for (let i = 1; i <= 3; i += 1) expect((await invokeFunction(handler, ctx, { to: inRange(i) })).statusCode).toBe(200);
    expect((await invokeFunction(handler, ctx, { to: inRange(50) })).statusCode).toBe(403);
    await safeListFor(ctx).add({ kind: 'number', e164: inRange(50) });
    // The warm instance cached "not listed" for up to 5 s; a fresh instance (same secret) reads it.
    const fresh = harness.context({ GATE_HASH_SECRET: ctx.GATE_HASH_SECRET as string, GATE_LOG_LEVEL: 'info' });
    const { records, lines } = await logged(async () => {
      expect((await invokeFunction(handler, fresh, { to: inRange(50) })).statusCode).toBe(200);
      expect((await invokeFunction(handler, fresh, { to: inRange(51) })).statusCode).toBe(403);
    });
    const [sent, refused] = records.filter((record) => record.event === 'verify.start');
    expect(sent).toMatchObject({
      outcome: 'sent',
      destination: { allowed: true, reason: 'number_allowed', rule: 'safe-list.numbers' },
      safeList: { listed: true, rule: 'safe-list.numbers' },
      // The rule's verdict stays in the log, marked as overridden (not as monitor mode's wouldRefuse).
      adaptive: { rule: 'low-conversion', reason: 'low_conversion', overriddenBy: 'safe-list' },
    });
    expect((sent.adaptive as Record<string, unknown>).wouldRefuse).toBeUndefined();
    expect(refused).toMatchObject({ outcome: 'low_conversion', safeList: { listed: false } });
    expect(lines.join('\n')).not.toContain('740012345');
  });

  it('lets a safe-listed number through the destination policy, but not through the throttles', async () => {
    const ctx = harness.context();
    const latvian = '+37120123456';
    expect((await invokeFunction(handler, ctx, { to: latvian })).statusCode).toBe(403);
    await safeListFor(ctx).add({ kind: 'number', e164: latvian }, { ttlSeconds: 3600 });
    // Another log level builds another runtime: a fresh instance, without the cached "not listed".
    const fresh = harness.context({ GATE_HASH_SECRET: ctx.GATE_HASH_SECRET as string, GATE_LOG_LEVEL: 'error' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await invokeFunction(handler, fresh, { to: latvian })).statusCode);
    // Neither backoff nor low conversion applies to it; the per-number limit (3 per 10 minutes) does.
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('keeps the refusal it overrode in the decision log', async () => {
    const ctx = harness.context();
    const latvian = '+37120123456';
    await safeListFor(ctx).add({ kind: 'number', e164: latvian }, { ttlSeconds: 3600 });
    const fresh = harness.context({ GATE_HASH_SECRET: ctx.GATE_HASH_SECRET as string, GATE_LOG_LEVEL: 'info' });
    const { records } = await logged(async () => expect((await invokeFunction(handler, fresh, { to: latvian })).statusCode).toBe(200));
    const record = records.find((entry) => entry.event === 'verify.start');
    expect(record).toMatchObject({
      destination: { allowed: true, reason: 'number_allowed', rule: 'safe-list.numbers', overridden: { reason: 'country_denied', rule: 'destinations.countries.deny[LV]' } },
    });
  });

  it("never lets a number through that the policy's own deny list names", async () => {
    const ctx = harness.context();
    setPolicy({ destinations: { numbers: { deny: ['+447400123456'] } } });
    await safeListFor(ctx).add({ kind: 'number', e164: '+447400123456' });
    expect((await invokeFunction(handler, ctx, { to: '+447400123456' })).statusCode).toBe(403);
  });

  it('never reads the safe list for a request that is allowed anyway', async () => {
    await harness.control.resetLog();
    expect((await invokeFunction(handler, harness.context(), { to: inRange(1) })).statusCode).toBe(200);
    expect(await safeListReads()).toBe(0);
  });

  it('keeps refusing when the safe list cannot be read (fails closed)', async () => {
    const ctx = harness.context();
    await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: 1 });
    const { records } = await logged(async () => {
      expect((await invokeFunction(handler, harness.context({ GATE_HASH_SECRET: ctx.GATE_HASH_SECRET as string, GATE_LOG_LEVEL: 'info' }), { to: '+37120123456' })).statusCode).toBe(403);
    });
    expect(records.find((record) => record.event === 'verify.start')).toMatchObject({ outcome: 'refused', safeList: { listed: false, storeError: expect.any(String) } });
    expect((await harness.control.requestLog()).byRoute[VERIFY_ROUTE] ?? 0).toBe(0);
  });
});

describe('verify/start and expiring policy allow entries', () => {
  it('allows a denied-country number while its entry lasts, and refuses it after, on the same warm instance', async () => {
    const latvian = '+37120123456';
    setPolicy({ destinations: { numbers: { allow: [{ number: latvian, expires: new Date(Date.now() + 1_500).toISOString() }] } } });
    const context = harness.context();
    expect((await invokeFunction(handler, context, { to: latvian })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await invokeFunction(handler, context, { to: latvian })).statusCode).toBe(403);
  });

  it('refuses every request with a configuration error when an expiry is not a date', async () => {
    setPolicy({ destinations: { numbers: { allow: [{ number: '+37120123456', expires: 'next week' }] } } });
    const response = await invokeFunction(handler, harness.context(), { to: '+447400123456' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
  });
});
