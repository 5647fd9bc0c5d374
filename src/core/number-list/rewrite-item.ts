import type { Store, StoreData, StoreItem } from '../throttle/store';
import { NumberListError } from './number-list-error';

/** Lost races a write tolerates before giving up (another operator editing at the same moment). */
export const MAX_WRITE_ATTEMPTS = 5;

/**
 * Read-modify-write of one never-expiring item, conditional on the revision read, retried when
 * another writer changed it in between. `change` gets the current item (or null) and returns
 * the new data, or undefined when there is nothing to write (then the result is false).
 * Throws `NumberListError` naming `what` after `MAX_WRITE_ATTEMPTS` lost races.
 *
 * @example
 * await rewriteItem(store, 'deny-prefixes', 'the prefix list', (item) => ({ v: 1, prefixes: [...] }));
 */
export async function rewriteItem(store: Store, key: string, what: string, change: (item: StoreItem | null) => StoreData | undefined): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const item = await store.get(key);
    const data = change(item);
    if (data === undefined) return false;
    const result = item ? await store.update(key, data, 0, item.revision) : await store.create(key, data, 0);
    if (result.ok) return true;
  }
  throw new NumberListError(`${what} kept changing while it was written; try again`);
}
