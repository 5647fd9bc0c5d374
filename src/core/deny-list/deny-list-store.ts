import type twilio from 'twilio';
import { createSyncStore, DEFAULT_SYNC_SERVICE, SYNC_ERROR, toStoreError, type SyncStore } from '../throttle/sync-store';
import { classifyTwilioError } from '../twilio/classify-error';

/** Sync Maps holding the deny list are named `gate-deny-0..15`. */
export const DENY_LIST_MAP_PREFIX = 'gate-deny';
/**
 * Maps the deny list is spread over. Fixed, not `GATE_SYNC_SHARDS`: the CLI and every deployed
 * instance must agree on where an entry lives, and a shard count that differed between them
 * would silently lose entries. 16 Maps carry about 320 exact-number reads/s.
 */
export const DENY_LIST_SHARDS = 16;
/** Items on one page when listing (Sync's maximum). */
const LIST_PAGE_SIZE = 100;

/** One stored item as `list` returns it. */
export interface DenyListItem {
  key: string;
  data: Record<string, unknown>;
}

/** The Sync Maps behind the deny list: the throttle's item store, plus removal and listing. */
export interface DenyListStore extends SyncStore {
  /** Deletes an item; false when it was not there. */
  remove(key: string): Promise<boolean>;
  /** Every item of every deny-list Map (for the CLI; the call path never lists). */
  list(): Promise<DenyListItem[]>;
}

export interface DenyListStoreOptions {
  client: Pick<twilio.Twilio, 'sync'>;
  /** Sync service SID or `default`. Default `default`. */
  serviceSid?: string;
}

function isMissing(error: unknown): boolean {
  const failure = classifyTwilioError(error);
  return failure.kind === 'api' && (failure.code === SYNC_ERROR.itemNotFound || failure.status === 404);
}

/**
 * Creates the deny list's store on Sync Map items spread over `DENY_LIST_SHARDS` Maps by key
 * hash. Reads, creates and conditional updates are the throttle's `SyncStore` (same error
 * classification, same lost-race results); a missing item or Map reads as absent.
 *
 * @example
 * const store = createDenyListStore({ client });
 * await store.get('deny:5c0f…'); // GET .../Maps/gate-deny-7/Items/deny:5c0f…
 */
export function createDenyListStore(options: DenyListStoreOptions): DenyListStore {
  const serviceSid = options.serviceSid ?? DEFAULT_SYNC_SERVICE;
  const items = createSyncStore({ client: options.client, serviceSid, shards: DENY_LIST_SHARDS, mapPrefix: DENY_LIST_MAP_PREFIX });
  const service = options.client.sync.v1.services(serviceSid);
  return {
    ...items,
    async remove(key) {
      try {
        await service.syncMaps(items.mapFor(key)).syncMapItems(key).remove();
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw toStoreError(error, 'item delete');
      }
    },
    async list() {
      const maps = Array.from({ length: DENY_LIST_SHARDS }, (_, index) => `${DENY_LIST_MAP_PREFIX}-${index}`);
      const pages = await Promise.all(
        maps.map(async (map) => {
          try {
            return await service.syncMaps(map).syncMapItems.list({ pageSize: LIST_PAGE_SIZE });
          } catch (error) {
            // A Map nobody has written to yet does not exist: it holds no entries.
            if (isMissing(error)) return [];
            throw toStoreError(error, 'item list');
          }
        }),
      );
      return pages.flat().map((item) => ({ key: item.key, data: item.data as Record<string, unknown> }));
    },
  };
}
