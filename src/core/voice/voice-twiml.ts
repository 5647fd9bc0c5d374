import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { twimlReply, type HttpReply } from '../http/reply';

// `twilio.twiml.VoiceResponse`, required on first use from its own module: the whole twilio
// library costs about 100 ms of cold start (see create-client.ts), the TwiML builder about 15.
function newVoiceResponse(): VoiceResponse {
  const VoiceResponseClass = require('twilio/lib/twiml/VoiceResponse') as typeof import('twilio/lib/twiml/VoiceResponse');
  return new VoiceResponseClass();
}

/**
 * `<Reject reason="busy"/>`: as the first verb, the call is never answered and never billed, and
 * the caller hears a busy tone (a legitimate caller tries again later; a flood learns nothing).
 *
 * @example
 * rejectCallReply().body // '<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="busy"/></Response>'
 */
export function rejectCallReply(): HttpReply {
  const response = newVoiceResponse();
  response.reject({ reason: 'busy' });
  return twimlReply(response);
}

/**
 * `<Redirect method="POST">url</Redirect>`: hands an admitted call to the real voice app, which
 * gets the same webhook parameters (signed by Twilio again).
 *
 * @example
 * redirectCallReply('https://example.com/voice/menu')
 */
export function redirectCallReply(url: string): HttpReply {
  const response = newVoiceResponse();
  response.redirect({ method: 'POST' }, url);
  return twimlReply(response);
}

/**
 * `<Dial timeLimit="…" answerOnBridge="true"><Number>…</Number>…</Dial>`: forwards the call to
 * fixed, already checked numbers (all ring at once; the first to answer takes the call). The time
 * limit caps the billed forward leg; `answerOnBridge` keeps the caller hearing ringback, and the
 * inbound leg unanswered, until someone picks up. Nothing follows the `<Dial>`: no `action` URL,
 * no transfer verbs, so the call ends with the forward.
 *
 * @example
 * forwardCallReply(['+447911123456'], 600)
 */
export function forwardCallReply(numbers: readonly string[], timeLimitSeconds: number): HttpReply {
  const response = newVoiceResponse();
  const dial = response.dial({ timeLimit: timeLimitSeconds, answerOnBridge: true });
  for (const number of numbers) dial.number(number);
  return twimlReply(response);
}
