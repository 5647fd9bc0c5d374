import { checkOriginShare, createOriginMemory, createOriginVeto, DEFAULT_KNOWN_CALLERS, DEFAULT_ORIGIN_SHARE, originShareLogs, type OriginCounts } from '../../../src/core/inbound';
import { loadPolicy } from '../../../src/core/policy';
import type { TallyResult } from '../../../src/core/throttle';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const logs = originShareLogs(loadPolicy('{}').ruleSets)!;

/** A tally as the origin log's four windows answer it. */
function tallyOf(minute: number, hour: number, day: number, week: number, ageMs: number): TallyResult {
  const window = (per: string, windowMs: number, count: number) => ({ per, windowMs, count, oldestAgeMs: count ? Math.min(ageMs, windowMs) : 0 });
  return { ok: true, windows: [window('1m', MINUTE, minute), window('1h', HOUR, hour), window('1d', 86_400_000, day), window('7d', 604_800_000, week)] };
}

// One shard (storeShards 1): the overall log read is the whole of it, 200/1m and 1000/1h.
const fullMinute = new Map([['voice-inbound-global', Array.from({ length: 150 }, (_, i) => T0 - i * 100)]]);
const quiet = new Map([['voice-inbound-global', [T0 - 1000]]]);

describe('checkOriginShare', () => {
  it('reads no counts while the overall rate is not under pressure', async () => {
    const tally = jest.fn(async () => tallyOf(0, 0, 0, 0, 0));
    const judged = await checkOriginShare({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally, storeShards: 1 }, memory: createOriginMemory(), country: 'CA', readLogs: quiet, now: T0 });
    expect(judged.state).toBe('no_pressure');
    expect(tally).not.toHaveBeenCalled();
  });

  it('holds a country with no baseline at its floor under pressure, once the countries it admitted from show a baseline', async () => {
    const memory = createOriginMemory();
    memory.noteAdmit('GB');
    const tally = jest.fn(async (_rule: string, subject: { country?: string }) => (subject.country === 'GB' ? tallyOf(0, 10, 130, 130, 3 * HOUR) : tallyOf(12, 140, 140, 140, 10 * MINUTE)));
    const judged = await checkOriginShare({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally, storeShards: 1 }, memory, country: 'CA', readLogs: fullMinute, now: T0 });
    expect(judged).toEqual({ allowed: false, state: 'over_room', window: '1m', room: 10, count: 12 });
    expect(tally).toHaveBeenCalledTimes(2);
  });


  it('admits when the counts cannot be read: an outage is not a flood', async () => {
    const tally = async (): Promise<TallyResult> => ({ ok: false, reason: 'store_error' });
    const judged = await checkOriginShare({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally, storeShards: 1 }, memory: createOriginMemory(), country: 'CA', readLogs: fullMinute, now: T0 });
    expect(judged).toMatchObject({ allowed: true, state: 'counts_unknown' });
  });
  describe('with a known caller from a country over its room', () => {
    /** A known Canadian caller judged on `readLogs`: CA over its floor, GB the baseline the instance warmed up on. */
    async function judgeKnownCanadian(readLogs: Map<string, number[]>) {
      const memory = createOriginMemory();
      memory.noteAdmit('GB');
      const tally = async (_rule: string, subject: { country?: string }) => (subject.country === 'GB' ? tallyOf(0, 10, 130, 130, 3 * HOUR) : tallyOf(12, 140, 140, 140, 10 * MINUTE));
      const isKnown = jest.fn(async () => true);
      const reserveReached = jest.fn();
      const judged = await checkOriginShare({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally, storeShards: 1 }, memory, country: 'CA', readLogs, now: T0, knownCaller: { rule: DEFAULT_KNOWN_CALLERS, isKnown, reserveReached } });
      return { judged, isKnown, reserveReached };
    }

    it('asks whether the caller is known only under pressure, and lets a known one past its room', async () => {
      const calm = await judgeKnownCanadian(quiet);
      expect(calm.judged.state).toBe('no_pressure');
      expect(calm.isKnown).not.toHaveBeenCalled();
      const pressed = await judgeKnownCanadian(fullMinute);
      expect(pressed.judged).toEqual({ allowed: true, state: 'known_caller', window: '1m', room: 10, count: 12 });
      expect(pressed.isKnown).toHaveBeenCalledTimes(1);
      expect(pressed.reserveReached).not.toHaveBeenCalled();
    });

    it('reads no record once an overall window is at maxFill: a known caller is held like anyone', async () => {
      const nearlyFull = new Map([['voice-inbound-global', Array.from({ length: 170 }, (_, i) => T0 - i * 100)]]);
      const { judged, isKnown, reserveReached } = await judgeKnownCanadian(nearlyFull);
      expect(judged).toMatchObject({ allowed: false, state: 'over_room' });
      expect(isKnown).not.toHaveBeenCalled();
      expect(reserveReached).toHaveBeenCalledTimes(1);
    });
  });
});

describe('createOriginVeto', () => {
  const memoryKnowing = async (counts: OriginCounts) => {
    const memory = createOriginMemory();
    await memory.counts('GB', T0, 10_000, async () => counts);
    return memory;
  };
  const overFloor = async () => tallyOf(12, 140, 140, 140, 10 * MINUTE);

  it('refuses a held call, and keeps refusing when asked again after a lost race', async () => {
    const memory = await memoryKnowing({ recent: new Map(), baselineCalls: 100, baselineSpanMs: HOUR });
    const origin = createOriginVeto({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally: overFloor, storeShards: 1 }, memory, country: 'CA' }, false);
    expect(await origin.veto(fullMinute, T0)).toBe(true);
    expect(await origin.veto(quiet, T0)).toBe(true);
    expect(origin.judgement()).toMatchObject({ allowed: false, state: 'over_room' });
  });

  it('judges but never refuses in monitor mode', async () => {
    const memory = await memoryKnowing({ recent: new Map(), baselineCalls: 100, baselineSpanMs: HOUR });
    const origin = createOriginVeto({ rule: DEFAULT_ORIGIN_SHARE, logs, throttle: { tally: overFloor, storeShards: 1 }, memory, country: 'CA' }, true);
    expect(await origin.veto(fullMinute, T0)).toBe(false);
    expect(origin.judgement()).toMatchObject({ allowed: false, state: 'over_room' });
  });
});
