import type { OriginCounts, OriginShareJudgement } from './origin-share';

/** Origins one instance remembers; the least recently read goes first. */
export const MAX_REMEMBERED_ORIGINS = 300;

/**
 * One origin in this instance: only seen (calls admitted, never read), being read, or read at
 * `readAt`; each with the calls this instance admitted from it since.
 */
type OriginEntry =
  | { readonly kind: 'seen'; localAdmits: number }
  | { readonly kind: 'reading'; readonly promise: Promise<OriginCounts | undefined>; readonly startedAt: number; localAdmits: number }
  | { readonly kind: 'read'; readonly counts: OriginCounts | undefined; readonly readAt: number; localAdmits: number };

/**
 * A warm instance's view of each calling country's counts for `inbound.originShare`. Reading an
 * origin's sharded log costs one read per shard, so an instance reads it at most once per
 * `refreshMs` (concurrent calls wait for the same read) and between reads adds the calls it
 * admitted itself to every window. Other instances' admissions since the last read are not seen:
 * an origin may pass its room by what they admit in `refreshMs`. A failed read is remembered as
 * unknown for the same time, so an outage does not multiply reads. An origin found over its room
 * is held for `refreshMs` without any Sync request, as the throttle's blocked cache holds a full
 * subject: during a flood its calls then cost nothing.
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
  /** Remembers that `origin` was held, with the judgement that held it, until `until` (like the throttle's blocked cache). */
  hold(origin: string, judgement: OriginShareJudgement, until: number): void;
  /** The judgement holding `origin` at `now`, while the hold lasts; undefined otherwise. */
  held(origin: string, now: number): OriginShareJudgement | undefined;
}

function withLocal(counts: OriginCounts | undefined, localAdmits: number): OriginCounts | undefined {
  if (!counts || localAdmits === 0) return counts;
  return { ...counts, recent: new Map([...counts.recent].map(([windowMs, count]) => [windowMs, count + localAdmits])) };
}

/**
 * Creates an empty origin memory (one per warm instance).
 *
 * @example
 * const memory = createOriginMemory();
 * const counts = await memory.counts('GB', now, 10_000, () => readOriginCounts(throttle, logs, 'GB'));
 */
export function createOriginMemory(maxEntries = MAX_REMEMBERED_ORIGINS): OriginMemory {
  const entries = new Map<string, OriginEntry>();
  const holds = new Map<string, { readonly judgement: OriginShareJudgement; readonly until: number }>();

  const remember = (origin: string, entry: OriginEntry) => {
    entries.delete(origin);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(origin, entry);
  };

  function startRead(origin: string, now: number, read: () => Promise<OriginCounts | undefined>): OriginEntry & { kind: 'reading' } {
    const promise = read().catch(() => undefined);
    const entry: OriginEntry & { kind: 'reading' } = { kind: 'reading', promise, startedAt: now, localAdmits: 0 };
    remember(origin, entry);
    void promise.then((counts) => {
      // Calls admitted while the read was in flight may be in it or not: kept, erring strict until the next read.
      if (entries.get(origin) === entry) entries.set(origin, { kind: 'read', counts, readAt: entry.startedAt, localAdmits: entry.localAdmits });
    });
    return entry;
  }

  const fresh = (entry: OriginEntry | undefined, now: number, refreshMs: number): entry is OriginEntry & { kind: 'read' } =>
    entry?.kind === 'read' && now - entry.readAt < refreshMs && now >= entry.readAt;

  return {
    async counts(origin, now, refreshMs, read) {
      const entry = entries.get(origin);
      if (fresh(entry, now, refreshMs)) return withLocal(entry.counts, entry.localAdmits);
      const reading = entry?.kind === 'reading' ? entry : startRead(origin, now, read);
      const counts = await reading.promise;
      return withLocal(counts, reading.localAdmits);
    },
    noteAdmit(origin) {
      const entry = entries.get(origin);
      if (entry) entry.localAdmits += 1;
      else remember(origin, { kind: 'seen', localAdmits: 1 });
    },
    knownBaselineCalls() {
      let sum = 0;
      for (const entry of entries.values()) if (entry.kind === 'read' && entry.counts) sum += entry.counts.baselineCalls;
      return sum;
    },
    unread(now, refreshMs, limit) {
      return [...entries]
        .filter(([, entry]) => entry.kind === 'seen' || (entry.kind === 'read' && !fresh(entry, now, refreshMs)))
        .sort(([, a], [, b]) => b.localAdmits - a.localAdmits)
        .slice(0, limit)
        .map(([origin]) => origin);
    },
    hold(origin, judgement, until) {
      holds.delete(origin);
      if (holds.size >= maxEntries) holds.delete(holds.keys().next().value as string);
      holds.set(origin, { judgement, until });
    },
    held(origin, now) {
      const hold = holds.get(origin);
      if (!hold) return undefined;
      if (now < hold.until) return hold.judgement;
      holds.delete(origin);
      return undefined;
    },
  };
}
