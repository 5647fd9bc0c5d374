import type twilio from 'twilio';
import { classifyTwilioError, hasTwilioCode } from '../twilio';
import { StoreError, type Store, type StoreData, type StoreItem, type StoreWriteResult } from './store';
import { shardOf } from './subject-key';
import { shardIndexOfKey } from './hot-shards';

/** Default number of Sync Maps items are spread over (`GATE_SYNC_SHARDS`). Each Map takes about 20 writes/s. */
export const DEFAULT_SYNC_STORE_SHARDS = 32;
/** The most Maps a store spreads over. */
export const MAX_SYNC_STORE_SHARDS = 256;
/** The account's default Sync service, as `Runtime.getSync()` uses it. */
export const DEFAULT_SYNC_SERVICE = 'default';
/** Maps are named `<prefix>-0` to `<prefix>-<K-1>`. */
export const DEFAULT_SYNC_MAP_PREFIX = 'gate-throttle';

/** Sync error codes the store branches on (their HTTP statuses are not documented; codes are). */
export const SYNC_ERROR = {
  itemNotFound: 54201,
  revisionMismatch: 54205,
  itemExists: 54208,
  uniqueNameExists: 54301,
  rateLimited: 54009,
} as const;

export interface SyncStoreOptions {
  /** A twilio client (from `createTwilioClient`). Required. */
  client: Pick<twilio.Twilio, 'sync'>;
  /** Sync service SID or `default`. Default `DEFAULT_SYNC_SERVICE`. */
  serviceSid?: string;
  /** Number of Maps (K), 1 to 256. Default `DEFAULT_SYNC_STORE_SHARDS`. */
  shards?: number;
  /** Map name prefix. Default `DEFAULT_SYNC_MAP_PREFIX`. */
  mapPrefix?: string;
}

export interface SyncStore extends Store {
  /** The Map (unique name) a key lives in. */
  mapFor(key: string): string;
  /** Number of Maps (K). */
  readonly shards: number;
}

const TIMEOUT_ERRNOS = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** Turns a twilio client error into the `StoreError` the throttle's failure policy reads. */
export function toStoreError(error: unknown, operation: string): StoreError {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'api') {
    const details = { status: failure.status, code: failure.code, cause: error };
    const what = `Sync ${operation} failed with HTTP ${failure.status}${failure.code ? ` (${failure.code})` : ''}`;
    if (failure.status === 429 || failure.code === SYNC_ERROR.rateLimited) return new StoreError('rate_limited', what, details);
    if (failure.status >= 500) return new StoreError('unavailable', what, details);
    return new StoreError('rejected', what, details);
  }
  if (failure.kind === 'transport') {
    const reason = TIMEOUT_ERRNOS.has(failure.errno) ? 'timeout' : 'transport';
    return new StoreError(reason, `Sync ${operation} failed: ${failure.errno}`, { cause: error });
  }
  return new StoreError('unknown', `Sync ${operation} failed unexpectedly`, { cause: error });
}

function isMapMissing(error: unknown): boolean {
  const failure = classifyTwilioError(error);
  return failure.kind === 'api' && failure.status === 404 && failure.code !== SYNC_ERROR.itemNotFound;
}

/**
 * Creates a `Store` on Sync Map items. Keys are spread over K Maps by hash, so the per-Map write
 * limit (about 20/s) multiplies by K. A Map is created the first time it is found missing; a
 * concurrent creation by another instance (54301) counts as success. Lost races come back as
 * typed conflicts (54208 on create, 54205 on update, 54201 when the item vanished), never thrown:
 * retrying one means reading again and deciding again, which the throttle does (bounded, with
 * jitter). Other failures reject with a `StoreError` (`toStoreError`), never retried here, so the
 * rule set's `onStoreError` applies at once.
 *
 * @example
 * const store = createSyncStore({ client: createTwilioClient(context), shards: 8 });
 * await store.get('verify-start:5c0f…'); // GET /v1/Services/default/Maps/gate-throttle-3/Items/verify-start:5c0f…
 */
export function createSyncStore(options: SyncStoreOptions): SyncStore {
  const shards = options.shards ?? DEFAULT_SYNC_STORE_SHARDS;
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SYNC_STORE_SHARDS) {
    throw new TypeError(`sync store: shards ${String(shards)} is not a whole number from 1 to ${MAX_SYNC_STORE_SHARDS}; the default is ${DEFAULT_SYNC_STORE_SHARDS}`);
  }
  const prefix = options.mapPrefix ?? DEFAULT_SYNC_MAP_PREFIX;
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,200}$/.test(prefix)) {
    throw new TypeError(`sync store: mapPrefix '${prefix}' must be letters, digits, '-' or '_' (a Sync unique name); the default is ${DEFAULT_SYNC_MAP_PREFIX}`);
  }
  const service = options.client.sync.v1.services(options.serviceSid ?? DEFAULT_SYNC_SERVICE);
  const creating = new Map<string, Promise<void>>();

  // A sharded subject's shard i lives in Map i (mod K), so its shards never share a Map's write budget.
  const mapFor = (key: string) => `${prefix}-${shardIndexOfKey(key) !== undefined ? (shardIndexOfKey(key) as number) % shards : shardOf(key, shards)}`;

  // One creation per Map at a time on this instance; another instance winning the race is fine.
  const ensureMap = (map: string): Promise<void> => {
    let pending = creating.get(map);
    if (!pending) {
      pending = service.syncMaps
        .create({ uniqueName: map })
        .then(
          () => undefined,
          (error: unknown) => {
            const failure = classifyTwilioError(error);
            if (failure.kind === 'api' && (failure.code === SYNC_ERROR.uniqueNameExists || failure.status === 409)) return;
            throw toStoreError(error, 'map create');
          },
        )
        .finally(() => creating.delete(map));
      creating.set(map, pending);
    }
    return pending;
  };

  const createItem = (key: string, data: StoreData, ttlSec: number) =>
    service.syncMaps(mapFor(key)).syncMapItems.create({ key, data, itemTtl: ttlSec });

  return {
    name: 'sync',
    mapFor,
    shards,

    async get(key: string): Promise<StoreItem | null> {
      try {
        const item = await service.syncMaps(mapFor(key)).syncMapItems(key).fetch();
        return { data: item.data as StoreData, revision: String(item.revision) };
      } catch (error) {
        if (hasTwilioCode(error, SYNC_ERROR.itemNotFound)) return null;
        if (isMapMissing(error)) {
          // A Map that did not exist holds no item; if another instance just created both, our create will say so.
          await ensureMap(mapFor(key));
          return null;
        }
        throw toStoreError(error, 'item fetch');
      }
    },

    async create(key: string, data: StoreData, ttlSec: number): Promise<StoreWriteResult> {
      for (let attempt = 0; ; attempt++) {
        try {
          const item = await createItem(key, data, ttlSec);
          return { ok: true, revision: String(item.revision) };
        } catch (error) {
          if (hasTwilioCode(error, SYNC_ERROR.itemExists)) return { ok: false, conflict: 'exists' };
          if (attempt === 0 && isMapMissing(error)) {
            await ensureMap(mapFor(key));
            continue;
          }
          throw toStoreError(error, 'item create');
        }
      }
    },

    async update(key: string, data: StoreData, ttlSec: number, revision: string): Promise<StoreWriteResult> {
      try {
        const item = await service.syncMaps(mapFor(key)).syncMapItems(key).update({ data, itemTtl: ttlSec, ifMatch: revision });
        return { ok: true, revision: String(item.revision) };
      } catch (error) {
        if (hasTwilioCode(error, SYNC_ERROR.revisionMismatch)) return { ok: false, conflict: 'revision' };
        if (hasTwilioCode(error, SYNC_ERROR.itemNotFound) || isMapMissing(error)) return { ok: false, conflict: 'missing' };
        throw toStoreError(error, 'item update');
      }
    },
  };
}
