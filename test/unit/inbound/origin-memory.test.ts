import { createOriginMemory, type OriginCounts } from '../../../src/core/inbound';

const MINUTE = 60_000;
const counts = (minute: number, baselineCalls = 0): OriginCounts => ({ recent: new Map([[MINUTE, minute]]), baselineCalls, baselineSpanMs: baselineCalls ? MINUTE : 0 });

describe('createOriginMemory', () => {
  it('reads an origin at most once per refresh, and adds the calls it admitted since to every window', async () => {
    const memory = createOriginMemory();
    const read = jest.fn(async () => counts(5));
    expect((await memory.counts('GB', 0, 10_000, read))?.recent.get(MINUTE)).toBe(5);
    memory.noteAdmit('GB');
    memory.noteAdmit('GB');
    expect((await memory.counts('GB', 9_999, 10_000, read))?.recent.get(MINUTE)).toBe(7);
    expect(read).toHaveBeenCalledTimes(1);
    await memory.counts('GB', 10_000, 10_000, read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('makes concurrent calls wait for one read', async () => {
    const memory = createOriginMemory();
    const read = jest.fn(async () => counts(1));
    await Promise.all([memory.counts('CA', 0, 10_000, read), memory.counts('CA', 0, 10_000, read)]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('remembers a failed read as unknown until the refresh, so an outage does not multiply reads', async () => {
    const memory = createOriginMemory();
    const read = jest.fn(async () => {
      throw new Error('sync down');
    });
    expect(await memory.counts('GB', 0, 10_000, read)).toBeUndefined();
    expect(await memory.counts('GB', 5_000, 10_000, read)).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('sums the baseline calls of the origins it read, and lists the ones it only admitted, most admitted first', async () => {
    const memory = createOriginMemory();
    await memory.counts('GB', 0, 10_000, async () => counts(0, 30));
    await memory.counts('US', 0, 10_000, async () => counts(0, 12));
    memory.noteAdmit('FR');
    memory.noteAdmit('DE');
    memory.noteAdmit('DE');
    expect(memory.knownBaselineCalls()).toBe(42);
    expect(memory.unread(5_000, 10_000, 5)).toEqual(['DE', 'FR']);
    expect(memory.unread(20_000, 10_000, 5)).toEqual(expect.arrayContaining(['DE', 'FR', 'GB', 'US']));
  });

  it('forgets the least recently read origin past its size', async () => {
    const memory = createOriginMemory(2);
    for (const origin of ['GB', 'US', 'FR']) await memory.counts(origin, 0, 10_000, async () => counts(0, 10));
    expect(memory.knownBaselineCalls()).toBe(20);
  });

  it('holds an origin until the hold ends, then forgets it', () => {
    const memory = createOriginMemory();
    const judgement = { allowed: false, state: 'over_room' as const, window: '1m', room: 10, count: 12 };
    memory.hold('CA', judgement, 0, 10_000);
    expect(memory.held('CA', 9_999)).toEqual(judgement);
    expect(memory.held('GB', 0)).toBeUndefined();
    expect(memory.held('CA', 10_000)).toBeUndefined();
    expect(memory.held('CA', 0)).toBeUndefined();
  });
});
