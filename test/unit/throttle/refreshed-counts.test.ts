import { createRefreshedCounts } from '../../../src/core/throttle';

const addLocal = (counts: number, local: number) => counts + local;

describe('createRefreshedCounts', () => {
  it('reads a key once per refresh and adds the events admitted here since', async () => {
    const cache = createRefreshedCounts<number>({ addLocal });
    const read = jest.fn(async () => 5);
    expect(await cache.counts('GB', 0, 1_000, read)).toBe(5);
    cache.noteLocal('GB');
    expect(await cache.counts('GB', 999, 1_000, read)).toBe(6);
    expect(read).toHaveBeenCalledTimes(1);
    expect(await cache.counts('GB', 1_000, 1_000, read)).toBe(5);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('drops an event for a key never read unless told to remember it, which makes the key stale', async () => {
    const dropping = createRefreshedCounts<number>({ addLocal });
    dropping.noteLocal('FR');
    expect(dropping.stale(0, 1_000, 10)).toEqual([]);
    const remembering = createRefreshedCounts<number>({ addLocal, rememberUnread: true });
    remembering.noteLocal('FR');
    remembering.noteLocal('DE');
    remembering.noteLocal('DE');
    await remembering.counts('GB', 0, 1_000, async () => 1);
    expect(remembering.stale(0, 1_000, 10)).toEqual(['DE', 'FR']);
    expect(remembering.stale(1_000, 1_000, 1)).toEqual(['DE']);
  });

  it('keeps an expired key in what it knows but reads it afresh next time', async () => {
    const cache = createRefreshedCounts<number>({ addLocal });
    await cache.counts('GB', 0, 60_000, async () => 3);
    cache.expire('GB');
    expect(cache.allRead()).toEqual([3]);
    expect(cache.lastKnown('GB')).toBe(3);
    const read = jest.fn(async () => 4);
    expect(await cache.counts('GB', 1, 60_000, read)).toBe(4);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('forgets the least recently read key past its size', async () => {
    const cache = createRefreshedCounts<number>({ addLocal, maxEntries: 2 });
    for (const key of ['A', 'B', 'C']) await cache.counts(key, 0, 1_000, async () => 1);
    expect(cache.lastKnown('A')).toBeUndefined();
    expect(cache.lastKnown('C')).toBe(1);
  });
});
