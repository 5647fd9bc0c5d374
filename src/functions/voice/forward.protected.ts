/**
 * POST /voice/forward — call forwarding without the open-relay hole.
 *
 * Trigger: a phone number's "A call comes in" webhook, or a `<Redirect>` from your voice app
 * (protected: Twilio signs the request).
 * Parameters: Twilio's voice webhook parameters; none of them chooses the destination.
 * Response: always 200 TwiML: `<Dial timeLimit=GATE_CALL_TIME_LIMIT answerOnBridge="true">` to the
 * numbers in GATE_FORWARD_TO (each checked against the voice destination policy), or
 * `<Reject reason="busy"/>` while that list is missing or refused (fail closed).
 */
import { setUpVoiceGate } from '../../compose';
import { twimlEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { forwardCall, rejectCallReply, forwardCallLog, forwardFallback, readInboundCall, renderForwardCall } from '../../core/voice';

export const handler = twimlEndpoint({
  name: 'voice/forward',
  newResponse: () => new Twilio.Response(),
  fallback: () => forwardFallback(),
  refusal: rejectCallReply,
  run: async ({ params, context, config, logger, twilioClient }) => {
    const outcome = await forwardCall({
      gate: setUpVoiceGate({ env: context, config, policyText: readPolicyAsset(Runtime), createClient: twilioClient }),
      config,
      call: readInboundCall(params),
    });
    const log = forwardCallLog(outcome);
    logger[log.level](log.event, log.fields);
    return renderForwardCall(outcome);
  },
});
