import { createBudgetMemory } from '../../../src/core/adaptive';
import { parseConfig } from '../../../src/core/config';
import type { GateRuntime } from '../../../src/core/gate/gate-runtime';
import { loadPolicy } from '../../../src/core/policy';
import type { Throttle, ThrottleDecision } from '../../../src/core/throttle';
import { startVerification } from '../../../src/core/verify';
import { createBackoffMemory, createRangeBlockCache } from '../../../src/core/adaptive';

const T0 = 1_700_000_000_000;

// A throttle that answers with a fixed decision, as a buggy or future throttle might.
function throttleAnswering(decision: Partial<ThrottleDecision>): Throttle {
  const full: ThrottleDecision = { allowed: true, reason: 'ok', monitorOnly: false, action: 'verify-start', rule: null, window: null, limit: null, remaining: null, retryAfterMs: 0, path: 'store', quota: null, rules: [], ...decision };
  return { ruleSets: loadPolicy('{}').ruleSets, evaluate: async () => full, peek: async () => ({ ok: true, events: [] }), tally: async () => ({ ok: false, reason: 'store_error' }), storeShards: 1 };
}

function runtimeWith(throttle: Throttle) {
  const sent: unknown[] = [];
  const client = { verify: { v2: { services: () => ({ verifications: { create: async (body: unknown) => void sent.push(body) } }) } } };
  const safeList = { check: async () => ({ listed: false, rule: null }) };
  const denyList = { checkPrefixes: async () => ({ listed: false, rule: null, expiresAt: null, path: 'none', storeError: null }) };
  const runtime = { policy: loadPolicy('{}'), throttle, client, safeList, denyList, rangeBlocks: createRangeBlockCache(), backoffs: createBackoffMemory(), budgets: createBudgetMemory(), now: () => T0 } as unknown as GateRuntime;
  return { runtime, sent };
}

describe('startVerification and a vetoed throttle decision', () => {
  it('refuses a vetoed decision even when no adaptive check reports a refusal, and sends nothing', async () => {
    const { runtime, sent } = runtimeWith(throttleAnswering({ allowed: true, vetoed: true }));
    const config = { ...parseConfig({ ACCOUNT_SID: 'AC00000000000000000000000000000000', AUTH_TOKEN: 'x'.repeat(32) }), verifyServiceSid: 'VA00000000000000000000000000000000' };
    const outcome = await startVerification(runtime, config, { to: '+447911123456', channel: 'sms' });
    expect(outcome.kind).toBe('throttled');
    expect(sent).toEqual([]);
  });

  it('sends when the decision is admitted and not vetoed', async () => {
    const { runtime, sent } = runtimeWith(throttleAnswering({ allowed: true }));
    const config = { ...parseConfig({ ACCOUNT_SID: 'AC00000000000000000000000000000000', AUTH_TOKEN: 'x'.repeat(32) }), verifyServiceSid: 'VA00000000000000000000000000000000' };
    expect((await startVerification(runtime, config, { to: '+447911123456', channel: 'sms' })).kind).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('reads a busy range\'s approvals once for the low-conversion rule and the range budget together', async () => {
    const ruleSets = loadPolicy('{}').ruleSets;
    const peeks: string[] = [];
    // Five starts in the number's range today: both rules need the range's approvals to decide.
    const rangeStarts = [T0 - 5_000, T0 - 4_000, T0 - 3_000, T0 - 2_000, T0 - 1_000];
    const throttle: Throttle = {
      ruleSets,
      storeShards: 32,
      evaluate: async (action, _subject, options) => {
        const logs = new Map<string, readonly number[]>([['verify-start-prefix', rangeStarts]]);
        const vetoed = options?.veto ? await options.veto(logs, T0) : false;
        return { allowed: true, reason: 'ok', monitorOnly: false, action, rule: null, window: null, limit: null, remaining: null, retryAfterMs: 0, path: 'store', quota: null, rules: [], vetoed };
      },
      peek: async (ruleName) => {
        peeks.push(ruleName);
        return { ok: true, events: [T0 - 4_500, T0 - 3_500, T0 - 2_500, T0 - 1_500] };
      },
      // A quiet, normal country: 5 starts and 4 approvals today.
      tally: async (ruleName) => ({ ok: true, windows: [{ per: '1d', windowMs: 86_400_000, count: ruleName.startsWith('verify-start') ? 5 : 4, oldestAgeMs: 5_000 }] }),
    };
    const { runtime, sent } = runtimeWith(throttle);
    const config = { ...parseConfig({ ACCOUNT_SID: 'AC00000000000000000000000000000000', AUTH_TOKEN: 'x'.repeat(32) }), verifyServiceSid: 'VA00000000000000000000000000000000' };
    expect((await startVerification(runtime, config, { to: '+447911123456', channel: 'sms' })).kind).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(peeks.filter((name) => name === 'verify-conversion-prefix')).toEqual(['verify-conversion-prefix']);
  });
});
