import type twilio from 'twilio';
import { createBackoffMemory, type BackoffMemory } from '../adaptive/number-backoff-check';
import { createRangeBlockCache, type RangeBlockCache } from '../adaptive/range-conversion-check';
import type { GateConfig } from '../config';
import { GateError } from '../http/gate-error';
import { createLogger } from '../log';
import { loadPolicy, PolicyError, type CompiledPolicy } from '../policy';
import { createSyncStore, createThrottle, type Throttle } from '../throttle';
import { createVerifiedNumbers, type VerifiedNumbers } from '../verify/verified-numbers';
import { createDenyList, createDenyListStore, type DenyList } from '../deny-list';
import type { NumberList } from '../number-list';
import { createSafeList, createSafeListStore } from '../safe-list';

/** Sync Maps holding verified numbers are named `gate-verified-0..K-1`. */
export const VERIFIED_MAP_PREFIX = 'gate-verified';

/** What every gate needs, built once per warm instance and reused across requests. */
export interface GateRuntime {
  policy: CompiledPolicy;
  throttle: Throttle;
  verified: VerifiedNumbers;
  /** The runtime deny list of callers and senders the inbound gates check (`gatekeeper deny`). */
  denyList: DenyList;
  /** The runtime safe list of numbers `verify/start` lets past blocked ranges (`gatekeeper allow`). */
  safeList: NumberList;
  client: twilio.Twilio;
  /** Ranges this warm instance knows the low-conversion rule refuses (no store reads for them). */
  rangeBlocks: RangeBlockCache;
  /** Numbers this warm instance knows the per-number backoff refuses, until when. */
  backoffs: BackoffMemory;
  /** The clock of the gate's decisions (epoch ms). */
  now: () => number;
}

export interface GateRuntimeInput {
  config: GateConfig;
  /** The policy file's text (`Runtime.getAssets()['/policy.json'].open()` in a Function). */
  policyText: string;
  /** Creates the Twilio client; called only when the runtime is (re)built. */
  createClient: () => twilio.Twilio;
}

let cached: { key: string; runtime: GateRuntime } | undefined;

function misconfigured(setting: string, problem: string): GateError {
  return new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly. The operator can find details in the logs.', {
    logDetail: { event: 'config.invalid', setting, problem },
  });
}

/**
 * Returns the policy, throttle and client for this configuration and policy text, building them
 * on first use and whenever either changes. Keeping them across requests is what lets a warm
 * instance compile the policy once and remember subjects it knows are blocked (0 Sync round
 * trips for a repeated denial).
 */
export function getGateRuntime({ config, policyText, createClient }: GateRuntimeInput): GateRuntime {
  const key = JSON.stringify([policyText, config.accountSid, config.apiBaseUrl, config.twilioTimeoutMs, config.syncServiceSid, config.syncShards, config.hashSecret, config.logLevel, config.verifiedTtlSeconds]);
  if (cached?.key === key) return cached.runtime;

  let policy: CompiledPolicy;
  try {
    policy = loadPolicy(policyText);
  } catch (error) {
    if (error instanceof PolicyError) throw misconfigured('policy.private.json', error.message);
    throw error;
  }
  if (!config.hashSecret) {
    throw misconfigured('GATE_HASH_SECRET', 'not set and no AUTH_TOKEN to derive it from; set GATE_HASH_SECRET to 32+ random characters');
  }
  const client = createClient();
  const logger = createLogger({ level: config.logLevel, base: { component: 'throttle' } });
  const throttle = createThrottle({
    store: createSyncStore({ client, serviceSid: config.syncServiceSid, shards: config.syncShards }),
    secret: config.hashSecret,
    ruleSets: policy.ruleSets,
    mode: policy.policy.mode === 'monitor' ? 'monitor' : undefined,
    // Incidents come as `warn` so operators see them at the default level; the per-decision record is `debug`.
    logger: (record) => logger[record.level ?? 'debug'](record.event, record),
  });
  const verified = createVerifiedNumbers({
    store: createSyncStore({ client, serviceSid: config.syncServiceSid, shards: config.syncShards, mapPrefix: VERIFIED_MAP_PREFIX }),
    secret: config.hashSecret,
    ttlSeconds: config.verifiedTtlSeconds,
  });
  // Kept with the runtime so its per-instance cache survives between requests on a warm instance.
  const denyList = createDenyList({ store: createDenyListStore({ client, serviceSid: config.syncServiceSid }), secret: config.hashSecret });
  const safeList = createSafeList({ store: createSafeListStore({ client, serviceSid: config.syncServiceSid }), secret: config.hashSecret });
  const runtime = { policy, throttle, verified, denyList, safeList, client, rangeBlocks: createRangeBlockCache({ digits: policy.policy.adaptive.lowConversion?.digits }), backoffs: createBackoffMemory(), now: Date.now };
  cached = { key, runtime };
  return runtime;
}
