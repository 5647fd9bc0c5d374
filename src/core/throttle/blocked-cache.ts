import type { ThrottleWindow } from './rules';

/** Subjects a warm instance remembers as blocked before it drops the soonest-freed ones. */
export const DEFAULT_BLOCKED_CACHE_MAX_ENTRIES = 10_000;

export interface BlockedCacheOptions {
  /** Most keys remembered (default `DEFAULT_BLOCKED_CACHE_MAX_ENTRIES`). */
  maxEntries?: number;
}

/** A remembered denial: the key is blocked until `until` (epoch ms) by `window`. */
export interface BlockedEntry {
  readonly until: number;
  readonly window: ThrottleWindow;
}

/**
 * Per-instance memory of store keys known to be blocked, so a warm instance answers a repeat
 * offender with no round trip at all. It is exact, not a guess: a sliding-window log only gains
 * events, so a key denied until T by the store stays denied until T whatever other instances do.
 */
export interface BlockedCache {
  get(key: string, now: number): BlockedEntry | undefined;
  set(key: string, entry: BlockedEntry): void;
  readonly size: number;
}

/**
 * Creates a `BlockedCache`. Expired entries are dropped when read; when full, the oldest entry
 * is dropped (forgetting a block only costs one store read later).
 *
 * @example
 * const cache = createBlockedCache();
 * cache.set('verify-start:5c0f…', { until: now + 42_000, window });
 * cache.get('verify-start:5c0f…', now) // { until, window }
 */
export function createBlockedCache(options: BlockedCacheOptions = {}): BlockedCache {
  const maxEntries = options.maxEntries ?? DEFAULT_BLOCKED_CACHE_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(
      `throttle blocked cache: maxEntries ${String(maxEntries)} is not a whole number of at least 1; the default is ${DEFAULT_BLOCKED_CACHE_MAX_ENTRIES}`,
    );
  }
  const entries = new Map<string, BlockedEntry>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (entry && entry.until <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    get size() {
      return entries.size;
    },
  };
}
