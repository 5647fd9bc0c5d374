/**
 * POST /voice/outbound — place a call from your app, if the destination and the throttles allow it.
 *
 * Trigger: HTTP from your server (app access: `Authorization: Bearer <GATE_API_TOKEN>`).
 * Parameters (form or JSON): `to` (E.164, or national format with GATE_DEFAULT_COUNTRY), optional
 * `identity` (your user id: adds the per-identity throttle), `purpose` (a tag sent to
 * GATE_CALL_TWIML_URL as `?purpose=`), `timeLimit` (seconds; capped at GATE_CALL_TIME_LIMIT).
 * Response: 200 `{ success: true, callSid, status: "queued", timeLimit }`; 400 bad input; 405 a GET (no body); 401 no or
 * wrong token; 403 refused destination (also Twilio Geo Permissions 21215, 13227, 32205); 429
 * throttled (Retry-After, RateLimit headers); 500 misconfigured; 502/503 upstream trouble.
 */
import { requireVoiceGate } from '../../compose';
import { enterJsonGate, gateModeLogFields } from '../../core/gate';
import { jsonEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { placeCall, placeCallLogFields, readOutboundCallRequest, renderPlaceCall } from '../../core/voice';

export const handler = jsonEndpoint({
  name: 'voice/outbound',
  access: 'app',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, context, config, logger, twilioClient }) => {
    const request = readOutboundCallRequest(params);
    const { runtime, voice } = requireVoiceGate({ env: context, config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const gate = await enterJsonGate(runtime, 'voice/outbound');
    const outcome = await placeCall(gate.runtime, config, voice, request);
    logger.info('voice.outbound', { ...placeCallLogFields(outcome), ...gateModeLogFields(gate.mode) });
    return renderPlaceCall(outcome);
  },
});
