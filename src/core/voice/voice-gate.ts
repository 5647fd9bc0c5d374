import type twilio from 'twilio';
import { ConfigError, parseVoiceConfig, type Environment, type GateConfig, type VoiceConfig } from '../config';
import { getGateRuntime, type GateRuntime } from '../gate/gate-runtime';
import { GateError } from '../http/gate-error';

/** What a voice function needs to run, assembled from its inputs. */
export interface VoiceGateInput {
  /** The Functions `context`: the deployment's settings. */
  env: Environment;
  /** The shared settings (`parseConfig(context)`, done by the endpoint wrapper). */
  config: GateConfig;
  /** The policy file's text (`readPolicyAsset(Runtime)`). */
  policyText: string;
  createClient: () => twilio.Twilio;
}

/** The warm runtime and the voice settings, or the configuration problem that prevents them. */
export type VoiceGate = { ok: true; runtime: GateRuntime; voice: VoiceConfig } | { ok: false; setting: string; problem: string };

const CONFIG_MESSAGE = 'The gatekeeper is not configured correctly. The operator can find details in the logs.';

/**
 * Reads the voice settings and gets the per-instance runtime (policy, throttle, deny list,
 * client). A configuration problem (an invalid `GATE_*` voice setting, the policy file, no hash
 * secret) is returned, not thrown, so webhooks can answer their fail-safe TwiML and log which
 * setting to fix.
 *
 * @example
 * const gate = setUpVoiceGate({ env: context, config, policyText: readPolicyAsset(Runtime), createClient });
 * if (!gate.ok) logger.error('config.invalid', { setting: gate.setting, problem: gate.problem });
 */
export function setUpVoiceGate({ env, config, policyText, createClient }: VoiceGateInput): VoiceGate {
  let voice: VoiceConfig;
  try {
    voice = parseVoiceConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, setting: error.setting, problem: error.message };
    throw error;
  }
  try {
    return { ok: true, runtime: getGateRuntime({ config, policyText, createClient }), voice };
  } catch (error) {
    if (error instanceof GateError && error.code === 'ERR_GATE_CONFIG') {
      return { ok: false, setting: String(error.logDetail.setting ?? 'configuration'), problem: String(error.logDetail.problem ?? error.message) };
    }
    throw error;
  }
}

/**
 * The JSON endpoints' form: the gate, or a thrown 500 `ERR_GATE_CONFIG` whose log detail names
 * the setting (the client only learns that the deployment is misconfigured).
 *
 * @example
 * const { runtime, voice } = requireVoiceGate({ env: context, config, policyText: readPolicyAsset(Runtime), createClient });
 */
export function requireVoiceGate(input: VoiceGateInput): { runtime: GateRuntime; voice: VoiceConfig } {
  const gate = setUpVoiceGate(input);
  if (!gate.ok) throw misconfigured(gate.setting, gate.problem);
  return gate;
}

/**
 * A 500 `ERR_GATE_CONFIG` carrying the setting and problem for the log.
 *
 * @example
 * throw misconfigured('GATE_CALLER_ID_POOL', 'not set: voice/outbound refuses every call until it lists your caller ids');
 */
export function misconfigured(setting: string, problem: string): GateError {
  return new GateError('ERR_GATE_CONFIG', CONFIG_MESSAGE, { logDetail: { event: 'config.invalid', setting, problem } });
}
