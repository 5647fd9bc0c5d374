import { createBlockMemory } from '../core/adaptive/block-memory';
import { REPEAT_RECHECK_MS, type RememberedRepeatRefusal } from '../core/voice/range-repeat-check';
import type twilio from 'twilio';
import { createBackoffMemory } from '../core/adaptive/number-backoff-check';
import { createRangeBlockCache } from '../core/adaptive/range-conversion-check';
import { createBudgetMemory } from '../core/adaptive/unconverted-budget-check';
import type { GateConfig } from '../core/config';
import type { GateRuntime } from '../core/gate/gate-runtime';
import { misconfigured } from '../core/reply/config-reply';
import { createLogger } from '../core/log';
import { createGateModeReader, createMemoryGateModeStore, createSyncGateModeStore, type GateModeStore } from '../core/gate-mode';
import { identityRequirementProblem, loadPolicy, PolicyError, type CompiledPolicy } from '../core/policy';
import { createSyncStore, createThrottle, type Store } from '../core/throttle';
import { parseRuleSets } from '../core/throttle/rules';
import { debuggerCountRuleSets } from '../core/debugger-alert/debugger-alert-rules';
import { createVerifiedNumbers } from '../core/verify/verified-numbers';
import { createDenyList, createDenyListStore } from '../core/deny-list';
import type { NumberListStore } from '../core/number-list';
import { createSafeList, createSafeListStore } from '../core/safe-list';
import { createKnownCallerMemory } from '../core/inbound/known-caller-memory';

/** Sync Maps holding verified numbers are named `gate-verified-0..K-1`. */
export const VERIFIED_MAP_PREFIX = 'gate-verified';

export interface GateRuntimeInput {
  config: GateConfig;
  /** The policy file's text (`Runtime.getAssets()['/policy.json'].open()` in a Function). */
  policyText: string;
  /** Creates the Twilio client; called only when the runtime is (re)built. */
  createClient: () => twilio.Twilio;
}

let cached: { key: string; runtime: GateRuntime } | undefined;


/** The shared state a runtime decides on; Sync stores on the client unless injected. */
export interface GateStores {
  throttle: Store;
  verified: Store;
  denyList: NumberListStore;
  safeList: NumberListStore;
  /** The gate mode's document. Default: Sync; in memory when the other stores are injected. */
  gateMode?: GateModeStore;
}

export interface GateRuntimeParts {
  config: GateConfig;
  policyText: string;
  /** Creates the Twilio client; called once the policy and the hash secret are known to be valid. */
  createClient: () => twilio.Twilio;
  /** Clock of every decision, window and expiry (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Default: Sync Maps on `client` (what every deployed instance uses). */
  stores?: GateStores;
  /** Source of the throttles' shard picks, jitter and event ids, in [0, 1). Default `Math.random`; the simulator passes a seeded one, so a seed repeats. */
  random?: () => number;
}

function syncStores(client: twilio.Twilio, config: GateConfig): GateStores {
  return {
    throttle: createSyncStore({ client, serviceSid: config.syncServiceSid, shards: config.syncShards }),
    verified: createSyncStore({ client, serviceSid: config.syncServiceSid, shards: config.syncShards, mapPrefix: VERIFIED_MAP_PREFIX }),
    denyList: createDenyListStore({ client, serviceSid: config.syncServiceSid }),
    safeList: createSafeListStore({ client, serviceSid: config.syncServiceSid }),
  };
}

/**
 * Builds one instance's runtime: the compiled policy, the throttle, the lists and the warm
 * per-instance memories. `getGateRuntime` caches one per process; the simulator builds one per
 * simulated instance, with its own stores and clock, so both run the same composition.
 *
 * @example
 * const runtime = createGateRuntime({ config, policyText, createClient: () => simClient, now: clock.now, stores });
 */
export function createGateRuntime({ config, policyText, createClient, now = Date.now, stores, random }: GateRuntimeParts): GateRuntime {
  let policy: ReturnType<typeof loadPolicy>;
  try {
    policy = loadPolicy(policyText);
  } catch (error) {
    if (error instanceof PolicyError) throw misconfigured('policy.private.json', error.message);
    throw error;
  }
  const identityProblem = identityRequirementProblem(policy.policy, config.identitySecret);
  if (identityProblem) throw misconfigured('GATE_IDENTITY_SECRET', identityProblem);
  if (!config.hashSecret) {
    throw misconfigured('GATE_HASH_SECRET', 'not set: every gate that keeps state refuses to run until it is; set it to 32+ random characters, e.g. from `openssl rand -hex 32`');
  }
  const client = createClient();
  const store = stores ?? syncStores(client, config);
  const logger = createLogger({ level: config.logLevel, base: { component: 'throttle' }, now, numberKey: config.hashSecret });
  const throttleFor = (compiled: CompiledPolicy) =>
    createThrottle({
      store: store.throttle,
      secret: config.hashSecret as string,
      ruleSets: compiled.ruleSets,
      mode: compiled.policy.mode === 'monitor' ? 'monitor' : undefined,
      // Incidents come as `warn` so operators see them at the default level; the per-decision record is `debug`.
      logger: (record) => logger[record.level ?? 'debug'](record.event, record),
      now,
      random,
    });
  const throttle = throttleFor(policy);
  const strict = { policy: policy.strict, throttle: throttleFor(policy.strict) };
  const alertCounter = createThrottle({
    store: store.throttle,
    secret: config.hashSecret,
    ruleSets: parseRuleSets(debuggerCountRuleSets(policy.policy.debuggerAlerts), {}),
    logger: (record) => logger[record.level ?? 'debug'](record.event, record),
    now,
    random,
  });
  const gateModeStore = store.gateMode ?? (stores ? createMemoryGateModeStore() : createSyncGateModeStore({ client, serviceSid: config.syncServiceSid }));
  const gateMode = createGateModeReader({ store: gateModeStore, now });
  const verified = createVerifiedNumbers({ store: store.verified, secret: config.hashSecret, ttlSeconds: config.verifiedTtlSeconds, now });
  // Kept with the runtime so its per-instance cache survives between requests on a warm instance.
  const denyList = createDenyList({ store: store.denyList, secret: config.hashSecret, now });
  const safeList = createSafeList({ store: store.safeList, secret: config.hashSecret, now });
  const rangeBlocks = createRangeBlockCache({ digits: policy.policy.adaptive.lowConversion?.digits });
  const knownCallers = createKnownCallerMemory({ store: store.throttle, secret: config.hashSecret });
  const repeatRefusals = createBlockMemory<RememberedRepeatRefusal>({ recheckMs: REPEAT_RECHECK_MS });
  return { policy, throttle, strict, gateMode, gateModeStore, alertCounter, verified, denyList, safeList, client, rangeBlocks, backoffs: createBackoffMemory(), budgets: createBudgetMemory(), repeatRefusals, knownCallers, now };
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
  const runtime = createGateRuntime({ config, policyText, createClient });
  cached = { key, runtime };
  return runtime;
}
