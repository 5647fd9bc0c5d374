/**
 * `scale.maxLimitPerItem`: the largest window limit whose fullest possible log still fits one Sync
 * item (16 KiB of JSON). Limits above `EXACT_LOG_MAX_LIMIT` keep a counted log: per window, 60
 * buckets (plus the pruning slack) of counts, and the newest events with their ids. The fullest
 * log is built directly, every bucket holding the whole limit (more digits than any real log
 * has), with four windows (10 minutes to 31 days) and a full tail of recent events.
 */
import { BUCKETS_PER_WINDOW, bucketMsOf, encodeCounterLog, EVENT_ID_TAIL, MAX_WINDOW_LIMIT, newEventId, parseRuleSets, type CounterLog } from '../src/core/throttle';

/** Sync's Map Item data limit. */
export const SYNC_ITEM_MAX_BYTES = 16 * 1024;
const BUCKETS_KEPT = BUCKETS_PER_WINDOW + 3;

function fullestLogBytes(limit: number): number {
  const ruleSets = parseRuleSets(
    { big: { subject: 'global', windows: ['10m', '1h', '1d', '31d'].map((per) => ({ limit, per })), onStoreError: 'closed' } },
    {},
  );
  const windows = ruleSets.get('big')?.windows ?? [];
  const now = Date.UTC(2026, 11, 4);
  const log: CounterLog = {
    windows: windows.map((window) => ({ bucketMs: bucketMsOf(window), first: Math.floor(now / bucketMsOf(window)), counts: Array(BUCKETS_KEPT).fill(limit) })),
    recent: Array.from({ length: EVENT_ID_TAIL }, (_, i) => ({ t: now - 1_000_000 + i * 15_937, id: newEventId(Math.random) })),
  };
  return Buffer.byteLength(JSON.stringify(encodeCounterLog(log)), 'utf8');
}

/** The largest power of ten up to `MAX_WINDOW_LIMIT` (the largest limit a window takes) whose fullest log fits, and its size. */
export function maxLimitPerItem(): { limit: number; bytes: number } {
  let best = { limit: 0, bytes: 0 };
  for (let limit = 10; limit <= MAX_WINDOW_LIMIT; limit *= 10) {
    const bytes = fullestLogBytes(limit);
    if (bytes > SYNC_ITEM_MAX_BYTES) break;
    best = { limit, bytes };
  }
  return best;
}
