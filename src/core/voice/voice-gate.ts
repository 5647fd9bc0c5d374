import { ConfigError, parseVoiceConfig, type Environment, type VoiceConfig } from '../config';
import type { GateRuntime } from '../gate/gate-runtime';

/** The warm runtime and the voice settings, or the configuration problem that prevents them. */
export type VoiceGate = { ok: true; runtime: GateRuntime; voice: VoiceConfig } | { ok: false; setting: string; problem: string };

/** The voice settings, or the `GATE_*` setting that is invalid and why. */
export type VoiceSettings = { ok: true; voice: VoiceConfig } | { ok: false; setting: string; problem: string };

/**
 * Reads the voice settings. An invalid `GATE_*` voice setting is returned, not thrown, so webhooks
 * can answer their fail-safe TwiML and log which setting to fix.
 *
 * @example
 * const settings = readVoiceSettings(context);
 * if (!settings.ok) logger.error('config.invalid', { setting: settings.setting, problem: settings.problem });
 */
export function readVoiceSettings(env: Environment): VoiceSettings {
  try {
    return { ok: true, voice: parseVoiceConfig(env) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, setting: error.setting, problem: error.message };
    throw error;
  }
}
