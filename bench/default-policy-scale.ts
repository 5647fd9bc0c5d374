/**
 * `scale.defaultPolicyAdmittedPerSecond`: admitted decisions per second through verify/start's
 * full default rule sets (number, prefix:8, identity, country, global; every one on, sharded as
 * shipped), with the country and global limits raised to 1,000,000 a day so that none refuses,
 * against the emulator enforcing Sync's per-Map limits with every bucket drained first (no free
 * 10 s burst), over 20,000 distinct numbers in 5 countries, each with its own identity. Reports the
 * Sync 429s beside it and checks that nothing was over-admitted: every admitted decision's event
 * is in the global rule set's shards, and no more.
 */
import { DEFAULT_VERIFY_START_RULES, STORE_ERROR_RETRY_AFTER_MS, type ThrottleRuleSetInput, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { BENCH_SECRET, benchThrottle, startEmulatorProcess } from './emulator-process';
import { storedAdmissions } from './stored-admissions';
import { round } from './stats';

const WARM_UP_MS = 3_000;
const MEASURE_MS = 15_000;
const CONCURRENCY = 48;
const NUMBERS = 20_000;
const RAISED = [{ limit: 1_000_000, per: '1d' }];
/** Sync's documented sustained rate per Map, for reads and for writes. */
const SYNC_OPERATIONS_PER_SECOND = 20;

/** Five countries' mobile ranges; number i is in country i mod 5, spread over many 8-digit ranges. */
const COUNTRIES = [
  { country: 'GB', prefix: '+447', digits: 9 },
  { country: 'DE', prefix: '+4915', digits: 9 },
  { country: 'FR', prefix: '+336', digits: 8 },
  { country: 'ES', prefix: '+346', digits: 8 },
  { country: 'IT', prefix: '+393', digits: 9 },
] as const;

export function benchNumber(index: number): { number: string; country: string } {
  const { country, prefix, digits } = COUNTRIES[index % COUNTRIES.length];
  const local = String(10_000_000 + Math.floor(index / COUNTRIES.length) * 7919).padStart(digits, '0').slice(-digits);
  return { number: `${prefix}${local}`, country };
}

export function defaultPolicyRules(): ThrottleRuleSetsInput {
  const raised = (name: string) => ({ ...(DEFAULT_VERIFY_START_RULES[name] as ThrottleRuleSetInput), windows: RAISED });
  return { ...DEFAULT_VERIFY_START_RULES, 'verify-start-country': raised('verify-start-country'), 'verify-start-global': raised('verify-start-global') };
}

export interface DefaultPolicyScale {
  shards: number;
  admittedPerSecond: number;
  sync429: number;
  admitted: number;
  overAdmitted: number;
  /** Sync item reads and writes per admitted decision while measuring. */
  readsPerDecision: number;
  writesPerDecision: number;
  /** What Sync's per-Map quota alone allows: shards x 20 / the larger of reads and writes per decision. */
  syncBoundPerSecond: number;
}

export async function measureDefaultPolicy(root: string, shards: number): Promise<DefaultPolicyScale> {
  const emulator = await startEmulatorProcess(root);
  try {
    const { throttle, store } = benchThrottle(emulator.url, defaultPolicyRules(), { shards });
    // Create the Maps, then drain every bucket: the run starts at Sync's sustained rate.
    await Promise.all(Array.from({ length: shards }, (_, i) => store.get(`warm-up-${i}`)));
    await emulator.control.drainBuckets();
    let next = 0;
    let admitted = 0;
    let admittedTotal = 0;
    let measuring = false;
    const started = performance.now();
    const worker = async () => {
      while (performance.now() - started < WARM_UP_MS + MEASURE_MS && next < NUMBERS) {
        const index = next;
        next += 1;
        const { number, country } = benchNumber(index);
        const decision = await throttle.evaluate('verify-start', { number, country, identity: `user-${index}` });
        if (decision.allowed) {
          admittedTotal += 1;
          if (measuring) admitted += 1;
        } else {
          // A refused start (a Sync 429, fail closed) is answered 503 with Retry-After: a client
          // that honours it comes back that much later, instead of adding to the overload.
          await new Promise((resolve) => setTimeout(resolve, STORE_ERROR_RETRY_AFTER_MS));
        }
      }
    };
    const timer = setTimeout(() => {
      measuring = true;
      void emulator.control.resetLog();
    }, WARM_UP_MS);
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearTimeout(timer);
    const requestLog = await emulator.control.requestLog();
    const sync429 = requestLog.byStatus['429'] ?? 0;
    const reads = requestLog.byRoute['GET /sync/v1/Services/:svc/Maps/:map/Items/:key'] ?? 0;
    const writes = (requestLog.byRoute['POST /sync/v1/Services/:svc/Maps/:map/Items'] ?? 0) + (requestLog.byRoute['POST /sync/v1/Services/:svc/Maps/:map/Items/:key'] ?? 0);
    const readsPerDecision = admitted === 0 ? 0 : round(reads / admitted, 2);
    const writesPerDecision = admitted === 0 ? 0 : round(writes / admitted, 2);
    const syncBoundPerSecond = round((shards * SYNC_OPERATIONS_PER_SECOND) / Math.max(readsPerDecision, writesPerDecision, 1), 1);
    await emulator.control.setSyncRateLimits(false);
    const storedGlobal = await storedAdmissions(throttle.ruleSets, store, { rule: 'verify-start-global', subject: {}, secret: BENCH_SECRET, storeShards: shards });
    const overAdmitted = Math.max(0, admittedTotal - storedGlobal);
    return { shards, admittedPerSecond: round(admitted / (MEASURE_MS / 1000), 1), sync429, admitted: admittedTotal, overAdmitted, readsPerDecision, writesPerDecision, syncBoundPerSecond };
  } finally {
    await emulator.close();
  }
}
