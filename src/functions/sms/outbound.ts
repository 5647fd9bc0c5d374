/**
 * POST /sms/outbound — send a templated SMS to a verified recipient.
 *
 * Trigger: HTTP from your server (app endpoint: `Authorization: Bearer <GATE_API_TOKEN>`).
 * Parameters (JSON, or form with `params` as JSON text): `to`, `template` (a name from the
 * policy file's `templates`), `params` (the template's parameters), optional `identity`.
 * Never free text: only named templates, each parameter checked against its declared type.
 * Response: 200 `{ success: true, sid }`; 400 bad input; 405 a GET (no body); 401 no token; 403 refused destination
 * or unverified recipient; 429 throttled (Retry-After, RateLimit headers); 502/503 upstream.
 */
import { parseSmsConfig } from '../../core/config';
import { getGateRuntime } from '../../compose';
import { enterJsonGate, gateModeLogFields } from '../../core/gate';
import { jsonEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { readSendSmsRequest, renderSendSms, sendSmsLogFields, sendTemplatedSms } from '../../core/sms';

export const handler = jsonEndpoint({
  name: 'sms/outbound',
  access: 'app',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, context, config, logger, twilioClient }) => {
    const request = readSendSmsRequest(params);
    const gate = await enterJsonGate(getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient }), 'sms/outbound');
    const outcome = await sendTemplatedSms(gate.runtime, config, parseSmsConfig(context), request);
    logger.info('sms.outbound', { ...sendSmsLogFields(outcome), ...gateModeLogFields(gate.mode) });
    return renderSendSms(outcome);
  },
});
