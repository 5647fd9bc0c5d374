/**
 * POST /voice/inbound — the TDoS and inbound-pumping guard in front of a number's voice app.
 *
 * Trigger: a phone number's "A call comes in" webhook (protected: Twilio signs the request).
 * Parameters: Twilio's voice webhook parameters; the gate reads `From`, `To`, `CallSid`,
 * `CallerCountry`.
 * Response: always 200 TwiML. Refused callers (policy or runtime deny list, anonymous when
 * `inbound.anonymous` is `reject`, throttled) get `<Reject reason="busy"/>`: never answered, never
 * billed. Admitted calls get `<Redirect>` to GATE_VOICE_APP_URL, or without one a `<Dial>` to
 * GATE_FORWARD_TO. If the gate cannot decide, GATE_VOICE_INBOUND_ON_ERROR chooses (docs/voice.md).
 */
import { setUpVoiceGate } from '../../compose';
import { twimlEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { inboundCallLog, rejectCallReply, inboundFallbackAction, readInboundCall, renderFallback, renderInboundCall, screenInboundCall } from '../../core/voice';

export const handler = twimlEndpoint({
  name: 'voice/inbound',
  newResponse: () => new Twilio.Response(),
  fallback: (context) => renderFallback(inboundFallbackAction(context)),
  refusal: rejectCallReply,
  run: async ({ params, context, config, logger, twilioClient }) => {
    const call = readInboundCall(params);
    const outcome = await screenInboundCall({
      gate: setUpVoiceGate({ env: context, config, policyText: readPolicyAsset(Runtime), createClient: twilioClient }),
      env: context,
      config,
      call,
    });
    const log = inboundCallLog(outcome);
    logger[log.level](log.event, log.fields);
    return renderInboundCall(outcome);
  },
});
