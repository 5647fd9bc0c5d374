import { createMemoryStore, StoreError, type Store, type StoreData, type StoreItem, type StoreWriteResult } from '../../../src/core/throttle';

export type StoreCall = { op: 'get' | 'create' | 'update'; key: string };

export interface ScriptedStore extends Store {
  readonly calls: StoreCall[];
  readonly inner: Store;
  /** Runs before each operation; may throw to fail it or await to delay it. */
  before: (call: StoreCall) => Promise<void> | void;
  writes(): number;
}

/** A memory store that records every call and lets a test delay or fail any of them. */
export function scriptedStore(inner: Store = createMemoryStore()): ScriptedStore {
  const calls: StoreCall[] = [];
  const store: ScriptedStore = {
    name: 'scripted',
    calls,
    inner,
    before: () => undefined,
    writes: () => calls.filter((call) => call.op !== 'get').length,
    async get(key: string): Promise<StoreItem | null> {
      calls.push({ op: 'get', key });
      await store.before({ op: 'get', key });
      return inner.get(key);
    },
    async create(key: string, data: StoreData, ttlSec: number): Promise<StoreWriteResult> {
      calls.push({ op: 'create', key });
      await store.before({ op: 'create', key });
      return inner.create(key, data, ttlSec);
    },
    async update(key: string, data: StoreData, ttlSec: number, revision: string): Promise<StoreWriteResult> {
      calls.push({ op: 'update', key });
      await store.before({ op: 'update', key });
      return inner.update(key, data, ttlSec, revision);
    },
  };
  return store;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const failWith = (reason: StoreError['reason']) => () => {
  throw new StoreError(reason, `injected ${reason}`);
};
