import { createBlockMemory } from '../../../src/core/adaptive';
import { parseConfig, type VoiceConfig } from '../../../src/core/config';
import type { GateRuntime } from '../../../src/core/gate/gate-runtime';
import { loadPolicy } from '../../../src/core/policy';
import type { Throttle, ThrottleDecision } from '../../../src/core/throttle';
import { placeCall } from '../../../src/core/voice';

// A throttle that answers with a fixed decision, as a buggy or future throttle might.
function throttleAnswering(decision: Partial<ThrottleDecision>): Throttle {
  const full: ThrottleDecision = { allowed: true, reason: 'ok', monitorOnly: false, action: 'voice-outbound', rule: null, window: null, limit: null, remaining: null, retryAfterMs: 0, path: 'store', quota: null, rules: [], ...decision };
  return { ruleSets: loadPolicy('{}').ruleSets, evaluate: async () => full, peek: async () => ({ ok: true, events: [] }), tally: async () => ({ ok: false, reason: 'store_error' }), storeShards: 1 };
}

function runtimeWith(throttle: Throttle) {
  const placed: unknown[] = [];
  const client = { calls: { create: async (body: unknown) => (placed.push(body), { sid: 'CA00000000000000000000000000000000' }) } };
  const denyList = { checkPrefixes: async () => ({ listed: false, rule: null, expiresAt: null, path: 'none', storeError: null }) };
  const runtime = { policy: loadPolicy('{}'), throttle, client, denyList, repeatRefusals: createBlockMemory(), now: () => 1_700_000_000_000 } as unknown as GateRuntime;
  return { runtime, placed };
}

const config = parseConfig({ ACCOUNT_SID: 'AC00000000000000000000000000000000', AUTH_TOKEN: 'x'.repeat(32) });
const voice = { callerIdPool: ['+14155550100'], callTwiml: { kind: 'twiml', twiml: '<Response/>' }, callTimeLimitSeconds: 600, callStatusCallback: undefined } as unknown as VoiceConfig;

describe('placeCall and a vetoed throttle decision', () => {
  it('refuses a vetoed decision even when it says allowed and no check reports a refusal, and places nothing', async () => {
    const { runtime, placed } = runtimeWith(throttleAnswering({ allowed: true, vetoed: true }));
    const outcome = await placeCall(runtime, config, voice, { to: '+447911123456' });
    expect(outcome.kind).toBe('throttled');
    expect(placed).toEqual([]);
  });

  it('places the call when the decision is admitted and not vetoed', async () => {
    const { runtime, placed } = runtimeWith(throttleAnswering({ allowed: true }));
    expect((await placeCall(runtime, config, voice, { to: '+447911123456' })).kind).toBe('placed');
    expect(placed).toHaveLength(1);
  });
});
