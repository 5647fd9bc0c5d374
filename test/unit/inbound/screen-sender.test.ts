import type { GateRuntime } from '../../../src/core/gate/gate-runtime';
import { screenInboundSender } from '../../../src/core/inbound';
import { loadPolicy } from '../../../src/core/policy';
import { createMemoryStore, createThrottle } from '../../../src/core/throttle';

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
