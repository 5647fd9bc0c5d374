import { parseConfig, parseVoiceConfig, type Environment, type GateConfig, type VoiceConfig } from '../core/config';
import { DENY_LIST_MAP_PREFIX } from '../core/deny-list';
import { createGateRuntime, VERIFIED_MAP_PREFIX } from '../compose/gate-runtime';
import type { GateRuntime } from '../core/gate';
import { GateError } from '../core/http';
import { NUMBER_LIST_SHARDS } from '../core/number-list';
import { SAFE_LIST_MAP_PREFIX } from '../core/safe-list';
import { DEFAULT_SYNC_MAP_PREFIX } from '../core/throttle';
import { enterGate } from '../core/gate/enter-gate';
import { createMemoryGateModeStore } from '../core/gate-mode';
import { checkVerification, readVerifyCheckRequest, readVerifyStartRequest, renderVerifyStart, startVerification, type VerifyStartOutcome } from '../core/verify';
import { inboundFallbackAction, placeCall, readInboundCall, readOutboundCallRequest, renderPlaceCall, screenInboundCallOnGate, type PlaceCallOutcome } from '../core/voice';
import type { Random } from './random';
import type { SimClock } from './sim-clock';
import { createSimSync, type SimSync } from './sim-sync';
import { createSimTwilio, SIM_VERIFY_SERVICE_SID, type SimTwilio } from './sim-twilio';

/** The settings of the simulated deployment, read by the same `parseConfig` as a Function's context. */
const SIM_ENVIRONMENT: Environment = {
  ACCOUNT_SID: 'AC00000000000000000000000000000000',
  GATE_HASH_SECRET: 'simulator-hash-secret-not-a-real-one-0123456789',
  GATE_VERIFY_SERVICE_SID: SIM_VERIFY_SERVICE_SID,
  GATE_LOG_LEVEL: 'silent',
  GATE_CALLER_ID_POOL: '+14155238886',
  GATE_CALL_TWIML_URL: 'https://example.com/voice/call',
  GATE_VOICE_APP_URL: 'https://example.com/voice/menu',
};
/** The number the inbound-flood groups call. */
const SIM_INBOUND_NUMBER = '+14155238886';

/** What the gate answered one request, as its caller sees it. */
export interface GateAnswer {
  /** A code sent, a call placed or an inbound call admitted. */
  passed: boolean;
  /** The rule (or refusal reason) that stopped it. */
  refusedBy?: string;
  /** The `Retry-After` the response carried, in seconds. */
  retryAfterSeconds?: number;
}

export interface SimDeploymentOptions {
  clock: SimClock;
  policyText: string;
  instances: number;
  routing: 'round-robin' | 'random';
  random: Random;
  store: { rateLimits: boolean; latencyMs: number };
}

/** Several warm instances of one deployment over one Sync service and one Twilio account. */
export interface SimDeployment {
  readonly sync: SimSync;
  readonly twilio: SimTwilio;
  verifyStart(params: Record<string, string>): Promise<GateAnswer>;
  verifyCheck(params: Record<string, string>): Promise<GateAnswer>;
  voiceOutbound(params: Record<string, string>): Promise<GateAnswer>;
  voiceInbound(params: Record<string, string>): Promise<GateAnswer>;
}

/** The `Retry-After` a refusal's response carries (the render throws the `GateError` a Function answers with). */
function retryAfterOf(render: () => unknown): number | undefined {
  try {
    render();
    return undefined;
  } catch (error) {
    const header = error instanceof GateError ? error.headers['Retry-After'] : undefined;
    return header === undefined ? undefined : Number(header);
  }
}

function startAnswer(outcome: VerifyStartOutcome): GateAnswer {
  const retryAfterSeconds = retryAfterOf(() => renderVerifyStart(outcome));
  switch (outcome.kind) {
    case 'sent':
      return { passed: true };
    case 'refused':
      return { passed: false, refusedBy: `destination:${outcome.destination.reason}` };
    case 'channel_refused':
      return { passed: false, refusedBy: `channel:${outcome.channel}` };
    case 'identity_required':
      return { passed: false, refusedBy: 'identity-required' };
    case 'low_conversion':
      return { passed: false, refusedBy: 'low-conversion', retryAfterSeconds };
    case 'backoff':
      return { passed: false, refusedBy: 'backoff', retryAfterSeconds };
    case 'unconverted_budget':
      return { passed: false, refusedBy: `unconverted:${outcome.budget.rule.scope}`, retryAfterSeconds };
    case 'throttled':
      return { passed: false, refusedBy: outcome.throttle.rule ?? outcome.throttle.reason, retryAfterSeconds };
    case 'failed':
      return { passed: false, refusedBy: `twilio:${outcome.error.code}` };
  }
}

function callAnswer(outcome: PlaceCallOutcome): GateAnswer {
  const retryAfterSeconds = retryAfterOf(() => renderPlaceCall(outcome));
  switch (outcome.kind) {
    case 'placed':
      return { passed: true };
    case 'refused':
      return { passed: false, refusedBy: `destination:${outcome.destination.reason}` };
    case 'range_repeats':
      return { passed: false, refusedBy: 'range-repeats' };
    case 'throttled':
      return { passed: false, refusedBy: outcome.throttle.rule ?? outcome.throttle.reason, retryAfterSeconds };
    case 'failed':
      return { passed: false, refusedBy: `twilio:${outcome.error.code}` };
  }
}

/**
 * Builds the deployment: one `createGateRuntime` per instance (the composition `getGateRuntime`
 * caches in a Function), all on the simulated clock, one simulated Sync service and one
 * simulated Twilio account. Each request goes to the next instance (or a random one) and runs the
 * same core calls as its Function: `readXRequest`, then `startVerification`, `checkVerification`,
 * `placeCall` or `screenInboundCallOnGate`.
 *
 * @example
 * const deployment = createSimDeployment({ clock, policyText, instances: 4, routing: 'round-robin', random, store });
 * await deployment.verifyStart({ to: '+447400123456' }); // { passed: true }
 */
export function createSimDeployment(options: SimDeploymentOptions): SimDeployment {
  const { clock } = options;
  const config: GateConfig = parseConfig(SIM_ENVIRONMENT);
  const voice: VoiceConfig = parseVoiceConfig(SIM_ENVIRONMENT);
  const sync = createSimSync({ clock, rateLimits: options.store.rateLimits, latencyMs: options.store.latencyMs });
  const twilio = createSimTwilio(clock);
  const stores = {
    throttle: sync.store(DEFAULT_SYNC_MAP_PREFIX, config.syncShards),
    verified: sync.store(VERIFIED_MAP_PREFIX, config.syncShards),
    denyList: sync.store(DENY_LIST_MAP_PREFIX, NUMBER_LIST_SHARDS),
    safeList: sync.store(SAFE_LIST_MAP_PREFIX, NUMBER_LIST_SHARDS),
    // One mode for every instance, as the one Sync Document is for a deployment.
    gateMode: createMemoryGateModeStore(),
  };
  // Each instance draws its shard picks and jitter from its own seeded stream: the same seed repeats a run.
  const runtimes: GateRuntime[] = Array.from({ length: options.instances }, (_, index) =>
    createGateRuntime({ config, policyText: options.policyText, createClient: () => twilio.client, now: clock.now, stores, random: options.random.fork(`instance-${index}`).next }),
  );
  let turn = 0;
  const nextRuntime = (): GateRuntime => {
    turn = options.routing === 'random' ? options.random.int(runtimes.length) : (turn + 1) % runtimes.length;
    return runtimes[turn];
  };

  return {
    sync,
    twilio,
    async verifyStart(params) {
      const request = readVerifyStartRequest(params);
      const gate = await enterGate(nextRuntime(), 'verify/start');
      if (gate.kind === 'stopped') return { passed: false, refusedBy: 'lockdown' };
      return startAnswer(await startVerification(gate.runtime, config, request));
    },
    async verifyCheck(params) {
      const outcome = await checkVerification(nextRuntime(), config, readVerifyCheckRequest(params), () => undefined);
      if (outcome.kind === 'checked') return { passed: outcome.valid, refusedBy: outcome.valid ? undefined : 'wrong-code' };
      if (outcome.kind === 'throttled') return { passed: false, refusedBy: outcome.throttle.rule ?? outcome.throttle.reason, retryAfterSeconds: Math.ceil(outcome.throttle.retryAfterMs / 1000) };
      return { passed: false, refusedBy: outcome.kind === 'failed' ? `twilio:${outcome.error.code}` : outcome.kind };
    },
    async voiceOutbound(params) {
      const request = readOutboundCallRequest(params);
      const gate = await enterGate(nextRuntime(), 'voice/outbound');
      if (gate.kind === 'stopped') return { passed: false, refusedBy: 'lockdown' };
      return callAnswer(await placeCall(gate.runtime, config, voice, request));
    },
    async voiceInbound(params) {
      const call = readInboundCall({ To: SIM_INBOUND_NUMBER, ...params });
      const outcome = await screenInboundCallOnGate({ runtime: nextRuntime(), voice, config, call, fallback: () => inboundFallbackAction(SIM_ENVIRONMENT) });
      if (outcome.kind === 'admitted') return { passed: true };
      if (outcome.kind === 'stopped') return { passed: false, refusedBy: 'lockdown' };
      return { passed: false, refusedBy: outcome.kind === 'rejected' ? outcome.rule : `misconfigured:${outcome.setting}` };
    },
  };
}
