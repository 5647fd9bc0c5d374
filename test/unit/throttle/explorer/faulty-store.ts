import { StoreError, type Store, type StoreData, type StoreItem, type StoreWriteResult } from '../../../../src/core/throttle';
import type { VirtualTimers } from './virtual-timers';

/** What happens to one store request. */
export type Fault = 'none' | 'lost_race' | 'timeout_after_landing' | 'rate_limited' | 'unavailable' | 'hang';

/** Odds of each fault per request, in order; the rest is `none`. */
export type FaultOdds = Readonly<Partial<Record<Exclude<Fault, 'none'>, number>>>;

/** Virtual ms a response that timed out after landing takes: far past any store timeout. */
const LATE_RESPONSE_MS = 5000;

interface Entry {
  json: string;
  revision: number;
}

export interface FaultyStore extends Store {
  /** The stored data of a key, as the store holds it now. */
  peek(key: string): StoreData | null;
}

/**
 * A Sync-like store in virtual time: every request takes a random latency and may meet a fault.
 * `lost_race`: a concurrent writer changes the revision (or creates the item) just before this
 * write, which then loses; `timeout_after_landing`: the write lands, its answer comes far too
 * late; `rate_limited` / `unavailable`: 429 / 5xx, nothing applied; `hang`: no answer, ever.
 */
export function createFaultyStore(timers: VirtualTimers, random: () => number, odds: FaultOdds): FaultyStore {
  const entries = new Map<string, Entry>();
  let revision = 1;

  const pickFault = (write: boolean): Fault => {
    let roll = random();
    for (const [fault, chance] of Object.entries(odds) as Array<[Exclude<Fault, 'none'>, number]>) {
      if (!write && (fault === 'lost_race' || fault === 'timeout_after_landing')) continue;
      if (roll < chance) return fault;
      roll -= chance;
    }
    return 'none';
  };

  function request<T>(write: boolean, key: string, apply: () => T): Promise<T> {
    const fault = pickFault(write);
    const latency = 1 + Math.floor(random() * 40);
    return new Promise<T>((resolve, reject) => {
      if (fault === 'hang') return;
      timers.setTimer(() => {
        if (fault === 'rate_limited' || fault === 'unavailable') {
          reject(new StoreError(fault, `scripted ${fault}`));
          return;
        }
        if (fault === 'lost_race') {
          const entry = entries.get(key);
          entries.set(key, entry ? { ...entry, revision: revision++ } : { json: JSON.stringify({ v: 2, t: [], i: [] }), revision: revision++ });
        }
        const result = apply();
        if (fault === 'timeout_after_landing') timers.setTimer(() => resolve(result), LATE_RESPONSE_MS);
        else resolve(result);
      }, latency);
    });
  }

  const write = (key: string, data: StoreData): StoreWriteResult => {
    const next = revision++;
    entries.set(key, { json: JSON.stringify(data), revision: next });
    return { ok: true, revision: String(next) };
  };

  return {
    name: 'faulty',
    peek: (key) => {
      const entry = entries.get(key);
      return entry ? (JSON.parse(entry.json) as StoreData) : null;
    },
    get: (key) =>
      request(false, key, (): StoreItem | null => {
        const entry = entries.get(key);
        return entry ? { data: JSON.parse(entry.json) as StoreData, revision: String(entry.revision) } : null;
      }),
    create: (key, data) => request(true, key, (): StoreWriteResult => (entries.has(key) ? { ok: false, conflict: 'exists' } : write(key, data))),
    update: (key, data, _ttl, expected) =>
      request(true, key, (): StoreWriteResult => {
        const entry = entries.get(key);
        if (!entry) return { ok: false, conflict: 'missing' };
        if (String(entry.revision) !== expected) return { ok: false, conflict: 'revision' };
        return write(key, data);
      }),
  };
}
