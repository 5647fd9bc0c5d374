import type { PeekResult } from '../throttle';

/**
 * How long a warm instance judges a scope on approvals it read before: a busy country or prefix
 * holds more starts than its floor all day, so without it every start there would pay one more
 * read. Approvals only ever make a budget more lenient, so stale ones err strict, and a refusal
 * is always judged again on a fresh read.
 */
export const APPROVALS_CACHE_MS = 30_000;
/** Scopes one instance remembers; the oldest entry goes first. */
export const MAX_CACHED_SCOPES = 5_000;

/**
 * Per-instance memory of approvals logs read for the budgets, by log and scope. The keys hold
 * prefixes and countries and live only in this instance's memory, never in a log or in Sync.
 */
export interface ApprovalsCache {
  get(key: string, now: number): readonly number[] | undefined;
  set(key: string, events: readonly number[], now: number): void;
}

export function createApprovalsCache(ttlMs = APPROVALS_CACHE_MS, maxEntries = MAX_CACHED_SCOPES): ApprovalsCache {
  const entries = new Map<string, { events: readonly number[]; readAt: number }>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now - entry.readAt >= ttlMs || now < entry.readAt) {
        entries.delete(key);
        return undefined;
      }
      return entry.events;
    },
    set(key, events, now) {
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { events, readAt: now });
    },
  };
}

/**
 * Judges a rule that approvals only make more lenient with as few reads as it can: without
 * approvals first (no read when that allows), then on cached approvals (no read when that
 * allows), and only then on a fresh read, which refreshes the cache. A failed read is passed on
 * as `undefined` for the rule to decide on.
 *
 * @example
 * const decision = await judgeWithCachedApprovals((approvals) => evaluateUnconvertedBudget(rule, starts, approvals, now), cache, key, now, () => throttle.peek(name, subject));
 */
export async function judgeWithCachedApprovals<Decision extends { readonly allowed: boolean }>(
  judge: (approvals: readonly number[] | undefined) => Decision,
  cache: ApprovalsCache,
  key: string,
  now: number,
  readApprovals: () => Promise<PeekResult>,
): Promise<Decision> {
  const withoutApprovals = judge([]);
  if (withoutApprovals.allowed) return withoutApprovals;
  const cached = cache.get(key, now);
  if (cached) {
    const onCached = judge(cached);
    if (onCached.allowed) return onCached;
  }
  const read = await readApprovals();
  if (read.ok) cache.set(key, read.events, now);
  return judge(read.ok ? read.events : undefined);
}
