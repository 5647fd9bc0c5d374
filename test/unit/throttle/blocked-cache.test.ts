import { createBlockedCache, type ThrottleWindow } from '../../../src/core/throttle';

const WINDOW: ThrottleWindow = { limit: 3, per: '10m', windowMs: 600_000 };

describe('createBlockedCache', () => {
  it('remembers a key until one ms before its block ends', () => {
    const cache = createBlockedCache();
    cache.set('k', { until: 1000, window: WINDOW });
    expect(cache.get('k', 999)).toEqual({ until: 1000, window: WINDOW });
  });

  it('forgets a key when its block ends', () => {
    const cache = createBlockedCache();
    cache.set('k', { until: 1000, window: WINDOW });
    expect(cache.get('k', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = createBlockedCache({ maxEntries: 2 });
    cache.set('a', { until: 1000, window: WINDOW });
    cache.set('b', { until: 1000, window: WINDOW });
    cache.set('c', { until: 1000, window: WINDOW });
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)).toBeDefined();
    expect(cache.get('c', 0)).toBeDefined();
  });

  it.each([0, -1, 1.5])('refuses maxEntries %j', (maxEntries) => {
    expect(() => createBlockedCache({ maxEntries })).toThrow(/maxEntries/);
  });
});
