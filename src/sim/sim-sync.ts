import { DEFAULT_SYNC_RATE_LIMITS, SyncRateLimiter, type SyncAccess } from '../../emulator/sync/rate-limit';
import type { NumberListItem, NumberListStore } from '../core/number-list';
import { shardOf, StoreError, type StoreData, type StoreItem, type StoreWriteResult } from '../core/throttle';
import { shardIndexOfKey } from '../core/throttle/hot-shards';
import type { SimClock } from './sim-clock';

/** Sync's per-Map rate limit error (HTTP 429). */
const SYNC_RATE_LIMITED = 54009;

export interface SimSyncOptions {
  clock: SimClock;
  /** Model Sync's per-Map budget of 20 reads/s and 20 writes/s (10 s burst). Default true. */
  rateLimits?: boolean;
  /** Simulated ms every store round trip takes (moves the shared clock). Default 0. */
  latencyMs?: number;
}

/** Round trips and refusals the Sync model counted. */
export interface SimSyncStats {
  reads: number;
  writes: number;
  conflicts: number;
  rateLimited: number;
}

interface Item {
  json: string;
  revision: number;
  expiresAt: number;
}

/** The Sync service of one simulated account: Maps of items, shared by every gate instance. */
export interface SimSync {
  readonly stats: SimSyncStats;
  /** A store on the Maps `<mapPrefix>-0..shards-1`, with Sync's semantics (see `createSimSync`). */
  store(mapPrefix: string, shards: number): NumberListStore;
}

/**
 * An in-memory Sync: each item has a revision that every write changes; `create` of a present key
 * and `update` naming a stale revision (or a missing item) are conflicts that change nothing; an
 * item's TTL expires it lazily (an expired item reads as absent); each Map has its own read and
 * write token buckets (the emulator's `SyncRateLimiter`, on the simulated clock), and an empty
 * bucket is a 429 `rate_limited` failure, as the production store reports it.
 *
 * @example
 * const sync = createSimSync({ clock });
 * const store = sync.store('gate-throttle', 8);
 */
export function createSimSync(options: SimSyncOptions): SimSync {
  const { clock } = options;
  const latencyMs = options.latencyMs ?? 0;
  const limiter = new SyncRateLimiter(options.rateLimits ?? true, { ...DEFAULT_SYNC_RATE_LIMITS });
  const maps = new Map<string, Map<string, Item>>();
  const stats: SimSyncStats = { reads: 0, writes: 0, conflicts: 0, rateLimited: 0 };
  let nextRevision = 1;

  const roundTrip = (map: string, access: SyncAccess): Map<string, Item> => {
    clock.advance(latencyMs);
    if (!limiter.allow(map, access, clock.now())) {
      stats.rateLimited += 1;
      throw new StoreError('rate_limited', `Sync ${access} failed with HTTP 429 (${SYNC_RATE_LIMITED})`, { status: 429, code: SYNC_RATE_LIMITED });
    }
    stats[access === 'read' ? 'reads' : 'writes'] += 1;
    let items = maps.get(map);
    if (!items) {
      items = new Map();
      maps.set(map, items);
    }
    return items;
  };
  const live = (items: Map<string, Item>, key: string): Item | undefined => {
    const item = items.get(key);
    if (item && item.expiresAt <= clock.now()) {
      items.delete(key);
      return undefined;
    }
    return item;
  };
  const write = (items: Map<string, Item>, key: string, data: StoreData, ttlSec: number): StoreWriteResult => {
    const revision = nextRevision++;
    items.set(key, { json: JSON.stringify(data), revision, expiresAt: ttlSec > 0 ? clock.now() + ttlSec * 1000 : Number.POSITIVE_INFINITY });
    return { ok: true, revision: String(revision) };
  };
  const conflict = (kind: 'exists' | 'revision' | 'missing'): StoreWriteResult => {
    stats.conflicts += 1;
    return { ok: false, conflict: kind };
  };

  return {
    stats,
    store(mapPrefix, shards) {
      // As the Sync store does: a hot subject's shard i lives in Map i, other keys by hash.
      const mapFor = (key: string) => `${mapPrefix}-${(shardIndexOfKey(key) ?? shardOf(key, shards)) % shards}`;
      return {
        name: 'sim-sync',
        shards,
        mapFor,
        async get(key): Promise<StoreItem | null> {
          const item = live(roundTrip(mapFor(key), 'read'), key);
          return item ? { data: JSON.parse(item.json) as StoreData, revision: String(item.revision) } : null;
        },
        async create(key, data, ttlSec) {
          const items = roundTrip(mapFor(key), 'write');
          return live(items, key) ? conflict('exists') : write(items, key, data, ttlSec);
        },
        async update(key, data, ttlSec, revision) {
          const items = roundTrip(mapFor(key), 'write');
          const item = live(items, key);
          if (!item) return conflict('missing');
          return String(item.revision) === revision ? write(items, key, data, ttlSec) : conflict('revision');
        },
        async remove(key) {
          return roundTrip(mapFor(key), 'write').delete(key);
        },
        async list(): Promise<NumberListItem[]> {
          const found: NumberListItem[] = [];
          for (let shard = 0; shard < shards; shard += 1) {
            const items = roundTrip(`${mapPrefix}-${shard}`, 'read');
            for (const key of [...items.keys()]) {
              const item = live(items, key);
              if (item) found.push({ key, data: JSON.parse(item.json) as StoreData });
            }
          }
          return found;
        },
      };
    },
  };
}
