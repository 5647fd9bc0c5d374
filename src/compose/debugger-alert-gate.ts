import { ConfigError, parseVoiceConfig, type GateConfig } from '../core/config';
import type { FunctionContext } from '../core/http';
import { createDebuggerAlertPorts, handleDebuggerAlert, type DebuggerAlert, type DebuggerAlertOutcome } from '../core/debugger-alert';
import type { GateRuntime } from '../core/gate/gate-runtime';

/**
 * Handles a Debugger alert with the runtime's counter, deny list, mode store and client.
 * `callerIds` is `GATE_CALLER_ID_POOL` (empty when `voice/outbound` is not set up): how a call the
 * gate placed is recognised.
 */
export async function runDebuggerAlert(runtime: GateRuntime, _config: GateConfig, callerIds: readonly string[], alert: DebuggerAlert): Promise<DebuggerAlertOutcome> {
  const ports = createDebuggerAlertPorts({ client: runtime.client, counter: runtime.alertCounter, denyList: runtime.denyList, modeStore: runtime.gateModeStore, callerIds });
  const outcome = await handleDebuggerAlert(alert, { rules: runtime.policy.policy.debuggerAlerts, now: runtime.now, ports });
  if (outcome.kind === 'tripped' && outcome.mode) runtime.gateMode.forget();
  return outcome;
}

/**
 * `GATE_CALLER_ID_POOL`, read leniently: a broken voice setting must not stop the debugger webhook
 * from counting alerts, it only means no call is recognised as the gate's.
 */
export function gateCallerIds(env: FunctionContext): readonly string[] {
  try {
    return parseVoiceConfig(env).callerIdPool;
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}
