const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Bucket widths a report's time series may use, narrowest first. */
export const BUCKET_WIDTHS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 24 * HOUR];

/** At most this many points per series: enough to see a burst, few enough to read. */
export const MAX_BUCKETS = 60;

/**
 * The narrowest width that covers `[since, until)` in at most MAX_BUCKETS buckets (a day for
 * anything longer than 60 days).
 *
 * @example
 * bucketWidth(0, 24 * 3600_000) // 3_600_000 (one hour: 24 buckets)
 */
export function bucketWidth(since: number, until: number): number {
  const span = Math.max(1, until - since);
  return BUCKET_WIDTHS_MS.find((width) => span / width <= MAX_BUCKETS) ?? BUCKET_WIDTHS_MS[BUCKET_WIDTHS_MS.length - 1];
}

/** The start of the bucket `at` falls in, aligned to the epoch (so buckets line up across reports). */
export function bucketStart(at: number, width: number): number {
  return Math.floor(at / width) * width;
}

/** Every bucket start from the one holding `since` to the one holding `until - 1`. */
export function bucketStarts(since: number, until: number, width: number): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(since, width); start < until; start += width) starts.push(start);
  return starts;
}
