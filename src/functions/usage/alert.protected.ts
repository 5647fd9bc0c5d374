/**
 * POST /usage/alert — the callback of a Twilio Usage Trigger: the account's spend alarm turned
 * into a brake.
 *
 * Trigger: a Usage Trigger of the account the gate runs in, with this URL as its CallbackUrl
 * (protected: Twilio's signature, made with this account's token, is checked by the platform).
 * For triggers on subaccounts, signed with the subaccount's token, use `usage/alert-sub`.
 * Parameters (form): `AccountSid`, `UsageTriggerSid` (required), `IdempotencyToken`,
 * `UsageCategory`, `TriggerBy`, `TriggerValue`, `CurrentValue`, `Recurring`, `DateFired`.
 * Response: 200 JSON `{ success: true, handled, action }` whatever was decided (Twilio needs no
 * TwiML); 400 when the two SIDs are malformed. The action (notify, strict, lockdown,
 * suspend-subaccount) comes from the policy's `usageAlerts` (docs/account.md).
 */
import { getGateRuntime, runUsageAlert } from '../../compose';
import { jsonEndpoint, jsonSuccess } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { readUsageAlert, usageAlertLog, usageAlertReplyBody } from '../../core/usage-alert';

export const handler = jsonEndpoint({
  name: 'usage/alert',
  access: 'webhook',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, config, logger, twilioClient }) => {
    const alert = readUsageAlert(params);
    const runtime = getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const outcome = await runUsageAlert(runtime, config, alert);
    const log = usageAlertLog(outcome);
    logger[log.level](log.event, log.fields);
    return jsonSuccess(usageAlertReplyBody(outcome));
  },
});
