import type { GateRuntime } from '../../../src/core/gate/gate-runtime';
import { classifyCaller, createKnownCallerMemory, DEFAULT_ORIGIN_SHARE, KNOWN_CALLER_KEY_PREFIX, KNOWN_CALLER_READ_BURST, KNOWN_CALLER_READS_PER_SECOND, screenInboundSender } from '../../../src/core/inbound';
import { loadPolicy } from '../../../src/core/policy';
import { createMemoryStore, createThrottle, StoreError, type Store } from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;

function runtimeWith(overallLimit: number) {
  const policy = loadPolicy(
    JSON.stringify({
      throttles: {
        'sms-inbound': { windows: [{ limit: 5, per: '1m' }] },
        'sms-inbound-global': { windows: [{ limit: overallLimit, per: '1m' }] },
      },
    }),
  );
  const throttle = createThrottle({ store: createMemoryStore({ now: () => T0 }), secret: SECRET, ruleSets: policy.ruleSets, now: () => T0 });
  const denyList = { check: async () => ({ denied: false, rule: null }) };
  return { policy, throttle, denyList, now: () => T0 } as unknown as GateRuntime;
}

const screen = (runtime: GateRuntime, from: string) => screenInboundSender(runtime, from, { action: 'sms-inbound', overallAction: 'sms-inbound-global' });

describe('screenInboundSender', () => {
  it('leaves no per-sender event when the overall rate refuses', async () => {
    const runtime = runtimeWith(1);
    expect((await screen(runtime, "+447911123456")).kind).toBe("admitted");
    const refused = await screen(runtime, '+447911123457');
    expect(refused).toMatchObject({ kind: 'rejected', reason: 'throttled', rule: 'sms-inbound-global' });
    expect(await runtime.throttle.peek('sms-inbound', { number: '+447911123457' })).toEqual({ ok: true, events: [] });
    expect(await runtime.throttle.peek('sms-inbound', { number: '+447911123456' })).toEqual({ ok: true, events: [T0] });
  });

  it('counts an admitted sender once in its own log and once overall', async () => {
    const runtime = runtimeWith(10);
    await screen(runtime, '+447911123456');
    expect(await runtime.throttle.peek('sms-inbound', { number: '+447911123456' })).toEqual({ ok: true, events: [T0] });
    expect(await runtime.throttle.peek('sms-inbound-global', {})).toEqual({ ok: true, events: [T0] });
  });

  it('does not ask the overall rate for a sender its own limit refuses', async () => {
    const runtime = runtimeWith(100);
    for (let i = 0; i < 5; i++) await screen(runtime, '+447911123456');
    expect(await screen(runtime, '+447911123456')).toMatchObject({ kind: 'rejected', rule: 'sms-inbound', overall: null });
    expect(await runtime.throttle.peek('sms-inbound-global', {})).toEqual({ ok: true, events: [T0, T0, T0, T0, T0] });
  });
});

describe('screenInboundSender with inbound.originShare (voice)', () => {
  const HOUR = 3_600_000;

  function voiceRuntime(originShare: boolean, options: { knownCallers?: boolean; wrapStore?: (store: Store) => Store } = {}) {
    const clock = { now: T0 - 2 * HOUR };
    const policy = loadPolicy(
      JSON.stringify({
        inbound: { ...(originShare ? {} : { originShare: false }), ...(options.knownCallers === false ? { knownCallers: false } : {}) },
        throttles: { 'voice-inbound-global': { windows: [{ limit: 40, per: '1m' }, { limit: 1000, per: '1h' }] } },
      }),
    );
    const memoryStore = createMemoryStore({ now: () => clock.now });
    const store = options.wrapStore ? options.wrapStore(memoryStore) : memoryStore;
    const throttle = createThrottle({ store, secret: SECRET, ruleSets: policy.ruleSets, now: () => clock.now });
    const denyList = { check: async () => ({ denied: false, rule: null }) };
    const knownCallers = createKnownCallerMemory({ store, secret: SECRET });
    return { clock, runtime: { policy, throttle, denyList, knownCallers, now: () => clock.now } as unknown as GateRuntime };
  }

  const call = (runtime: GateRuntime, from: string) =>
    screenInboundSender(runtime, from, { action: 'voice-inbound', overallAction: 'voice-inbound-global', shareByOrigin: true });
  // Distinct numbers in distinct 8-digit ranges, so only the overall rate and the origin share can refuse.
  const ukCallers = Array.from({ length: 40 }, (_, i) => `+4479${20 + i}123456`).filter((number) => classifyCaller(number).kind === 'number' && (classifyCaller(number) as { country?: string }).country === 'GB');
  const canadianFlood = Array.from({ length: 60 }, (_, i) => `+1604${200 + i}1234`);
  const DAY = 86_400_000;
  const KNOWN_CANADIAN = '+16043001234';
  const NEW_CANADIAN = '+16043011234';

  async function floodAfterBaseline(originShare: boolean, options: Parameters<typeof voiceRuntime>[1] = {}) {
    const { clock, runtime } = voiceRuntime(originShare, options);
    clock.now = T0 - DAY;
    // A Canadian caller got through yesterday: known today.
    expect((await call(runtime, KNOWN_CANADIAN)).kind).toBe('admitted');
    clock.now = T0 - 2 * HOUR;
    for (const number of ukCallers.slice(0, 25)) expect((await call(runtime, number)).kind).toBe('admitted');
    clock.now = T0;
    const flood = [];
    for (const number of canadianFlood) flood.push(await call(runtime, number));
    const realCaller = await call(runtime, ukCallers[25]);
    return { flood, realCaller, runtime, clock };
  }

  it('keeps room for callers from other countries while one country floods the overall rate', async () => {
    const { flood, realCaller } = await floodAfterBaseline(true);
    expect(realCaller).toMatchObject({ kind: 'admitted', origin: { allowed: true, state: 'within_room' } });
    const held = flood.filter((screening) => screening.kind === 'rejected');
    expect(held.length).toBeGreaterThan(30);
    expect(held.every((screening) => screening.kind === 'rejected' && screening.rule === 'inbound.originShare')).toBe(true);
  });

  it('refuses everyone once the flood fills the overall rate when switched off', async () => {
    const { realCaller } = await floodAfterBaseline(false);
    expect(realCaller).toMatchObject({ kind: 'rejected', rule: 'voice-inbound-global', origin: null });
  });

  it('writes nothing of a held call: neither the overall rate nor the caller\u2019s own logs', async () => {
    const { flood, runtime } = await floodAfterBaseline(true);
    const admitted = flood.filter((screening) => screening.kind === 'admitted').length;
    const firstHeld = flood.find((screening) => screening.kind === 'rejected');
    expect(firstHeld).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare', overall: { vetoed: true } });
    expect(await runtime.throttle.peek('voice-inbound', { number: canadianFlood[canadianFlood.length - 1] })).toEqual({ ok: true, events: [] });
    const overall = await runtime.throttle.peek('voice-inbound-global', {});
    // The admitted part of the flood and the real caller (the calls two hours ago have left the log).
    expect(overall.ok && overall.events.length).toBe(admitted + 1);
  });

  it('refuses the held country\u2019s next calls from memory, with no Sync request, for the refresh time', async () => {
    const { flood, runtime, clock } = await floodAfterBaseline(true);
    const fromMemory = flood.filter((screening) => screening.kind === 'rejected' && screening.overall === null);
    expect(fromMemory.length).toBeGreaterThan(30);
    expect(fromMemory[0]).toMatchObject({ rule: 'inbound.originShare', throttle: null, origin: { allowed: false, state: 'over_room' } });
    const spy = jest.spyOn(runtime.throttle, 'evaluate');
    expect(await call(runtime, '+16042991234')).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare', throttle: null });
    expect(spy).not.toHaveBeenCalled();
    clock.now += DEFAULT_ORIGIN_SHARE.refreshMs;
    await call(runtime, '+16042981234');
    expect(spy).toHaveBeenCalled();
  });

  describe('with inbound.knownCallers', () => {
    it('lets a caller admitted on an earlier day past its flooded country\u2019s room, and holds a stranger from it', async () => {
      const { runtime } = await floodAfterBaseline(true);
      expect(await call(runtime, KNOWN_CANADIAN)).toMatchObject({ kind: 'admitted', origin: { allowed: true, state: 'known_caller', window: '1m' } });
      expect(await call(runtime, NEW_CANADIAN)).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare' });
    });

    it('holds the caller with its country when switched off', async () => {
      const { runtime } = await floodAfterBaseline(true, { knownCallers: false });
      expect(await call(runtime, KNOWN_CANADIAN)).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare' });
    });

    it('does not make a caller first admitted today known: a flood\u2019s fresh numbers stay strangers all day', async () => {
      const { runtime } = await floodAfterBaseline(true);
      // Its first call was admitted minutes ago, before the pressure point; it is still held.
      expect(await call(runtime, canadianFlood[0])).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare' });
    });

    it('refuses a held country\u2019s known caller from memory, reading no record, while the reserve is reached', async () => {
      const { runtime } = await floodAfterBaseline(true);
      runtime.knownCallers.holdReserve(T0 + DEFAULT_ORIGIN_SHARE.refreshMs);
      const isKnown = jest.spyOn(runtime.knownCallers, 'isKnown');
      expect(await call(runtime, KNOWN_CANADIAN)).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare', throttle: null });
      expect(isKnown).not.toHaveBeenCalled();
    });

    it('treats a caller whose record cannot be read as a stranger, without failing the call', async () => {
      const unreadable = (store: Store): Store => ({
        ...store,
        name: store.name,
        get: async (key) => {
          if (key.startsWith(`${KNOWN_CALLER_KEY_PREFIX}:`)) throw new StoreError('unavailable', 'Sync answered 503');
          return store.get(key);
        },
      });
      const { runtime } = await floodAfterBaseline(true, { wrapStore: unreadable });
      // Another instance, whose reads of callers' records fail: without a readable record the
      // caller is a stranger (a memory that failed open would admit it here).
      Object.assign(runtime, { knownCallers: createKnownCallerMemory({ store: unreadable(createMemoryStore()), secret: SECRET }) });
      expect(await call(runtime, KNOWN_CANADIAN)).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare' });
    });

    it('reads the records of a held country’s fresh numbers within its read budget, however fast they call', async () => {
      const gets = jest.fn();
      const counted = (inner: Store): Store => ({ ...inner, name: inner.name, get: (key) => (key.startsWith(`${KNOWN_CALLER_KEY_PREFIX}:`) && gets(key), inner.get(key)) });
      const { runtime, clock } = await floodAfterBaseline(true, { wrapStore: counted });
      gets.mockClear();
      const start = clock.now;
      for (let i = 0; i < 200; i += 1) {
        clock.now = start + i * 20;
        expect(await call(runtime, `+1604777${String(1000 + i)}`)).toMatchObject({ kind: 'rejected', rule: 'inbound.originShare' });
      }
      const seconds = (clock.now - start) / 1000;
      expect(gets.mock.calls.length).toBeLessThanOrEqual(KNOWN_CALLER_READ_BURST + Math.ceil(seconds * KNOWN_CALLER_READS_PER_SECOND));
    });

    it('records an admitted caller without reading anything, once per instance', async () => {
      const gets = jest.fn();
      const creates = jest.fn();
      const watched = voiceRuntime(true, {
        wrapStore: (inner) => ({
          name: inner.name,
          get: (key) => (key.startsWith(`${KNOWN_CALLER_KEY_PREFIX}:`) && gets(key), inner.get(key)),
          create: (key, data, ttl) => (key.startsWith(`${KNOWN_CALLER_KEY_PREFIX}:`) && creates(key, data, ttl), inner.create(key, data, ttl)),
          update: (key, data, ttl, revision) => inner.update(key, data, ttl, revision),
        }),
      });
      expect(await call(watched.runtime, ukCallers[0])).toMatchObject({ kind: 'admitted', knownCaller: 'created' });
      watched.clock.now += 5 * 60_000;
      expect(await call(watched.runtime, ukCallers[0])).toMatchObject({ kind: 'admitted', knownCaller: 'already_recorded' });
      expect(gets).not.toHaveBeenCalled();
      expect(creates).toHaveBeenCalledTimes(1);
      const [key, data, ttl] = creates.mock.calls[0] as [string, Record<string, unknown>, number];
      expect(key).toMatch(/^known_caller:[0-9a-f]{32}$/);
      expect(key).not.toContain(ukCallers[0].slice(1));
      expect(data).toEqual({ firstDay: Math.floor((T0 - 2 * HOUR) / DAY) });
      expect(ttl).toBe(60 * 86_400);
    });
  });
});
