import { BACKOFF_RECHECK_MS, combineVetoes, createBackoffMemory, DEFAULT_BACKOFF, startNumberBackoffCheck, type AdaptiveCheck } from '../../../src/core/adaptive';
import { createThrottle, DEFAULT_RULE_SETS, parseRuleSets } from '../../../src/core/throttle';
import { createRecordingStore } from './recording-store';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const NUMBER = '+447400123456';

function setup(options: { failApprovalReads?: boolean; ruleSets?: Parameters<typeof parseRuleSets>[0] } = {}) {
  let now = T0;
  const { store, reads } = createRecordingStore(() => now, options.failApprovalReads ? 'verify-conversion-number' : undefined);
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(options.ruleSets, DEFAULT_RULE_SETS), now: () => now });
  const backoffs = createBackoffMemory();
  const startTo = async (to = NUMBER, monitor = false) => {
    const check = startNumberBackoffCheck(throttle, DEFAULT_BACKOFF, { number: to, country: 'GB' }, monitor, backoffs);
    const decision = await throttle.evaluate('verify-start', { number: to, country: 'GB' }, { veto: check?.veto });
    return { decision, backoff: check?.result(), check };
  };
  const approve = (to = NUMBER) => throttle.evaluate('verify-conversion', { number: to, country: 'GB' });
  return { throttle, reads, backoffs, startTo, approve, advance: (ms: number) => (now += ms), now: () => now };
}

describe('startNumberBackoffCheck (injected clock)', () => {
  it('refuses a repeat start within the wait and writes nothing for it', async () => {
    const { startTo, throttle, advance } = setup();
    expect((await startTo()).decision.vetoed).toBeUndefined();
    advance(10_000);
    const refused = await startTo();
    expect(refused.decision.allowed).toBe(false);
    expect(refused.decision.vetoed).toBe(true);
    expect(refused.decision.rules.every((rule) => !rule.committed)).toBe(true);
    expect(refused.backoff).toMatchObject({ allowed: false, reason: 'backoff', unconvertedStarts: 1, waitMs: 30_000, liftsInMs: 20_000 });
    expect(await throttle.peek('verify-start', { number: NUMBER })).toMatchObject({ ok: true, events: [T0] });
  });

  it('admits one of a burst fired at once: a request that loses a write race is judged again on the fresh log', async () => {
    const { startTo, throttle } = setup();
    const burst = await Promise.all([startTo(), startTo(), startTo()]);
    expect(burst.filter(({ decision }) => decision.allowed && !decision.vetoed)).toHaveLength(1);
    expect(burst.filter(({ decision }) => decision.vetoed)).toHaveLength(2);
    // The refused ones took their events back out of every log they had reached.
    expect(await throttle.peek('verify-start', { number: NUMBER })).toMatchObject({ ok: true, events: [T0] });
    expect(await throttle.peek('verify-start-prefix', { number: NUMBER })).toMatchObject({ ok: true, events: [T0] });
  });

  it('walks the schedule 30 s, 1 m, 2 m as the starts stay unconverted', async () => {
    const { startTo, advance } = setup({ ruleSets: { 'verify-start': { subject: 'number', windows: [{ limit: 20, per: '1d' }] } } });
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const sent = await startTo();
      expect(sent.decision.vetoed).toBeUndefined();
      const refused = await startTo();
      waits.push(refused.backoff?.liftsInMs ?? -1);
      advance(refused.backoff?.liftsInMs ?? 0);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('lets a bot that asks as soon as it may have 7 codes in the first hour, then one an hour, up to the daily 10 (the figures in docs/configuration.md)', async () => {
    const { startTo, advance, now } = setup();
    const sentAtMinutes: number[] = [];
    while (now() - T0 < 86_400_000) {
      const { decision, backoff } = await startTo();
      if (decision.allowed && !decision.vetoed) {
        sentAtMinutes.push((now() - T0) / 60_000);
        advance(1);
        continue;
      }
      // Wait exactly as long as the answer says (the backoff's liftsInMs, or the throttle's Retry-After).
      const waitMs = decision.vetoed ? (backoff?.liftsInMs ?? 0) : decision.retryAfterMs;
      if (waitMs <= 0 || now() + waitMs - T0 >= 86_400_000) break;
      advance(waitMs);
    }
    expect(sentAtMinutes.map((minute) => Math.round(minute * 10) / 10)).toEqual([0, 0.5, 1.5, 10, 14, 22, 38, 70, 130, 190]);
    expect(sentAtMinutes.filter((minute) => minute < 60)).toHaveLength(7);
  });

  it('restarts from nothing after an approved check', async () => {
    // A roomier per-number limit, so the fourth start meets the backoff rather than 3 per 10 minutes.
    const { startTo, approve, advance } = setup({ ruleSets: { 'verify-start': { subject: 'number', windows: [{ limit: 20, per: '1d' }] } } });
    await startTo();
    advance(30_000);
    await startTo();
    advance(5_000);
    await approve();
    advance(1);
    const after = await startTo();
    expect(after.decision.vetoed).toBeUndefined();
    expect(after.backoff).toMatchObject({ allowed: true, unconvertedStarts: 0 });
    expect((await startTo()).backoff).toMatchObject({ allowed: false, unconvertedStarts: 1, waitMs: 30_000 });
  });

  it('reads the approvals only for a would-be refusal, and remembers the refusal', async () => {
    const { startTo, reads, backoffs, now } = setup();
    await startTo();
    expect(reads.filter((key) => key.startsWith('verify-conversion-number:'))).toHaveLength(0);
    reads.length = 0;
    await startTo();
    expect(reads.filter((key) => key.startsWith('verify-conversion-number:'))).toHaveLength(1);
    expect(reads.filter((key) => key.startsWith('verify-start:'))).toHaveLength(1);
    expect(backoffs.get(NUMBER, now())).toMatchObject({ reason: 'backoff', liftsInMs: 30_000 });
    // Judged again after BACKOFF_RECHECK_MS: an approval made by verify/check (another Function,
    // another memory) is seen within it.
    expect(backoffs.get(NUMBER, now() + BACKOFF_RECHECK_MS - 1)).toBeDefined();
    expect(backoffs.get(NUMBER, now() + BACKOFF_RECHECK_MS)).toBeUndefined();
  });

  it('does not judge the number when its approvals cannot be read', async () => {
    const { startTo } = setup({ failApprovalReads: true });
    await startTo();
    const second = await startTo();
    expect(second.decision.vetoed).toBeUndefined();
    expect(second.backoff).toMatchObject({ allowed: true, reason: 'approvals_unknown' });
  });

  it('judges but never refuses in monitor mode', async () => {
    const { startTo } = setup();
    await startTo(NUMBER, true);
    const second = await startTo(NUMBER, true);
    expect(second.decision.vetoed).toBeUndefined();
    expect(second.backoff).toMatchObject({ allowed: false, reason: 'backoff' });
  });

  it('is off when the rule is off or a log is not kept per number', () => {
    const { throttle } = setup();
    expect(startNumberBackoffCheck(throttle, null, { number: NUMBER }, false)).toBeUndefined();
    const noApprovals = setup({ ruleSets: { 'verify-conversion-number': false } }).throttle;
    expect(startNumberBackoffCheck(noApprovals, DEFAULT_BACKOFF, { number: NUMBER }, false)).toBeUndefined();
  });
});

describe('combineVetoes', () => {
  const check = (answer: boolean | Error): AdaptiveCheck<string> => ({
    veto: async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    },
    result: () => String(answer),
  });
  const logs = new Map<string, number[]>();

  it('refuses when any check refuses, and asks every one of them', async () => {
    const asked: string[] = [];
    const spy = (name: string, answer: boolean): AdaptiveCheck<string> => ({ veto: () => (asked.push(name), answer), result: () => name });
    expect(await combineVetoes([spy('a', false), spy('b', true), spy('c', false)])?.(logs, T0)).toBe(true);
    expect(asked).toEqual(['a', 'b', 'c']);
    expect(await combineVetoes([check(false), check(false)])?.(logs, T0)).toBe(false);
  });

  it('counts a check that throws as no refusal, and is absent with no checks', async () => {
    expect(await combineVetoes([check(new Error('boom')), check(false)])?.(logs, T0)).toBe(false);
    expect(await combineVetoes([check(new Error('boom')), check(true)])?.(logs, T0)).toBe(true);
    expect(combineVetoes([undefined, undefined])).toBeUndefined();
  });
});
