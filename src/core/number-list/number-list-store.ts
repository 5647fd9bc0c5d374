import type twilio from 'twilio';
import { createSyncStore, DEFAULT_SYNC_SERVICE, SYNC_ERROR, toStoreError, type SyncStore } from '../throttle/sync-store';
import { classifyTwilioError } from '../twilio/classify-error';

/**
 * Maps a number list is spread over. Fixed, not `GATE_SYNC_SHARDS`: the CLI and every deployed
 * instance must agree on where an entry lives, and a shard count that differed between them
 * would silently lose entries. 16 Maps carry about 320 exact-number reads/s.
 */
export const NUMBER_LIST_SHARDS = 16;
/** Items on one page when listing (Sync's maximum). */
const LIST_PAGE_SIZE = 100;

/** One stored item as `list` returns it. */
export interface NumberListItem {
  key: string;
  data: Record<string, unknown>;
}

/** The Sync Maps behind a number list: the throttle's item store, plus removal and listing. */
export interface NumberListStore extends SyncStore {
  /** Deletes an item; false when it was not there. */
  remove(key: string): Promise<boolean>;
  /** Every item of every Map of the list (for the CLI; the request path never lists). */
  list(): Promise<NumberListItem[]>;
}

export interface NumberListStoreOptions {
  client: Pick<twilio.Twilio, 'sync'>;
  /** Sync service SID or `default`. Default `default`. */
  serviceSid?: string;
  /** The list's Maps are named `<mapPrefix>-0..15` (`gate-deny`, `gate-safe`). Required. */
  mapPrefix: string;
}

function isMissing(error: unknown): boolean {
  const failure = classifyTwilioError(error);
  return failure.kind === 'api' && (failure.code === SYNC_ERROR.itemNotFound || failure.status === 404);
}

/**
 * Creates a number list's store on Sync Map items spread over `NUMBER_LIST_SHARDS` Maps by key
 * hash. Reads, creates and conditional updates are the throttle's `SyncStore` (same error
 * classification, same lost-race results); a missing item or Map reads as absent.
 *
 * @example
 * const store = createNumberListStore({ client, mapPrefix: 'gate-deny' });
 * await store.get('deny:5c0f…'); // GET .../Maps/gate-deny-7/Items/deny:5c0f…
 */
export function createNumberListStore(options: NumberListStoreOptions): NumberListStore {
  const serviceSid = options.serviceSid ?? DEFAULT_SYNC_SERVICE;
  const { mapPrefix } = options;
  const items = createSyncStore({ client: options.client, serviceSid, shards: NUMBER_LIST_SHARDS, mapPrefix });
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
      const maps = Array.from({ length: NUMBER_LIST_SHARDS }, (_, index) => `${mapPrefix}-${index}`);
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
