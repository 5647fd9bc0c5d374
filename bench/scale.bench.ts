/**
 * Throughput with the emulator enforcing Sync's per-Map limits (20 reads/s and 20 writes/s per
 * Map), in its own process:
 * - one rule set over distinct subjects at 8 Maps and at the default K (32): admitted decisions
 *   per second with the Sync 429s beside each. The emulator's burst is shortened to 1 s so the
 *   sustained rate shows after a 3 s warm-up. Shows the sizing rule: K Maps admit about K x 20
 *   writes per second, so K x 20 / (rule sets per decision) decisions;
 * - verify/start's five default rule sets at the default K, buckets drained first
 *   (`default-policy-scale.ts`), with Sync requests per decision and the rate Sync's quota alone
 *   allows;
 * - how early a sharded limit refuses (`shard-early-refusal.ts`) and the largest limit one item
 *   holds (`item-capacity.ts`).
 */
import { join } from 'node:path';
import { DEFAULT_SYNC_STORE_SHARDS, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { measureDefaultPolicy } from './default-policy-scale';
import { benchThrottle, startEmulatorProcess } from './emulator-process';
import { maxLimitPerItem } from './item-capacity';
import { measureEarlyRefusal } from './shard-early-refusal';
import { report, round } from './stats';

const ROOT = join(__dirname, '..', '..');
const RULES: ThrottleRuleSetsInput = { scale: { action: 'scale', subject: 'number', windows: [{ limit: 5, per: '1h' }], onStoreError: 'closed' } };
const WARM_UP_MS = 3_000;
const MEASURE_MS = 8_000;
const CONCURRENCY = 24;
/** The default Map count before throttle v2, for comparison. */
const SMALL_SHARDS = 8;

async function measure(shards: number) {
  const emulator = await startEmulatorProcess(ROOT);
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
  const small = await measure(SMALL_SHARDS);
  const policy = await measureDefaultPolicy(ROOT, DEFAULT_SYNC_STORE_SHARDS);
  const capacity = maxLimitPerItem();
  // verify-start-global's 10-minute window as shipped (3,000), over the default Maps.
  const early = measureEarlyRefusal(3000, DEFAULT_SYNC_STORE_SHARDS);
  // Larger limits over the same Maps: how much closer to the whole the first refusal comes.
  const larger = [10_000, 100_000].map((limit) => measureEarlyRefusal(limit, DEFAULT_SYNC_STORE_SHARDS));
  report(
    [
      `scale: distinct subjects, one rule set, Sync per-Map limits on, ${CONCURRENCY} concurrent callers, burst 1 s, steady state after ${WARM_UP_MS / 1000} s`,
      `  ${DEFAULT_SYNC_STORE_SHARDS} Maps:  ${base.admittedPerSecond} admitted/s, ${base.sync429} Sync 429s in ${MEASURE_MS / 1000} s (sizing rule: ~${DEFAULT_SYNC_STORE_SHARDS * 20}/s)`,
      `  ${SMALL_SHARDS} Maps:  ${small.admittedPerSecond} admitted/s, ${small.sync429} Sync 429s in ${MEASURE_MS / 1000} s (sizing rule: ~${SMALL_SHARDS * 20}/s)`,
      `scale: verify/start's five default rule sets (country and global raised to 1,000,000/day), ${policy.shards} Maps, buckets drained, distinct numbers in 5 countries`,
      `  ${policy.admittedPerSecond} admitted/s, ${policy.sync429} Sync 429s, ${policy.admitted} admitted in all, ${policy.overAdmitted} over-admitted`,
      `scale: a sharded limit of ${early.limit} over ${early.shards} shards refuses first after ${round(early.medianShare * 100, 1)}% of it (median of ${early.trials} trials; worst ${round(early.worstShare * 100, 1)}%)`,
      ...larger.map((run) => `  ${run.limit} over ${run.shards} shards: first refusal after ${round(run.medianShare * 100, 1)}% (worst ${round(run.worstShare * 100, 1)}%)`),
      `  reads/writes per admitted decision ${policy.readsPerDecision}/${policy.writesPerDecision}: Sync's quota alone allows ${policy.syncBoundPerSecond}/s`,
      `scale: largest window limit one Sync item holds (fullest counted log, 4 windows): ${capacity.limit} (${capacity.bytes} bytes of 16384)`,
    ],
    {
      scale: {
        shards: DEFAULT_SYNC_STORE_SHARDS,
        admittedPerSecond: base.admittedPerSecond,
        sync429: base.sync429,
        smallShards: SMALL_SHARDS,
        admittedPerSecondSmall: small.admittedPerSecond,
        sync429Small: small.sync429,
        defaultPolicyAdmittedPerSecond: policy.admittedPerSecond,
        defaultPolicySync429: policy.sync429,
        defaultPolicyOverAdmitted: policy.overAdmitted,
        defaultPolicySyncBoundPerSecond: policy.syncBoundPerSecond,
        defaultPolicyReadsPerDecision: policy.readsPerDecision,
        defaultPolicyWritesPerDecision: policy.writesPerDecision,
        maxLimitPerItem: capacity.limit,
        shardedFirstRefusalShare: round(early.medianShare, 3),
        shardedFirstRefusalWorstShare: round(early.worstShare, 3),
        shardedFirstRefusalShare10k: round(larger[0].medianShare, 3),
        shardedFirstRefusalShare100k: round(larger[1].medianShare, 3),
      },
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
