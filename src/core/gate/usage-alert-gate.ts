import type { GateConfig } from '../config';
import { createUsageAlertPorts, handleUsageAlert, type UsageAlert, type UsageAlertOutcome } from '../usage-alert';
import type { GateRuntime } from './gate-runtime';

/**
 * Handles a Usage Trigger callback with the runtime's client, Sync service, secret and mode store.
 * After a mode switch this instance forgets its cached mode, so its own next decision follows at once.
 */
export async function runUsageAlert(runtime: GateRuntime, config: GateConfig, alert: UsageAlert): Promise<UsageAlertOutcome> {
  const ports = createUsageAlertPorts({
    client: runtime.client,
    serviceSid: config.syncServiceSid,
    secret: config.hashSecret as string,
    modeStore: runtime.gateModeStore,
    now: runtime.now,
  });
  const outcome = await handleUsageAlert(alert, { rules: runtime.policy.policy.usageAlerts, gateAccountSid: config.accountSid ?? '', now: runtime.now, ports });
  if (outcome.kind === 'handled' && outcome.mode) runtime.gateMode.forget();
  return outcome;
}
