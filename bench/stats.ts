/** Small statistics for benchmarks: medians of repeated measurements, never single timings. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds taken by `run`, measured with the monotonic clock. */
export function timeMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * Prints a benchmark's report: readable lines, then its metrics as the last line of standard
 * output (one JSON object), which `npm run bench` collects.
 */
export function report(lines: readonly string[], metrics: Record<string, unknown>): void {
  for (const line of lines) console.log(line);
  console.log(JSON.stringify(metrics));
}
