import { handler } from '../../../src/functions/voice/inbound.protected';
import { createDenyList, createDenyListStore, type DenyList } from '../../../src/core/deny-list';
import type { FunctionContext } from '../../../src/core/http';
import { createTwilioClient } from '../../../src/core/twilio';
import { parseConfig } from '../../../src/core/config';
import { createSyncStore, subjectKey } from '../../../src/core/throttle';
import { KNOWN_CALLER_KEY_PREFIX, utcDay } from '../../../src/core/inbound';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { REJECT_BUSY, twimlVerbs, type TwimlNode } from '../../helpers/twiml';
import { voiceWebhook } from '../../helpers/webhook-params';

const harness = useFunctionHarness();
afterEach(async () => {
  await harness.control.clearFaults();
});

const APP_URL = 'https://example.com/voice/menu';
const CALLER = '+447400123456';
const ALWAYS = 1_000_000;
const SYNC_ROUTES = /^(GET|POST|DELETE) \/sync\//;
// The gate mode document: read once per runtime and then cached for 5 s. Each test context here
// has its own hash secret, so each ring builds a fresh runtime and reads it once.
const GATE_MODE_READ = 'GET /sync/v1/Services/:svc/Documents/:doc';
const REDIRECT: TwimlNode[] = [{ name: 'Redirect', attributes: { method: 'POST' }, text: APP_URL, children: [] }];

function context(env: Record<string, string> = {}): FunctionContext {
  return harness.context({ GATE_VOICE_APP_URL: APP_URL, ...env });
}

async function ring(from: string | undefined, ctx = context()) {
  const response = await invokeFunction(handler, ctx, voiceWebhook(from));
  expect(response.statusCode).toBe(200);
  expect(response.headers['Content-Type']).toMatch(/^text\/xml/);
  return twimlVerbs(response.body);
}

function denyListFor(ctx: FunctionContext): DenyList {
  const client = createTwilioClient(ctx);
  return createDenyList({ store: createDenyListStore({ client }), secret: ctx.GATE_HASH_SECRET as string });
}

/** Sync requests other than the gate mode's cached read. */
async function syncRequests(): Promise<number> {
  const log = await harness.control.requestLog();
  expect(log.byRoute[GATE_MODE_READ] ?? 0).toBeLessThanOrEqual(1);
  return Object.entries(log.byRoute)
    .filter(([route]) => SYNC_ROUTES.test(route) && route !== GATE_MODE_READ)
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('voice/inbound', () => {
  it('redirects an admitted caller to the voice app', async () => {
    expect(await ring(CALLER)).toEqual(REDIRECT);
  });

  it("rejects a webhook for another account, touching nothing, and admits one for a listed subaccount", async () => {
    const stranger = `AC${'9'.repeat(32)}`;
    await harness.control.resetLog();
    const refused = await invokeFunction(handler, context(), voiceWebhook(CALLER, { AccountSid: stranger }));
    expect(twimlVerbs(refused.body)).toEqual(REJECT_BUSY);
    expect((await harness.control.requestLog()).total).toBe(0);
    const listed = await invokeFunction(handler, context({ GATE_WEBHOOK_ACCOUNT_SIDS: stranger }), voiceWebhook(CALLER, { AccountSid: stranger }));
    expect(twimlVerbs(listed.body)).toEqual(REDIRECT);
  });

  it('forwards admitted callers to GATE_FORWARD_TO when there is no app, with the time limit', async () => {
    const verbs = await ring(CALLER, harness.context({ GATE_FORWARD_TO: '+447400999111,+4930123456', GATE_CALL_TIME_LIMIT: '15m' }));
    expect(verbs).toEqual([
      {
        name: 'Dial',
        attributes: { timeLimit: '900', answerOnBridge: 'true' },
        text: '',
        children: [
          { name: 'Number', attributes: {}, text: '+447400999111', children: [] },
          { name: 'Number', attributes: {}, text: '+4930123456', children: [] },
        ],
      },
    ]);
  });

  describe('deny lists', () => {
    it.each([
      ['an exact number', { numbers: [CALLER] }],
      ['a prefix', { prefixes: ['+4474001'] }],
    ])('rejects a caller on the policy deny list by %s, before any Sync request', async (_name, deny) => {
      setPolicy({ inbound: { deny } });
      expect(await ring(CALLER)).toEqual(REJECT_BUSY);
      expect(await ring('+447400999111')).toEqual(REDIRECT);
      await harness.control.resetLog();
      expect(await ring(CALLER)).toEqual(REJECT_BUSY);
      expect(await syncRequests()).toBe(0);
    });

    it('rejects a caller on the runtime deny list, by number or by prefix', async () => {
      const ctx = context();
      await denyListFor(ctx).add({ kind: 'number', e164: CALLER });
      await denyListFor(ctx).add({ kind: 'prefix', prefix: '+3361234' });
      expect(await ring(CALLER, ctx)).toEqual(REJECT_BUSY);
      expect(await ring('+33612345678', ctx)).toEqual(REJECT_BUSY);
      expect(await ring('+447400999111', ctx)).toEqual(REDIRECT);
    });

    it('admits again once a runtime entry expires', async () => {
      const ctx = context();
      await denyListFor(ctx).add({ kind: 'number', e164: CALLER }, { ttlSeconds: 1 });
      expect(await ring(CALLER, ctx)).toEqual(REJECT_BUSY);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await ring(CALLER, ctx)).toEqual(REDIRECT);
    });

    it('admits a caller whose entry was removed', async () => {
      const ctx = context();
      await denyListFor(ctx).add({ kind: 'number', e164: CALLER });
      expect(await denyListFor(ctx).remove({ kind: 'number', e164: CALLER })).toBe(true);
      expect(await ring(CALLER, ctx)).toEqual(REDIRECT);
    });

    it('goes on to the throttles when the deny list cannot be read', async () => {
      await harness.control.injectFault({ route: 'GET /\\/Items\\/deny/', kind: '500-html', count: ALWAYS });
      expect(await ring(CALLER)).toEqual(REDIRECT);
    });
  });

  describe('anonymous callers', () => {
    it.each([
      ['no From', undefined],
      ['the withheld marker', '+266696687'],
      ['the word anonymous', 'anonymous'],
      ['an unparseable From', 'client:alice'],
    ])('admits %s by default', async (_name, from) => {
      expect(await ring(from)).toEqual(REDIRECT);
    });

    it.each([
      ['the withheld marker', '+266696687'],
      ['an unparseable From', '+10000000000'],
    ])('rejects %s with inbound.anonymous reject', async (_name, from) => {
      setPolicy({ inbound: { anonymous: 'reject' } });
      expect(await ring(from)).toEqual(REJECT_BUSY);
      expect(await ring(CALLER)).toEqual(REDIRECT);
    });

    it('throttles anonymous callers together: the 11th in a minute is rejected', async () => {
      const ctx = context();
      const withheld = ['+266696687', '+7378742833', 'anonymous', 'client:bob'];
      const verbs = [];
      for (let i = 0; i < 11; i++) verbs.push((await ring(withheld[i % withheld.length], ctx))[0].name);
      expect(verbs).toEqual([...Array(10).fill('Redirect'), 'Reject']);
      expect(await ring(CALLER, ctx)).toEqual(REDIRECT);
    });
  });

  describe('throttles', () => {
    it('rejects the second call from one caller within a minute', async () => {
      const ctx = context();
      const verbs = [];
      for (let i = 0; i < 2; i++) verbs.push((await ring(CALLER, ctx))[0].name);
      expect(verbs).toEqual(['Redirect', 'Reject']);
      expect(await ring('+447400123457', ctx)).toEqual(REDIRECT);
    });

    it.each([
      ['per caller prefix', 'voice-inbound-prefix', (i: number) => `+44740012345${i}`],
      ['overall', 'voice-inbound-global', (i: number) => (i % 2 ? `+3361234567${i}` : `+44740012${i}456`)],
    ])('rejects %s', async (_name, rule, caller) => {
      setPolicy({ throttles: { [rule]: { windows: [{ limit: 2, per: '1m' }] } } });
      const ctx = context();
      const verbs = [];
      for (let i = 0; i < 3; i++) verbs.push((await ring(caller(i), ctx))[0].name);
      expect(verbs).toEqual(['Redirect', 'Redirect', 'Reject']);
    });

    it('holds a flooding country to its room once the overall rate is half full, and admits a caller from another country', async () => {
      // No warm-up and a floor of 10% of 20 a minute: every country's room is 2 calls a minute.
      setPolicy({
        throttles: { 'voice-inbound-global': { windows: [{ limit: 20, per: '1m' }], shards: 1 } },
        inbound: { originShare: { warmUpCalls: 0, floor: 0.1 } },
      });
      const ctx = context({ GATE_LOG_LEVEL: 'info' });
      const lines: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
      const verbs = [];
      try {
        for (let i = 0; i < 12; i++) verbs.push((await ring(`+1604${200 + i}1234`, ctx))[0].name);
        verbs.push((await ring(CALLER, ctx))[0].name);
      } finally {
        spy.mockRestore();
      }
      expect(verbs).toEqual([...Array(10).fill('Redirect'), 'Reject', 'Reject', 'Redirect']);
      const held = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.event === 'voice.inbound' && record.outcome === 'rejected');
      expect(held.map((record) => [record.rule, record.callerCountry])).toEqual([
        ['inbound.originShare', 'CA'],
        ['inbound.originShare', 'CA'],
      ]);
      expect(held[0].origin).toEqual({ allowed: false, state: 'over_room', window: '1m', room: 2, count: 10 });
    });

    it('admits a caller first admitted on an earlier day while its country is held, and holds a stranger from it', async () => {
      setPolicy({
        throttles: { 'voice-inbound-global': { windows: [{ limit: 20, per: '1m' }], shards: 1 } },
        inbound: { originShare: { warmUpCalls: 0, floor: 0.1 } },
      });
      const ctx = context({ GATE_LOG_LEVEL: 'info' });
      const known = '+16043001234';
      // The record an earlier day's admitted call left, written where the gate keeps it: the hashed number, never the number.
      const config = parseConfig(ctx);
      const store = createSyncStore({ client: createTwilioClient(ctx), serviceSid: config.syncServiceSid, shards: config.syncShards });
      expect(await store.create(subjectKey(KNOWN_CALLER_KEY_PREFIX, known, ctx.GATE_HASH_SECRET as string), { firstDay: utcDay(Date.now()) - 1 }, 86_400)).toMatchObject({ ok: true });
      const lines: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
      const verbs = [];
      try {
        for (let i = 0; i < 11; i++) verbs.push((await ring(`+1604${200 + i}1234`, ctx))[0].name);
        verbs.push((await ring(known, ctx))[0].name, (await ring('+16043011234', ctx))[0].name);
      } finally {
        spy.mockRestore();
      }
      expect(verbs).toEqual([...Array(10).fill('Redirect'), 'Reject', 'Redirect', 'Reject']);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.event === 'voice.inbound');
      expect(records[11]).toMatchObject({ outcome: 'admitted', origin: { allowed: true, state: 'known_caller', window: '1m' } });
      expect(lines.join('\n')).not.toContain('6043001234');
    });

    it('falls back to the strict per-instance limit when Sync is down, neither admitting nor refusing everyone', async () => {
      setPolicy({ throttles: { 'voice-inbound': { windows: [{ limit: 2, per: '1m' }] } } });
      await harness.control.injectFault({ route: '* /sync/**', kind: '500-html', count: ALWAYS });
      const ctx = context();
      const verbs = [];
      for (let i = 0; i < 3; i++) verbs.push((await ring(CALLER, ctx))[0].name);
      // Per caller 2/1m here; the local fallback allows half of that, 1.
      expect(verbs).toEqual(['Redirect', 'Reject', 'Reject']);
    });
  });

  describe('fail-safe', () => {
    it.each([
      ['an invalid policy file', () => setPolicy({ inbound: { anonymus: 'reject' } }), {}, REDIRECT],
      ['an invalid voice setting', () => undefined, { GATE_CALL_TIME_LIMIT: 'forever' }, REDIRECT],
      ['an invalid shared setting', () => undefined, { GATE_HASH_SECRET: 'short' }, REDIRECT],
      ['an invalid policy, with GATE_VOICE_INBOUND_ON_ERROR=reject', () => setPolicy('{'), { GATE_VOICE_INBOUND_ON_ERROR: 'reject' }, REJECT_BUSY],
      ['a forwarding number the policy refuses (no app to admit to)', () => undefined, { GATE_VOICE_APP_URL: '', GATE_FORWARD_TO: '+37120123456' }, REJECT_BUSY],
      ['nowhere to send admitted calls', () => undefined, { GATE_VOICE_APP_URL: '' }, REJECT_BUSY],
    ])('answers the fail-safe on %s', async (_name, arrange, env, expected) => {
      arrange();
      expect(await ring(CALLER, context(env))).toEqual(expected);
    });

    it('logs which setting to fix', async () => {
      const lines: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
      try {
        await ring(CALLER, context({ GATE_LOG_LEVEL: 'info', GATE_VOICE_APP_URL: '', GATE_FORWARD_TO: '+37120123456' }));
      } finally {
        spy.mockRestore();
      }
      const record = lines.map((line) => JSON.parse(line)).find((entry) => entry.event === 'config.invalid');
      expect(record).toMatchObject({ level: 'error', setting: 'GATE_FORWARD_TO', problem: expect.stringMatching(/entry 1 \(\+3712\*+56\) is refused/), fallback: 'reject' });
      expect(lines.join('\n')).not.toContain('37120123456');
    });
  });

  it('logs every refusal with the masked caller and the deciding rule', async () => {
    // The logger masks any run of 7+ digits, so a long prefix would be logged masked too.
    setPolicy({ inbound: { deny: { prefixes: ['+44740'] } } });
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await ring(CALLER, context({ GATE_LOG_LEVEL: 'info' }));
    } finally {
      spy.mockRestore();
    }
    const record = lines.map((line) => JSON.parse(line)).find((entry) => entry.event === 'voice.inbound');
    expect(record).toMatchObject({ outcome: 'rejected', reason: 'policy_denied', rule: 'inbound.deny.prefixes[+44740]', from: expect.stringMatching(/^\+4474\*{6}56~[0-9a-f]{8}$/), fn: 'voice/inbound' });
    expect(lines.join('\n')).not.toContain('7400123456');
  });

  it('admits refused callers in monitor mode and logs what it would have done', async () => {
    setPolicy({ mode: 'monitor', inbound: { deny: { numbers: [CALLER] } } });
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await ring(CALLER, context({ GATE_LOG_LEVEL: 'info' }))).toEqual(REDIRECT);
    } finally {
      spy.mockRestore();
    }
    const record = lines.map((line) => JSON.parse(line)).find((entry) => entry.event === 'voice.inbound');
    expect(record).toMatchObject({ outcome: 'admitted', wouldReject: { reason: 'policy_denied', rule: 'inbound.deny.numbers' } });
  });
});
