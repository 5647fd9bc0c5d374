/** Keys one instance keeps counts for; the least recently read goes first. */
export const MAX_REFRESHED_KEYS = 300;

/**
 * One key in this instance: only seen (events admitted here, never read), being read, or read at
 * `readAt`; each with the events this instance admitted since.
 */
type Entry<Counts> =
  | { readonly kind: 'seen'; local: number }
  | { readonly kind: 'reading'; readonly promise: Promise<Counts | undefined>; readonly startedAt: number; local: number }
  | { readonly kind: 'read'; readonly counts: Counts | undefined; readAt: number; local: number };

/**
 * A warm instance's view of per-key counts that cost many store reads each (a sharded log is one
 * read per shard): the country budget's counts of a country, the inbound fair share's counts of a
 * calling country. A key is read at most once per `refreshMs` (concurrent callers wait for the
 * same read) and between reads the events this instance admitted itself are added. Other
 * instances' events since the last read are not seen, which is each rule's documented slack. A
 * failed read is remembered as unknown for the same time, so an outage does not multiply reads.
 */
export interface RefreshedCounts<Counts> {
  /** The counts to judge `key` on at `now`; calls `read` when the last read is older than `refreshMs`. */
  counts(key: string, now: number, refreshMs: number, read: () => Promise<Counts | undefined>): Promise<Counts | undefined>;
  /** Counts an event this instance admitted for `key` until the next read shows it. */
  noteLocal(key: string): void;
  /** The counts of every key read so far, however long ago (what the instance knows of the whole). */
  allRead(): Counts[];
  /** The last read of `key` (however old) plus this instance's events since, without reading; undefined when none. */
  lastKnown(key: string): Counts | undefined;
  /** Makes the next `counts` for `key` read afresh; its counts still count in `allRead`. */
  expire(key: string): void;
  /** Up to `limit` keys with events admitted here and no counts younger than `refreshMs`, the most events first. */
  stale(now: number, refreshMs: number, limit: number): string[];
}

export interface RefreshedCountsOptions<Counts> {
  /** `counts` with `local` events of this instance added (`local` is at least 1). */
  addLocal(counts: Counts, local: number): Counts;
  /** Whether an event for a key never read is remembered (for `stale`). Default false: it is dropped. */
  rememberUnread?: boolean;
  /** Default `MAX_REFRESHED_KEYS`. */
  maxEntries?: number;
}

/**
 * Creates an empty cache (one per warm instance and rule).
 *
 * @example
 * const tallies = createRefreshedCounts<CountryCounts>({ addLocal: (counts, starts) => ({ ...counts, starts: counts.starts + starts }) });
 * const counts = await tallies.counts('GB', now, 10_000, () => readCountryCounts('GB'));
 */
export function createRefreshedCounts<Counts>(options: RefreshedCountsOptions<Counts>): RefreshedCounts<Counts> {
  const maxEntries = options.maxEntries ?? MAX_REFRESHED_KEYS;
  const entries = new Map<string, Entry<Counts>>();
  const withLocal = (counts: Counts | undefined, local: number) => (counts === undefined || local === 0 ? counts : options.addLocal(counts, local));
  const fresh = (entry: Entry<Counts> | undefined, now: number, refreshMs: number): entry is Entry<Counts> & { kind: 'read' } =>
    entry?.kind === 'read' && now - entry.readAt < refreshMs && now >= entry.readAt;

  const remember = (key: string, entry: Entry<Counts>) => {
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
  };

  function startRead(key: string, now: number, read: () => Promise<Counts | undefined>): Entry<Counts> & { kind: 'reading' } {
    const promise = read().catch(() => undefined);
    const entry: Entry<Counts> & { kind: 'reading' } = { kind: 'reading', promise, startedAt: now, local: 0 };
    remember(key, entry);
    void promise.then((counts) => {
      // Events admitted while the read was in flight may be in it or not: kept, erring strict until the next read.
      if (entries.get(key) === entry) entries.set(key, { kind: 'read', counts, readAt: entry.startedAt, local: entry.local });
    });
    return entry;
  }

  return {
    async counts(key, now, refreshMs, read) {
      const entry = entries.get(key);
      if (fresh(entry, now, refreshMs)) return withLocal(entry.counts, entry.local);
      const reading = entry?.kind === 'reading' ? entry : startRead(key, now, read);
      const counts = await reading.promise;
      return withLocal(counts, reading.local);
    },
    noteLocal(key) {
      const entry = entries.get(key);
      if (entry) entry.local += 1;
      else if (options.rememberUnread) remember(key, { kind: 'seen', local: 1 });
    },
    allRead() {
      const all: Counts[] = [];
      for (const entry of entries.values()) if (entry.kind === 'read' && entry.counts !== undefined) all.push(entry.counts);
      return all;
    },
    lastKnown(key) {
      const entry = entries.get(key);
      return entry?.kind === 'read' ? withLocal(entry.counts, entry.local) : undefined;
    },
    expire(key) {
      const entry = entries.get(key);
      if (entry?.kind === 'read') entry.readAt = Number.NEGATIVE_INFINITY;
    },
    stale(now, refreshMs, limit) {
      return [...entries]
        .filter(([, entry]) => entry.kind === 'seen' || (entry.kind === 'read' && !fresh(entry, now, refreshMs)))
        .sort(([, a], [, b]) => b.local - a.local)
        .slice(0, limit)
        .map(([key]) => key);
    },
  };
}
