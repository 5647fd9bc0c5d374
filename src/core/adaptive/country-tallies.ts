import { createRefreshedCounts, MAX_REFRESHED_KEYS } from '../throttle/refreshed-counts';
import { effectiveApprovals, type CountryCounts } from './country-budget';

/** Countries one instance keeps counts for; the oldest entry goes first. */
export const MAX_TALLIED_COUNTRIES = MAX_REFRESHED_KEYS;

/**
 * A warm instance's view of each country's counts for the country budget (`RefreshedCounts`: read
 * at most once per the rule's `refreshMs`, plus the starts this instance admitted since). Other
 * instances' starts since the last read are not seen: a country may pass its budget by what the
 * other instances admit in `refreshMs` (docs/configuration.md), which is why a budget within
 * reach expires its country's counts (`expire`) for the next start.
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
  const tallies = createRefreshedCounts<CountryCounts>({ addLocal: (counts, starts) => ({ ...counts, starts: counts.starts + starts }), maxEntries });
  return {
    counts: tallies.counts,
    noteStart: tallies.noteLocal,
    knownApprovals: () => tallies.allRead().reduce((sum, counts) => sum + effectiveApprovals(counts), 0),
    lastKnown: tallies.lastKnown,
    expire: tallies.expire,
  };
}
