import { createMemoryStore, StoreError, type Store } from '../../../src/core/throttle';

/**
 * A memory store that records the key of every read, and fails the reads of one rule set's
 * items when asked (an approvals log Sync cannot serve), for the adaptive checks' tests.
 */
export function createRecordingStore(now: () => number, failReadsOf?: string): { store: Store; reads: string[] } {
  const memory = createMemoryStore({ now });
  const reads: string[] = [];
  const store: Store = {
    ...memory,
    name: memory.name,
    async get(key) {
      reads.push(key);
      if (failReadsOf && key.startsWith(`${failReadsOf}:`)) throw new StoreError('unavailable', 'injected');
      return memory.get(key);
    },
    create: (key, data, ttl) => memory.create(key, data, ttl),
    update: (key, data, ttl, revision) => memory.update(key, data, ttl, revision),
  };
  return { store, reads };
}
