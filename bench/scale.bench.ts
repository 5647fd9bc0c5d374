/**
 * Throughput with the emulator enforcing Sync's per-Map limits (20 reads/s and 20 writes/s per
 * Map): admitted decisions per second over distinct subjects, at the default shard count and at
 * 4x, with the number of Sync 429s beside each. Sync also allows a 10 s burst above the rate;
 * this benchmark shortens the emulator's burst to 1 s so the sustained rate shows after a 3 s
 * warm-up (with a 10 s burst, 32 Maps hold 6,400 spare requests and a 2-core load generator
 * cannot exhaust them in a short run). Shows the sizing rule: K Maps admit about K x 20 new
 * subjects per second.
 */
import { join } from 'node:path';
import { DEFAULT_SYNC_STORE_SHARDS, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { benchThrottle, startEmulatorProcess } from './emulator-process';
import { report, round } from './stats';

const ROOT = join(__dirname, '..', '..');
const RULES: ThrottleRuleSetsInput = { scale: { action: 'scale', subject: 'number', windows: [{ limit: 5, per: '1h' }], onStoreError: 'closed' } };
const WARM_UP_MS = 3_000;
const MEASURE_MS = 8_000;
const CONCURRENCY = 24;

async function measure(shards: number) {
  const emulator = await startEmulatorProcess(ROOT, ['--sync-rate-limits']);
  try {
    await emulator.control.setSyncRateLimits(true, { burstSeconds: 1 });
    const { throttle } = benchThrottle(emulator.url, RULES, { shards, storeTimeoutMs: 2000 });
    let next = 0;
    let admitted = 0;
    let measuring = false;
    const started = performance.now();
    const worker = async () => {
      while (performance.now() - started < WARM_UP_MS + MEASURE_MS) {
        next += 1;
        const decision = await throttle.evaluate('scale', { number: `+1${String(2_000_000_000 + next)}` });
        if (measuring && decision.allowed) admitted += 1;
        // A denied decision (store 429, fail closed) is retried by a real client after Retry-After;
        // pause briefly instead of spinning.
        if (!decision.allowed) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const timer = setTimeout(async () => {
      measuring = true;
      await emulator.control.resetLog();
    }, WARM_UP_MS);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearTimeout(timer);
    const log = await emulator.control.requestLog();
    const sync429 = log.byStatus['429'] ?? 0;
    return { admittedPerSecond: round(admitted / (MEASURE_MS / 1000), 1), sync429 };
  } finally {
    await emulator.close();
  }
}

async function main() {
  const base = await measure(DEFAULT_SYNC_STORE_SHARDS);
  const wide = await measure(DEFAULT_SYNC_STORE_SHARDS * 4);
  report(
    [
      `scale: distinct subjects, one rule set, Sync per-Map limits on, ${CONCURRENCY} concurrent callers, burst 1 s, steady state after ${WARM_UP_MS / 1000} s`,
      `  ${DEFAULT_SYNC_STORE_SHARDS} Maps:  ${base.admittedPerSecond} admitted/s, ${base.sync429} Sync 429s in ${MEASURE_MS / 1000} s (sizing rule: ~${DEFAULT_SYNC_STORE_SHARDS * 20}/s)`,
      `  ${DEFAULT_SYNC_STORE_SHARDS * 4} Maps: ${wide.admittedPerSecond} admitted/s, ${wide.sync429} Sync 429s in ${MEASURE_MS / 1000} s (sizing rule: ~${DEFAULT_SYNC_STORE_SHARDS * 4 * 20}/s)`,
    ],
    {
      scale: {
        shards: DEFAULT_SYNC_STORE_SHARDS,
        admittedPerSecond: base.admittedPerSecond,
        sync429: base.sync429,
        shards4x: DEFAULT_SYNC_STORE_SHARDS * 4,
        admittedPerSecond4x: wide.admittedPerSecond,
        sync429At4x: wide.sync429,
      },
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
