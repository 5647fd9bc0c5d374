import type twilio from 'twilio';
import type { Environment, GateConfig, VoiceConfig } from '../core/config';
import type { GateRuntime } from '../core/gate/gate-runtime';
import { GateError } from '../core/http/gate-error';
import { misconfigured } from '../core/reply/config-reply';
import { readVoiceSettings, type VoiceGate } from '../core/voice/voice-gate';
import { getGateRuntime } from './gate-runtime';

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
  const settings = readVoiceSettings(env);
  if (!settings.ok) return settings;
  try {
    return { ok: true, runtime: getGateRuntime({ config, policyText, createClient }), voice: settings.voice };
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
