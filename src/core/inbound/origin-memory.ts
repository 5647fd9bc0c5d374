import { createBlockMemory } from '../adaptive/block-memory';
import { createRefreshedCounts, MAX_REFRESHED_KEYS } from '../throttle/refreshed-counts';
import type { OriginCounts, OriginShareJudgement } from './origin-share';

/** Origins one instance remembers; the least recently read goes first. */
export const MAX_REMEMBERED_ORIGINS = MAX_REFRESHED_KEYS;

/**
 * A warm instance's view of each calling country's counts for `inbound.originShare`
 * (`RefreshedCounts`: read at most once per `refreshMs`, plus the calls this instance admitted
 * since, added to every window). Other instances' admissions since the last read are not seen: an
 * origin may pass its room by what they admit in `refreshMs`. An origin found over its room
 * is held for `refreshMs` without any Sync request, as the throttle's blocked cache holds a full
 * subject: during a flood its calls then cost nothing but the known-caller memory's budgeted
 * reads.
 */
export interface OriginMemory {
  /** The counts to judge `origin` on at `now`; calls `read` when the last read is older than `refreshMs`. */
  counts(origin: string, now: number, refreshMs: number, read: () => Promise<OriginCounts | undefined>): Promise<OriginCounts | undefined>;
  /** Counts a call this instance admitted from `origin` until the next read shows it. */
  noteAdmit(origin: string): void;
  /** The baseline calls of every origin this instance has read, however long ago. */
  knownBaselineCalls(): number;
  /** Up to `limit` origins this instance admitted calls from and has no counts of younger than `refreshMs`, most admitted first. */
  unread(now: number, refreshMs: number, limit: number): string[];
  /** Remembers that `origin` was held at `now`, with the judgement that held it, for `forMs` (like the throttle's blocked cache). */
  hold(origin: string, judgement: OriginShareJudgement, now: number, forMs: number): void;
  /** The judgement holding `origin` at `now`, while the hold lasts; undefined otherwise. */
  held(origin: string, now: number): OriginShareJudgement | undefined;
}

const withLocal = (counts: OriginCounts, localAdmits: number): OriginCounts => ({
  ...counts,
  recent: new Map([...counts.recent].map(([windowMs, count]) => [windowMs, count + localAdmits])),
});

/**
 * Creates an empty origin memory (one per warm instance).
 *
 * @example
 * const memory = createOriginMemory();
 * const counts = await memory.counts('GB', now, 10_000, () => readOriginCounts(throttle, logs, 'GB'));
 */
export function createOriginMemory(maxEntries = MAX_REMEMBERED_ORIGINS): OriginMemory {
  const origins = createRefreshedCounts<OriginCounts>({ addLocal: withLocal, rememberUnread: true, maxEntries });
  const holds = createBlockMemory<{ readonly judgement: OriginShareJudgement; readonly liftsInMs: number }>({ recheckMs: Number.POSITIVE_INFINITY, maxEntries });
  return {
    counts: origins.counts,
    noteAdmit: origins.noteLocal,
    knownBaselineCalls: () => origins.allRead().reduce((sum, counts) => sum + counts.baselineCalls, 0),
    unread: origins.stale,
    hold: (origin, judgement, now, forMs) => holds.set(origin, { judgement, liftsInMs: forMs }, now),
    held: (origin, now) => holds.get(origin, now)?.judgement,
  };
}
