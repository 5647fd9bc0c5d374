import { GateError } from '../http/gate-error';
import { classifyTwilioError } from '../twilio/classify-error';

const REFUSED = 'This recipient cannot receive messages from this service.';
const CONFIG = 'The gatekeeper is not configured correctly. The operator can find details in the logs.';

/** Messages API error codes and what they mean for the caller. */
const MESSAGE_CODES: Readonly<Record<number, { code: ConstructorParameters<typeof GateError>[0]; message: string }>> = {
  21211: { code: 'ERR_GATE_INVALID_PHONE_NUMBER', message: "Parameter 'to' must be a valid phone number in international format." },
  21408: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // geo permissions
  21610: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // recipient replied STOP
  21608: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // trial account, recipient not verified
  21606: { code: 'ERR_GATE_CONFIG', message: CONFIG }, // sender not a number of this account
  21705: { code: 'ERR_GATE_CONFIG', message: CONFIG }, // GATE_MESSAGING_SERVICE_SID not a service of this account
  21612: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // unreachable from this sender
  21614: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // not a mobile number
  30450: { code: 'ERR_GATE_DESTINATION_REFUSED', message: REFUSED }, // SMS pumping protection
  20429: { code: 'ERR_GATE_THROTTLED', message: 'Too many requests. Try again later.' },
};

/**
 * Turns a failed `messages.create` into the gate's documented error: Twilio's refusals of the
 * recipient become 403, a sender or Messaging Service the account does not own a configuration
 * error (500, naming the setting in the log), its rate limits 429, a transport failure 503,
 * anything else a generic 502.
 */
export function mapMessagesError(error: unknown): GateError {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'api' && failure.code !== undefined && Object.hasOwn(MESSAGE_CODES, failure.code)) {
    const known = MESSAGE_CODES[failure.code];
    return new GateError(known.code, known.message, {
      headers: known.code === 'ERR_GATE_THROTTLED' ? { 'Retry-After': '60' } : undefined,
      logDetail: {
        twilioStatus: failure.status,
        twilioCode: failure.code,
        ...(known.code === 'ERR_GATE_CONFIG' ? { setting: 'GATE_MESSAGING_SERVICE_SID', problem: 'Twilio refused the sender: use a Messaging Service of this account' } : {}),
      },
    });
  }
  if (failure.kind === 'api' && failure.status === 429) {
    return new GateError('ERR_GATE_THROTTLED', 'Too many requests. Try again later.', { headers: { 'Retry-After': '60' }, logDetail: { twilioStatus: 429 } });
  }
  if (failure.kind === 'transport') {
    return new GateError('ERR_GATE_UNAVAILABLE', 'Sending is temporarily unavailable. Try again shortly.', { headers: { 'Retry-After': '5' }, logDetail: { transport: failure.errno } });
  }
  return new GateError('ERR_GATE_UPSTREAM', 'Sending failed upstream. Try again later.', {
    logDetail: failure.kind === 'api' ? { twilioStatus: failure.status, twilioCode: failure.code } : { error: 'unknown' },
  });
}
