/**
 * POST /usage/alert-sub — the callback of a Usage Trigger on a subaccount.
 *
 * Trigger: a Usage Trigger of a subaccount listed in `GATE_WEBHOOK_ACCOUNT_SIDS` (or of the gate's
 * own account), with this URL as its CallbackUrl. Twilio signs such a callback with the
 * subaccount's token (inferred), which the platform's `.protected` check would reject, so this
 * function is public and checks `X-Twilio-Signature` itself, with the subaccount's token (read with
 * the gate's credentials, cached 5 minutes) and then the gate's own: the one exception to "every
 * webhook is .protected".
 * Parameters and response: as `usage/alert`; 403 `ERR_GATE_SIGNATURE_INVALID` for a missing or
 * wrong signature or an account the gate does not serve.
 */
import { getGateRuntime, runSignedUsageAlert } from '../../compose';
import { jsonEndpoint, jsonSuccess } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { readUsageAlert, usageAlertLog, usageAlertReplyBody } from '../../core/usage-alert';

export const handler = jsonEndpoint({
  name: 'usage/alert-sub',
  access: 'webhook',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, headers, context, config, logger, twilioClient }) => {
    const alert = readUsageAlert(params);
    const runtime = getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const outcome = await runSignedUsageAlert(runtime, config, {
      alert,
      params,
      signature: headers['x-twilio-signature'],
      domainName: context.DOMAIN_NAME,
      path: '/usage/alert-sub',
      authToken: context.AUTH_TOKEN,
    });
    const log = usageAlertLog(outcome);
    logger[log.level](log.event, log.fields);
    return jsonSuccess(usageAlertReplyBody(outcome));
  },
});
