import { maskPhoneNumber } from '../log/mask';
import { compilePrefixMatcher } from '../phone/prefix-matcher';
import { createDeadline } from '../throttle/deadline';
import { storeErrorReason, type StoreErrorReason, type StoreItem } from '../throttle/store';
import { assertSubjectSecret, hashSubject } from '../throttle/subject-key';
import type { NumberListStore } from './number-list-store';
import type { NumberTarget } from './number-target';
import { NumberListError } from './number-list-error';
import { MAX_WRITE_ATTEMPTS, rewriteItem } from './rewrite-item';
import { createTtlCache, type CacheSource } from './ttl-cache';

/**
 * How long a warm instance trusts what it read: a new entry takes effect within this time on
 * instances that looked the number (or the prefix list) up just before it was added.
 */
export const DEFAULT_NUMBER_LIST_CACHE_MS = 5_000;
/** Budget for the reads of one check: a slow store must not hold a ringing call or a code. */
export const DEFAULT_NUMBER_LIST_TIMEOUT_MS = 1_000;
/** Most prefix entries: they share one item, and Sync items hold at most 16 KiB. */
export const MAX_LIST_PREFIXES = 200;
/** Longest expiry accepted: Sync item TTLs stop at one year. */
export const MAX_LIST_TTL_SECONDS = 365 * 86_400;
/** Added to an entry's expiry for the item TTL, so Sync never collects an entry that still counts. */
const TTL_SLACK_SECONDS = 60;

/** One entry as `list` shows it: exact numbers masked, prefixes as written. */
export interface NumberListEntry {
  kind: 'number' | 'prefix';
  /** `+4479******56` for a number, `+4479112` for a prefix. */
  display: string;
  /** The hashed id of a number (what `remove` accepts as `{ kind: 'id' }`), or the prefix. */
  id: string;
  addedAt: number;
  /** Epoch ms, or null for an entry that never expires. */
  expiresAt: number | null;
}

/**
 * The answer for one number. Never a rejection: a failed read is `storeError` and the caller's
 * gate decides what that means (the inbound gates go on to their throttles).
 */
export interface NumberListCheck {
  listed: boolean;
  /**
   * The entry that matched: `<list>.numbers` (the number itself; its hashed id is not named,
   * since the log masks digit runs inside it) or `<list>.prefixes[+4479112]`.
   */
  rule: string | null;
  expiresAt: number | null;
  /** `cache` when every part came from this instance's memory. */
  path: CacheSource | 'none';
  /** Why a read failed, when one did. */
  storeError: StoreErrorReason | null;
}

/** A runtime list of numbers (and, if it takes them, prefixes) with its admin operations for the CLI. */
export interface NumberList {
  /** Is `e164` listed? One exact-item read and the (cached) prefix list, both cached for `cacheMs`. */
  check(e164: string): Promise<NumberListCheck>;
  /** Adds or replaces an entry; `ttlSeconds` makes it expire. */
  add(target: Exclude<NumberTarget, { kind: 'id' }>, options?: { ttlSeconds?: number }): Promise<NumberListEntry>;
  /** Removes an entry; false when there was none. */
  remove(target: NumberTarget): Promise<boolean>;
  /** Every live entry, exact numbers masked. */
  list(): Promise<NumberListEntry[]>;
}

/** A number list that takes prefixes, with a check of its prefixes alone. */
export interface PrefixNumberList extends NumberList {
  /** Is `e164` in a listed prefix? Only the cached prefix list: at most one read per instance per `cacheMs`. */
  checkPrefixes(e164: string): Promise<NumberListCheck>;
}

/** What makes one list distinct from another sharing this code. */
export interface NumberListKind {
  /** Names the list in decision logs: `deny-list`, `safe-list`. */
  name: string;
  /** Exact entries are items `<numberKeyPrefix><HMAC of the number>` (`deny:`). */
  numberKeyPrefix: string;
  /** The one item holding every prefix entry (`deny-prefixes`). */
  prefixesKey: string;
}

export interface NumberListOptions {
  /** Where entries live (`createNumberListStore`). Required. */
  store: NumberListStore;
  /** HMAC secret exact numbers are hashed with (`GATE_HASH_SECRET`). Required. */
  secret: string;
  /** Which list this is. Required. */
  kind: NumberListKind;
  /** Clock (epoch ms): decides expiry on stored times, since Sync expires items late. Default `Date.now`. */
  now?: () => number;
  /** Per-instance cache lifetime in ms. Default `DEFAULT_NUMBER_LIST_CACHE_MS`. */
  cacheMs?: number;
  /** Real-time budget of one check in ms. Default `DEFAULT_NUMBER_LIST_TIMEOUT_MS`. */
  timeoutMs?: number;
}

interface PrefixEntry {
  p: string;
  a: number;
  e: number | null;
}

const live = (expiresAt: number | null, now: number) => expiresAt === null || expiresAt > now;

function readPrefixes(item: StoreItem | null): PrefixEntry[] {
  const entries = item?.data.prefixes;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (entry): entry is PrefixEntry =>
      typeof entry === 'object' && entry !== null && typeof entry.p === 'string' && typeof entry.a === 'number' && (entry.e === null || typeof entry.e === 'number'),
  );
}

function itemTtlSeconds(expiresAt: number | null, now: number): number {
  // 0 is Sync's "never expire"; otherwise the stored time decides and the TTL only collects.
  return expiresAt === null ? 0 : Math.ceil((expiresAt - now) / 1000) + TTL_SLACK_SECONDS;
}

/**
 * Creates a number list: exact numbers as one item each, keyed by the HMAC of the number (no
 * number is stored; the masked form is kept for listing), and every prefix in one small item. A check reads the number's item and the prefix item concurrently,
 * each through a per-instance cache (`cacheMs`, default 5 s, also for "not listed" answers): a
 * repeat number costs no read and a flood of distinct numbers one read each. Expiry is decided
 * on stored times.
 *
 * @example
 * const denyList = createNumberList({ store: createNumberListStore({ client, mapPrefix: 'gate-deny' }), secret, kind: DENY_LIST });
 * await denyList.add({ kind: 'prefix', prefix: '+4479112' }, { ttlSeconds: 3600 });
 * (await denyList.check('+447911234567')).listed // true
 */
export function createNumberList(options: NumberListOptions): PrefixNumberList {
  const { store, secret, kind } = options;
  assertSubjectSecret(secret);
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? DEFAULT_NUMBER_LIST_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_NUMBER_LIST_TIMEOUT_MS;
  const numbers = createTtlCache<StoreItem | null>({ ttlMs: cacheMs, now });
  const prefixes = createTtlCache<PrefixEntry[]>({ ttlMs: cacheMs, now });
  const prefixesKey = kind.prefixesKey;

  const idOf = (e164: string) => hashSubject(secret, e164);
  const keyOf = (id: string) => `${kind.numberKeyPrefix}${id}`;

  const writePrefixes = async (change: (entries: PrefixEntry[], time: number) => PrefixEntry[] | undefined): Promise<boolean> => {
    const written = await rewriteItem(store, prefixesKey, 'the prefix list', (item) => {
      const time = now();
      const next = change(readPrefixes(item).filter((entry) => live(entry.e, time)), time);
      return next === undefined ? undefined : { v: 1, prefixes: next };
    });
    if (written) prefixes.forget();
    return written;
  };

  return {
    async check(e164) {
      const deadline = createDeadline(timeoutMs);
      const id = idOf(e164);
      const [exact, ranges] = await Promise.allSettled([
        numbers.get(id, () => deadline.guard(() => store.get(keyOf(id)), timeoutMs)),
        prefixes.get(prefixesKey, () => deadline.guard(() => store.get(prefixesKey), timeoutMs).then(readPrefixes)),
      ]);
      const time = now();
      const parts = [exact, ranges];
      const rejected = parts.find((part): part is PromiseRejectedResult => part.status === 'rejected');
      const failure = rejected ? storeErrorReason(rejected.reason) : null;
      const answered = parts.filter((part) => part.status === 'fulfilled');
      const path: NumberListCheck['path'] =
        answered.length === 0 ? 'none' : !rejected && answered.every((part) => part.value.source === 'cache') ? 'cache' : 'store';

      if (exact.status === 'fulfilled' && exact.value.value) {
        const raw = exact.value.value.data.expiresAt;
        const expiresAt = typeof raw === 'number' ? raw : null;
        if (live(expiresAt, time)) return { listed: true, rule: `${kind.name}.numbers`, expiresAt, path, storeError: failure };
      }
      if (ranges.status === 'fulfilled') {
        const current = ranges.value.value.filter((entry) => live(entry.e, time));
        const match = compilePrefixMatcher({ allow: [], deny: current.map((entry) => entry.p) })(e164);
        if (match) {
          const entry = current.find((candidate) => candidate.p === match.prefix) as PrefixEntry;
          return { listed: true, rule: `${kind.name}.prefixes[${entry.p}]`, expiresAt: entry.e, path, storeError: failure };
        }
      }
      return { listed: false, rule: null, expiresAt: null, path, storeError: failure };
    },

    async checkPrefixes(e164) {
      try {
        const ranges = await prefixes.get(prefixesKey, () => createDeadline(timeoutMs).guard(() => store.get(prefixesKey), timeoutMs).then(readPrefixes));
        const time = now();
        const current = ranges.value.filter((entry) => live(entry.e, time));
        const match = compilePrefixMatcher({ allow: [], deny: current.map((entry) => entry.p) })(e164);
        const entry = match && current.find((candidate) => candidate.p === match.prefix);
        const path = ranges.source === 'cache' ? 'cache' : 'store';
        if (entry) return { listed: true, rule: `${kind.name}.prefixes[${entry.p}]`, expiresAt: entry.e, path, storeError: null };
        return { listed: false, rule: null, expiresAt: null, path, storeError: null };
      } catch (error) {
        return { listed: false, rule: null, expiresAt: null, path: 'none', storeError: storeErrorReason(error) };
      }
    },

    async add(target, { ttlSeconds } = {}) {
      if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_LIST_TTL_SECONDS)) {
        throw new NumberListError(`an expiry must be 1 second to 365 days, not ${String(ttlSeconds)} seconds`);
      }
      const addedAt = now();
      const expiresAt = ttlSeconds === undefined ? null : addedAt + ttlSeconds * 1000;
      if (target.kind === 'prefix') {
        await writePrefixes((entries) => {
          const others = entries.filter((entry) => entry.p !== target.prefix);
          if (others.length >= MAX_LIST_PREFIXES) {
            throw new NumberListError(`the ${kind.name} holds at most ${MAX_LIST_PREFIXES} prefixes; remove some, or use shorter prefixes that cover several`);
          }
          return [...others, { p: target.prefix, a: addedAt, e: expiresAt }];
        });
        return { kind: 'prefix', display: target.prefix, id: target.prefix, addedAt, expiresAt };
      }
      const id = idOf(target.e164);
      const entry: NumberListEntry = { kind: 'number', display: maskPhoneNumber(target.e164), id, addedAt, expiresAt };
      const data = { v: 1, display: entry.display, addedAt, expiresAt };
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        const item = await store.get(keyOf(id));
        const ttl = itemTtlSeconds(expiresAt, now());
        const result = item ? await store.update(keyOf(id), data, ttl, item.revision) : await store.create(keyOf(id), data, ttl);
        if (result.ok) {
          numbers.forget(id);
          return entry;
        }
      }
      throw new NumberListError('the entry kept changing while it was written; try again');
    },

    async remove(target) {
      if (target.kind === 'prefix') {
        return writePrefixes((entries) =>
          entries.some((entry) => entry.p === target.prefix) ? entries.filter((entry) => entry.p !== target.prefix) : undefined,
        );
      }
      const id = target.kind === 'id' ? target.id : idOf(target.e164);
      numbers.forget(id);
      return store.remove(keyOf(id));
    },

    async list() {
      const time = now();
      const entries: NumberListEntry[] = [];
      for (const { key, data } of await store.list()) {
        if (key === prefixesKey) {
          for (const entry of readPrefixes({ data, revision: '' })) {
            if (live(entry.e, time)) entries.push({ kind: 'prefix', display: entry.p, id: entry.p, addedAt: entry.a, expiresAt: entry.e });
          }
        } else if (key.startsWith(kind.numberKeyPrefix)) {
          const expiresAt = typeof data.expiresAt === 'number' ? data.expiresAt : null;
          if (!live(expiresAt, time)) continue;
          entries.push({
            kind: 'number',
            display: typeof data.display === 'string' ? data.display : '(masked)',
            id: key.slice(kind.numberKeyPrefix.length),
            addedAt: typeof data.addedAt === 'number' ? data.addedAt : 0,
            expiresAt,
          });
        }
      }
      return entries.sort((a, b) => a.kind.localeCompare(b.kind) || a.display.localeCompare(b.display));
    },
  };
}
