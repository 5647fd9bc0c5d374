import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import { twimlReply, type HttpReply } from '../http/reply';

// The TwiML builder alone (about 17 ms to load), not the whole twilio library (about 130 ms):
// webhooks answer within Twilio's timeout even on a cold start.

/** `<Response/>`: the message is dropped; nothing is sent back or forwarded. */
export function emptyMessagingReply(): HttpReply {
  return twimlReply(new MessagingResponse());
}

/**
 * `<Response><Message to="...">text</Message></Response>`: forwards `text` to the fixed
 * `to` number. The builder escapes the text: no request data is ever concatenated into XML.
 */
export function forwardMessageReply(to: string, text: string): HttpReply {
  const response = new MessagingResponse();
  response.message({ to }, text);
  return twimlReply(response);
}
