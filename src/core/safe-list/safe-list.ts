import type twilio from 'twilio';
import { maskPhoneNumber } from '../log/mask';
import {
  createNumberListStore,
  createTtlCache,
  DEFAULT_NUMBER_LIST_CACHE_MS,
  DEFAULT_NUMBER_LIST_TIMEOUT_MS,
  MAX_LIST_TTL_SECONDS,
  NumberListError,
  rewriteItem,
  type NumberList,
  type NumberListEntry,
  type NumberListStore,
} from '../number-list';
import { createDeadline } from '../throttle/deadline';
import { storeErrorReason, type StoreItem } from '../throttle/store';
import { assertSubjectSecret, hashSubject } from '../throttle/subject-key';

/** The Sync Map family holding the safe list (`gate-safe-*`; the one item lands in one of them). */
export const SAFE_LIST_MAP_PREFIX = 'gate-safe';
/** The one item holding every entry. */
export const SAFE_LIST_KEY = 'safe-list';
/**
 * Most entries. The list names customers an operator let through by hand, so it is short; all of
 * it fits one Sync item (16 KiB), which is what makes a check one cached read per instance.
 */
export const MAX_SAFE_LIST_ENTRIES = 100;

/** One stored entry: hashed number, masked form for listing, added and expiry times (epoch ms). */
interface SafeEntry {
  h: string;
  d: string;
  a: number;
  e: number | null;
}

export interface SafeListOptions {
  /** Where the list lives (`createSafeListStore`). Required. */
  store: NumberListStore;
  /** HMAC secret numbers are hashed with (`GATE_HASH_SECRET`). Required. */
  secret: string;
  /** Clock (epoch ms): expiry is decided on stored times. Default `Date.now`. */
  now?: () => number;
  /** How long an instance trusts what it read, in ms. Default `DEFAULT_NUMBER_LIST_CACHE_MS` (5 s). */
  cacheMs?: number;
  /** Real-time budget of one check in ms. Default `DEFAULT_NUMBER_LIST_TIMEOUT_MS`. */
  timeoutMs?: number;
}

const live = (entry: SafeEntry, now: number) => entry.e === null || entry.e > now;

function readEntries(item: StoreItem | null): SafeEntry[] {
  const entries = item?.data.numbers;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (entry): entry is SafeEntry =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.h === 'string' &&
      typeof entry.d === 'string' &&
      typeof entry.a === 'number' &&
      (entry.e === null || typeof entry.e === 'number'),
  );
}

/** The safe list's store: the number-list store on the `gate-safe-*` Maps. */
export function createSafeListStore(options: { client: Pick<twilio.Twilio, 'sync'>; serviceSid?: string }): NumberListStore {
  return createNumberListStore({ ...options, mapPrefix: SAFE_LIST_MAP_PREFIX });
}

/**
 * Creates the runtime safe list `gatekeeper allow` manages: numbers `verify/start` lets past the
 * destination rules, Lookup and the adaptive rules (the throttles still count them). Exact
 * numbers only, no prefixes: the list exists to let one named customer through a blocked range,
 * and a safe-listed range would let a pumping bot through with them. Every entry (keyed hash,
 * masked form, expiry) lives in one item read through a per-instance cache, so a check costs at
 * most one read per instance per `cacheMs` whatever the number, and a flood of refusals to
 * distinct numbers costs no more. Expiry is decided on stored times.
 *
 * @example
 * const safeList = createSafeList({ store: createSafeListStore({ client }), secret });
 * await safeList.add({ kind: 'number', e164: '+447400123456' }, { ttlSeconds: 7 * 86400 });
 * (await safeList.check('+447400123456')).listed // true
 */
export function createSafeList(options: SafeListOptions): NumberList {
  const { store, secret } = options;
  assertSubjectSecret(secret);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_NUMBER_LIST_TIMEOUT_MS;
  const cache = createTtlCache<SafeEntry[]>({ ttlMs: options.cacheMs ?? DEFAULT_NUMBER_LIST_CACHE_MS, now });
  const idOf = (e164: string) => hashSubject(secret, e164);

  const write = async (change: (entries: SafeEntry[], time: number) => SafeEntry[] | undefined): Promise<boolean> => {
    const written = await rewriteItem(store, SAFE_LIST_KEY, 'the safe list', (item) => {
      const time = now();
      const next = change(readEntries(item).filter((entry) => live(entry, time)), time);
      return next === undefined ? undefined : { v: 1, numbers: next };
    });
    if (written) cache.forget();
    return written;
  };

  return {
    async check(e164) {
      const deadline = createDeadline(timeoutMs);
      try {
        const { value, source } = await cache.get(SAFE_LIST_KEY, () => deadline.guard(() => store.get(SAFE_LIST_KEY), timeoutMs).then(readEntries));
        const id = idOf(e164);
        const entry = value.find((candidate) => candidate.h === id && live(candidate, now()));
        return { listed: entry !== undefined, rule: entry ? 'safe-list.numbers' : null, expiresAt: entry?.e ?? null, path: source, storeError: null };
      } catch (error) {
        return { listed: false, rule: null, expiresAt: null, path: 'none', storeError: storeErrorReason(error) };
      }
    },

    async add(target, { ttlSeconds } = {}) {
      if (target.kind !== 'number') throw new NumberListError('the safe list takes exact numbers only, not prefixes');
      if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_LIST_TTL_SECONDS)) {
        throw new NumberListError(`an expiry must be 1 second to 365 days, not ${String(ttlSeconds)} seconds`);
      }
      const addedAt = now();
      const entry: SafeEntry = { h: idOf(target.e164), d: maskPhoneNumber(target.e164), a: addedAt, e: ttlSeconds === undefined ? null : addedAt + ttlSeconds * 1000 };
      await write((entries) => {
        const others = entries.filter((candidate) => candidate.h !== entry.h);
        if (others.length >= MAX_SAFE_LIST_ENTRIES) {
          throw new NumberListError(`the safe list holds at most ${MAX_SAFE_LIST_ENTRIES} numbers; remove some (expired entries are dropped on every write)`);
        }
        return [...others, entry];
      });
      return { kind: 'number', display: entry.d, id: entry.h, addedAt, expiresAt: entry.e };
    },

    async remove(target) {
      if (target.kind === 'prefix') return false;
      const id = target.kind === 'id' ? target.id : idOf(target.e164);
      return write((entries) => (entries.some((entry) => entry.h === id) ? entries.filter((entry) => entry.h !== id) : undefined));
    },

    async list() {
      const time = now();
      const entries: NumberListEntry[] = readEntries(await store.get(SAFE_LIST_KEY))
        .filter((entry) => live(entry, time))
        .map((entry) => ({ kind: 'number', display: entry.d, id: entry.h, addedAt: entry.a, expiresAt: entry.e }));
      return entries.sort((a, b) => a.display.localeCompare(b.display));
    },
  };
}
