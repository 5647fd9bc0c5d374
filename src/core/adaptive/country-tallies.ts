import { effectiveApprovals, type CountryCounts } from './country-budget';

/** Countries one instance keeps counts for; the oldest entry goes first. */
export const MAX_TALLIED_COUNTRIES = 300;

/** One country's counts in this instance: being read, or read at `readAt` plus the starts it admitted since. */
type TallyEntry =
  | { readonly kind: 'reading'; readonly promise: Promise<CountryCounts | undefined>; readonly startedAt: number; localStarts: number }
  | { readonly kind: 'read'; readonly counts: CountryCounts | undefined; readAt: number; localStarts: number };

/**
 * A warm instance's view of each country's counts for the country budget. Reading a country's
 * sharded logs costs one read per shard, so an instance reads them at most once per the rule's `refreshMs`
 * (every concurrent request waits for the same read) and between reads adds the starts it
 * admitted itself. Other instances' starts since the last read are not seen: a country may pass
 * its budget by what the other instances admit in `refreshMs` (docs/configuration.md), which is
 * why a budget within reach expires its country's counts (`expire`) for the next start. A failed
 * read is remembered as unknown for the same time, so an outage does not multiply reads.
 */
export interface CountryTallies {
  /** The counts to judge `country` on at `now`; calls `read` when the last read is older than the refresh time. */
  counts(country: string, now: number, refreshMs: number, read: () => Promise<CountryCounts | undefined>): Promise<CountryCounts | undefined>;
  /** Counts a start this instance admitted to `country` until the next read shows it. */
  noteStart(country: string): void;
  /** The approvals (`effectiveApprovals`) of every country this instance has read, however long ago: the app's approvals as this instance knows them. */
  knownApprovals(): number;
  /** The counts of the last read of `country` (however old) plus this instance's starts since, without reading; undefined when none. */
  lastKnown(country: string): CountryCounts | undefined;
  /** Makes the next `counts` for `country` read afresh (a budget about to be reached must not be judged on old counts). */
  expire(country: string): void;
}

export function createCountryTallies(maxEntries = MAX_TALLIED_COUNTRIES): CountryTallies {
  const entries = new Map<string, TallyEntry>();

  function withLocal(counts: CountryCounts | undefined, localStarts: number): CountryCounts | undefined {
    return counts && { ...counts, starts: counts.starts + localStarts };
  }

  function startRead(country: string, now: number, read: () => Promise<CountryCounts | undefined>): TallyEntry & { kind: 'reading' } {
    const promise = read().catch(() => undefined);
    const entry: TallyEntry & { kind: 'reading' } = { kind: 'reading', promise, startedAt: now, localStarts: 0 };
    entries.delete(country);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(country, entry);
    void promise.then((counts) => {
      // Starts admitted while the read was in flight may be in it or not: kept, erring strict until the next read.
      if (entries.get(country) === entry) entries.set(country, { kind: 'read', counts, readAt: entry.startedAt, localStarts: entry.localStarts });
    });
    return entry;
  }

  return {
    async counts(country, now, refreshMs, read) {
      const entry = entries.get(country);
      if (entry?.kind === 'read' && now - entry.readAt < refreshMs && now >= entry.readAt) return withLocal(entry.counts, entry.localStarts);
      const reading = entry?.kind === 'reading' ? entry : startRead(country, now, read);
      const counts = await reading.promise;
      return withLocal(counts, reading.localStarts);
    },
    knownApprovals() {
      let sum = 0;
      for (const entry of entries.values()) if (entry.kind === 'read' && entry.counts) sum += effectiveApprovals(entry.counts);
      return sum;
    },
    lastKnown(country) {
      const entry = entries.get(country);
      return entry?.kind === 'read' ? withLocal(entry.counts, entry.localStarts) : undefined;
    },
    expire(country) {
      const entry = entries.get(country);
      // Kept (its approvals still count as known), but never fresh again.
      if (entry?.kind === 'read') entry.readAt = Number.NEGATIVE_INFINITY;
    },
    noteStart(country) {
      const entry = entries.get(country);
      if (entry) entry.localStarts += 1;
    },
  };
}
