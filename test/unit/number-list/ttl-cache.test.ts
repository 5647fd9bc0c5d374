import { createTtlCache } from '../../../src/core/number-list';

describe('createTtlCache', () => {
  let time = 0;
  const now = () => time;
  beforeEach(() => {
    time = 1_000_000;
  });

  it('serves a loaded value until it is ttlMs old, then loads again', async () => {
    const cache = createTtlCache<number>({ ttlMs: 5000, now });
    const load = jest.fn(async () => 42);
    expect(await cache.get('k', load)).toEqual({ value: 42, source: 'store' });
    time += 4999;
    expect(await cache.get('k', load)).toEqual({ value: 42, source: 'cache' });
    time += 1;
    expect(await cache.get('k', load)).toEqual({ value: 42, source: 'store' });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load among concurrent callers', async () => {
    const cache = createTtlCache<string>({ ttlMs: 5000, now });
    let release: (value: string) => void = () => undefined;
    const load = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const results = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    release('v');
    expect((await results).map((result) => result.value)).toEqual(['v', 'v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed load, and rejects every waiting caller', async () => {
    const cache = createTtlCache<number>({ ttlMs: 5000, now });
    const failing = () => Promise.reject(new Error('store down'));
    await expect(Promise.all([cache.get('k', failing), cache.get('k', failing)])).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 7)).toEqual({ value: 7, source: 'store' });
  });

  it('forgets one key or all, and drops the oldest beyond maxEntries', async () => {
    const cache = createTtlCache<number>({ ttlMs: 5000, now, maxEntries: 2 });
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('c', async () => 3);
    expect(cache.size).toBe(2);
    expect((await cache.get('a', async () => 10)).source).toBe('store');
    cache.forget('a');
    expect((await cache.get('a', async () => 11)).value).toBe(11);
    cache.forget();
    expect(cache.size).toBe(0);
  });

  it('refuses invalid options', () => {
    expect(() => createTtlCache({ ttlMs: -1 })).toThrow(/ttlMs/);
    expect(() => createTtlCache({ ttlMs: 1, maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
