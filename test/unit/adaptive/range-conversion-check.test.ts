import { createRangeBlockCache, DEFAULT_LOW_CONVERSION, evaluateLowConversion, maskRange, BLOCK_RECHECK_MS, startRangeConversionCheck } from '../../../src/core/adaptive';
import { createMemoryStore, createThrottle, DEFAULT_RULE_SETS, parseRuleSets, type ThrottleLogRecord } from '../../../src/core/throttle';
import { createRecordingStore } from './recording-store';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const RANGE = '+44740012';
const number = (i: number) => `${RANGE}${String(i).padStart(4, '0')}`;

function setup(options: { failApprovalReads?: boolean } = {}) {
  let now = T0;
  const records: ThrottleLogRecord[] = [];
  const { store, reads } = createRecordingStore(() => now, options.failApprovalReads ? 'verify-conversion-prefix' : undefined);
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(undefined, DEFAULT_RULE_SETS), now: () => now, logger: (record) => records.push(record) });
  const startTo = async (to: string, monitor = false) => {
    const check = startRangeConversionCheck(throttle, DEFAULT_LOW_CONVERSION, { number: to, country: 'GB' }, monitor);
    const decision = await throttle.evaluate('verify-start', { number: to, country: 'GB' }, { veto: check?.veto });
    return { decision, lowConversion: check?.result() };
  };
  const approve = (to: string) => throttle.evaluate('verify-conversion', { number: to, country: 'GB' });
  return { throttle, records, reads, startTo, approve, advance: (ms: number) => (now += ms) };
}

describe('startRangeConversionCheck', () => {
  it('refuses the start after three unconverted starts to a range, and writes nothing for it', async () => {
    const { startTo, throttle } = setup();
    for (let i = 0; i < 3; i += 1) expect((await startTo(number(i))).decision.vetoed).toBeUndefined();
    const refused = await startTo(number(3));
    expect(refused.decision.vetoed).toBe(true);
    expect(refused.decision.rules.every((rule) => !rule.committed)).toBe(true);
    expect(refused.lowConversion).toMatchObject({ allowed: false, reason: 'low_conversion', starts: 3, approvals: 0 });
    // Nothing recorded: the range log still holds three starts.
    expect(await throttle.peek('verify-start-prefix', { number: number(4) })).toMatchObject({ ok: true, events: [T0, T0, T0] });
  });

  it('keeps admitting a range whose codes are entered', async () => {
    const { startTo, approve } = setup();
    for (let i = 0; i < 6; i += 1) {
      const { decision } = await startTo(number(i));
      expect(decision.allowed && !decision.vetoed).toBe(true);
      await approve(number(i));
    }
  });

  it('lifts the block once the oldest starts leave the hour, then blocks again after three more', async () => {
    const { startTo, advance } = setup();
    for (let i = 0; i < 3; i += 1) await startTo(number(i));
    const refused = await startTo(number(3));
    advance((refused.lowConversion?.liftsInMs ?? 0) - 1);
    expect((await startTo(number(4))).decision.vetoed).toBe(true);
    advance(1);
    expect((await startTo(number(5))).decision.vetoed).toBeUndefined();
  });

  it('does not refuse when the approvals read fails (the range counts as unjudged)', async () => {
    const { startTo, records } = setup({ failApprovalReads: true });
    for (let i = 0; i < 4; i += 1) expect((await startTo(number(i))).decision.vetoed).toBeUndefined();
    expect((await startTo(number(4))).lowConversion).toMatchObject({ allowed: true, reason: 'approvals_unknown', starts: 4 });
    expect(records.some((record) => record.event === 'throttle.peek_failed')).toBe(true);
  });

  it('judges but never refuses in monitor mode', async () => {
    const { startTo } = setup();
    for (let i = 0; i < 3; i += 1) await startTo(number(i), true);
    const watched = await startTo(number(3), true);
    expect(watched.decision.vetoed).toBeUndefined();
    expect(watched.decision.rules.some((rule) => rule.committed)).toBe(true);
    expect(watched.lowConversion).toMatchObject({ allowed: false, reason: 'low_conversion' });
  });

  it('reads the approvals log only for a would-be refusal, and the starts log only through the throttle', async () => {
    const { startTo, reads } = setup();
    await startTo(number(0));
    expect(reads.filter((key) => key.startsWith('verify-conversion-prefix:'))).toHaveLength(0);
    expect(reads.filter((key) => key.startsWith('verify-start-prefix:'))).toHaveLength(1);
    await startTo(number(1));
    await startTo(number(2));
    reads.length = 0;
    // Three starts in the window: without approvals the range would be refused, so they are read.
    expect((await startTo(number(3))).decision.vetoed).toBe(true);
    expect(reads.filter((key) => key.startsWith('verify-conversion-prefix:'))).toHaveLength(1);
    expect(reads.filter((key) => key.startsWith('verify-start-prefix:'))).toHaveLength(1);
  });

  it('is off when the rule is off or the range logs are not counted per prefix:8', () => {
    const throttle = createThrottle({ store: createMemoryStore(), secret: SECRET });
    expect(startRangeConversionCheck(throttle, null, { number: number(0) }, false)).toBeUndefined();
    const other = createThrottle({ store: createMemoryStore(), secret: SECRET, ruleSets: parseRuleSets({ 'verify-start-prefix': { subject: 'prefix:6' } }) });
    expect(startRangeConversionCheck(other, DEFAULT_LOW_CONVERSION, { number: number(0) }, false)).toBeUndefined();
  });

  it('judges a prefix:7 scope on the rule sets that count by prefix:7, and remembers the 7-digit range', async () => {
    let now = T0;
    const ruleSets = parseRuleSets(
      {
        'verify-start-prefix': false,
        'verify-conversion-prefix': false,
        'starts-by-7': { action: 'verify-start', subject: 'prefix:7', windows: [{ limit: 50, per: '1d' }] },
        'approvals-by-7': { action: 'verify-conversion', subject: 'prefix:7', windows: [{ limit: 50, per: '1d' }], onStoreError: 'open' },
      },
      DEFAULT_RULE_SETS,
    );
    const throttle = createThrottle({ store: createMemoryStore({ now: () => now }), secret: SECRET, ruleSets, now: () => now });
    const rule = { ...DEFAULT_LOW_CONVERSION, scope: 'prefix:7', digits: 7 } as const;
    const cache = createRangeBlockCache({ digits: 7 });
    // Three numbers that share 7 digits (4474001) but not 8.
    for (const to of ['+447400123456', '+447400133456', '+447400143456']) {
      const check = startRangeConversionCheck(throttle, rule, { number: to, country: 'GB' }, false, cache);
      expect((await throttle.evaluate('verify-start', { number: to, country: 'GB' }, { veto: check?.veto })).vetoed).toBeUndefined();
      now += 1000;
    }
    const check = startRangeConversionCheck(throttle, rule, { number: '+447400193456', country: 'GB' }, false, cache);
    expect((await throttle.evaluate('verify-start', { number: '+447400193456', country: 'GB' }, { veto: check?.veto })).vetoed).toBe(true);
    expect(check?.result()).toMatchObject({ reason: 'low_conversion', starts: 3 });
    expect(cache.get('+447400100000', now)).toBeDefined();
    expect(cache.get('+447400200000', now)).toBeUndefined();
    expect(maskRange('+447400193456', 7)).toBe('+4474***');
  });

  it('masks a range to its first four digits', () => {
    expect(maskRange('+447400123456')).toBe('+4474****');
  });
});

describe('createRangeBlockCache', () => {
  const blocked = evaluateLowConversion(DEFAULT_LOW_CONVERSION, [T0, T0, T0], [], T0 + 1000);

  it('remembers a refused range for every number in it, counting liftsInMs down', () => {
    const cache = createRangeBlockCache();
    cache.set(number(1), blocked, T0 + 1000);
    expect(cache.get(number(99), T0 + 2000)).toMatchObject({ reason: 'low_conversion', liftsInMs: blocked.liftsInMs - 1000 });
    expect(cache.get('+447500123456', T0 + 2000)).toBeUndefined();
  });

  it('asks the store again after the recheck interval, or when the block lifts if sooner', () => {
    const cache = createRangeBlockCache();
    cache.set(number(1), blocked, T0);
    expect(cache.get(number(1), T0 + BLOCK_RECHECK_MS - 1)).toBeDefined();
    expect(cache.get(number(1), T0 + BLOCK_RECHECK_MS)).toBeUndefined();
    cache.set(number(1), { ...blocked, liftsInMs: 500 }, T0);
    expect(cache.get(number(1), T0 + 500)).toBeUndefined();
  });

  it('stays bounded', () => {
    const cache = createRangeBlockCache({ maxEntries: 2 });
    cache.set('+447400123456', blocked, T0);
    cache.set('+447500123456', blocked, T0);
    cache.set('+447600123456', blocked, T0);
    expect(cache.get('+447400123456', T0)).toBeUndefined();
    expect(cache.get('+447600123456', T0)).toBeDefined();
  });

  it('is filled by a refusing veto', async () => {
    const cache = createRangeBlockCache();
    const throttle = createThrottle({ store: createMemoryStore({ now: () => T0 }), secret: SECRET, now: () => T0 });
    for (let i = 0; i < 3; i += 1) await throttle.evaluate('verify-start', { number: number(i), country: 'GB' });
    const check = startRangeConversionCheck(throttle, DEFAULT_LOW_CONVERSION, { number: number(3), country: 'GB' }, false, cache);
    expect((await throttle.evaluate('verify-start', { number: number(3), country: 'GB' }, { veto: check?.veto })).vetoed).toBe(true);
    expect(cache.get(number(4), T0)).toMatchObject({ reason: 'low_conversion' });
  });
});
