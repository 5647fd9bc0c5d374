/**
 * POST /alerts/debugger — the console Debugger webhook: counts SIP and geo-permission alerts and
 * acts on a burst.
 *
 * Trigger: Twilio's Debugger webhook (Console > Monitor > Debugger > Webhooks; console only), for
 * the account the gate runs in (protected: Twilio's signature is checked by the platform).
 * Parameters (form): `AccountSid`, `Payload` (JSON with `error_code`, `resource_sid`), `Sid`,
 * `ParentAccountSid`, `Level`, `Timestamp`, `PayloadType`.
 * Response: 200 JSON `{ success: true, outcome }` always, malformed deliveries included (they are
 * logged), so Twilio never retries. Counting, thresholds and actions: the policy's
 * `debuggerAlerts` (docs/account.md).
 */
import { gateCallerIds, getGateRuntime, runDebuggerAlert } from '../../compose';
import { jsonEndpoint, jsonSuccess } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { debuggerAlertLog, malformedDebuggerAlertLog, readDebuggerAlert } from '../../core/debugger-alert';

export const handler = jsonEndpoint({
  name: 'alerts/debugger',
  access: 'webhook',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, context, config, logger, twilioClient }) => {
    const read = readDebuggerAlert(params);
    if (!read.ok) {
      const log = malformedDebuggerAlertLog(read.problem);
      logger[log.level](log.event, log.fields);
      return jsonSuccess({ outcome: 'malformed' });
    }
    const runtime = getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const outcome = await runDebuggerAlert(runtime, config, gateCallerIds(context), read.alert);
    const log = debuggerAlertLog(outcome);
    logger[log.level](log.event, log.fields);
    return jsonSuccess({ outcome: outcome.kind });
  },
});
