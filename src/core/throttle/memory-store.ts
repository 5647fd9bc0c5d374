import type { Store, StoreData, StoreItem, StoreWriteResult } from './store';

/** Items a memory store keeps before it starts dropping the least recently written ones. */
export const DEFAULT_MEMORY_STORE_MAX_ITEMS = 10_000;

export interface MemoryStoreOptions {
  /** Clock for TTLs. Default `Date.now`. */
  now?: () => number;
  /**
   * Most items kept (default `DEFAULT_MEMORY_STORE_MAX_ITEMS`). When full, expired items are
   * swept first, then the least recently written are dropped: memory stays bounded under a flood
   * of distinct subjects, at the price of forgetting the quietest ones.
   */
  maxItems?: number;
}

/** A `Store` in process memory: for tests, the CLI, and the per-instance `local` fallback. */
export interface MemoryStore extends Store {
  /** Items currently held (expired ones included until swept). */
  readonly size: number;
  clear(): void;
}

interface Entry {
  json: string;
  revision: number;
  expiresAt: number;
}

/**
 * Creates a `MemoryStore`. Data is stored as JSON text, so it round-trips exactly as through Sync
 * and callers cannot mutate stored state by holding on to an object. Expired items read as absent.
 *
 * @example
 * const store = createMemoryStore();
 * await store.create('verify-start:5c0f…', { v: 1, t: [Date.now()] }, 86460);
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const maxItems = options.maxItems ?? DEFAULT_MEMORY_STORE_MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1) {
    throw new TypeError(`memory store: maxItems ${String(maxItems)} is not a whole number of at least 1; the default is ${DEFAULT_MEMORY_STORE_MAX_ITEMS}`);
  }
  const entries = new Map<string, Entry>();
  let nextRevision = 1;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const write = (key: string, data: StoreData, ttlSec: number): StoreWriteResult => {
    const revision = nextRevision++;
    entries.delete(key);
    entries.set(key, { json: JSON.stringify(data), revision, expiresAt: now() + ttlSec * 1000 });
    if (entries.size > maxItems) {
      const time = now();
      for (const [candidate, entry] of entries) if (entry.expiresAt <= time) entries.delete(candidate);
      for (const candidate of entries.keys()) {
        if (entries.size <= maxItems) break;
        entries.delete(candidate);
      }
    }
    return { ok: true, revision: String(revision) };
  };

  return {
    name: 'memory',
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
    async get(key: string): Promise<StoreItem | null> {
      const entry = live(key);
      return entry ? { data: JSON.parse(entry.json) as StoreData, revision: String(entry.revision) } : null;
    },
    async create(key: string, data: StoreData, ttlSec: number): Promise<StoreWriteResult> {
      if (live(key)) return { ok: false, conflict: 'exists' };
      return write(key, data, ttlSec);
    },
    async update(key: string, data: StoreData, ttlSec: number, revision: string): Promise<StoreWriteResult> {
      const entry = live(key);
      if (!entry) return { ok: false, conflict: 'missing' };
      if (String(entry.revision) !== revision) return { ok: false, conflict: 'revision' };
      return write(key, data, ttlSec);
    },
  };
}
