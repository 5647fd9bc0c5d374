/**
 * POST /sms/inbound — a number's "A message comes in" webhook: screen the sender, strip links
 * and phone numbers, never forward attachments, and forward what is left.
 *
 * Trigger: Twilio messaging webhook (protected: Twilio signs it). Parameters: Twilio's inbound
 * message parameters (`From`, `To`, `Body`, `NumMedia`, `MediaUrl0..`, `MessageSid`, ...).
 * Response: always 200 TwiML: `<Message to="GATE_SMS_FORWARD_TO">` with the sanitized text, or
 * an empty `<Response/>` (dropped, empty after sanitizing, or forwarded by webhook only). On any
 * failure the message is dropped, never forwarded unsanitized.
 */
import { parseSmsConfig } from '../../core/config';
import { getGateRuntime } from '../../compose';
import { twimlEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { emptyMessagingReply, inboundSmsLogFields, readInboundMessage, renderInboundSms, screenInboundSms } from '../../core/sms';

export const handler = twimlEndpoint({
  name: 'sms/inbound',
  newResponse: () => new Twilio.Response(),
  fallback: emptyMessagingReply,
  refusal: emptyMessagingReply,
  run: async ({ params, context, config, logger, twilioClient }) => {
    const sms = parseSmsConfig(context, { requireForward: true });
    const runtime = getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const outcome = await screenInboundSms(runtime, config, sms, readInboundMessage(params));
    logger.info('sms.inbound', inboundSmsLogFields(outcome));
    return renderInboundSms(outcome);
  },
});
