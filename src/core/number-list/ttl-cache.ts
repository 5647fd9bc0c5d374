/** Entries a warm instance keeps before it drops the oldest. */
export const DEFAULT_TTL_CACHE_MAX_ENTRIES = 10_000;

export interface TtlCacheOptions {
  /** How long a loaded value is served without asking again, in ms. Required. */
  ttlMs: number;
  /** Most keys kept (default `DEFAULT_TTL_CACHE_MAX_ENTRIES`); the oldest are dropped first. */
  maxEntries?: number;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/** Where a value came from: loaded for this call, or remembered (including a load in flight). */
export type CacheSource = 'store' | 'cache';

export interface TtlCache<T> {
  /**
   * The value for `key`: remembered while younger than `ttlMs`, else loaded. Concurrent calls for
   * a key share one load, so a burst of requests at expiry costs one store read, not one each. A
   * failed load is not remembered (the next call tries again) and rejects every waiting caller.
   */
  get(key: string, load: () => Promise<T>): Promise<{ value: T; source: CacheSource }>;
  /** Forgets `key`, or everything. */
  forget(key?: string): void;
  readonly size: number;
}

/**
 * Creates a per-instance read-through cache with a fixed time to live. It trades freshness for
 * store reads: a change made elsewhere is seen after at most `ttlMs`.
 *
 * @example
 * const cache = createTtlCache<boolean>({ ttlMs: 5000 });
 * const { value, source } = await cache.get(key, () => readFromSync(key));
 */
export function createTtlCache<T>(options: TtlCacheOptions): TtlCache<T> {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? DEFAULT_TTL_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new TypeError(`ttl cache: ttlMs ${String(ttlMs)} is not a number of milliseconds of at least 0`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`ttl cache: maxEntries ${String(maxEntries)} is not a whole number of at least 1; the default is ${DEFAULT_TTL_CACHE_MAX_ENTRIES}`);
  }
  const values = new Map<string, { value: T; loadedAt: number }>();
  const loading = new Map<string, Promise<T>>();

  return {
    async get(key, load) {
      const cached = values.get(key);
      if (cached && now() - cached.loadedAt < ttlMs) return { value: cached.value, source: 'cache' };
      const pending = loading.get(key);
      if (pending) return { value: await pending, source: 'cache' };
      const started = load().then((value) => {
        values.delete(key);
        values.set(key, { value, loadedAt: now() });
        if (values.size > maxEntries) values.delete(values.keys().next().value as string);
        return value;
      });
      loading.set(key, started);
      try {
        return { value: await started, source: 'store' };
      } finally {
        loading.delete(key);
      }
    },
    forget(key) {
      if (key === undefined) values.clear();
      else values.delete(key);
    },
    get size() {
      return values.size;
    },
  };
}
