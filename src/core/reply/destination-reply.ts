import { GateError } from '../http/gate-error';

/** Refusal reasons that mean the input is not a usable phone number: bad input (400), in every mode. */
const UNPARSEABLE = new Set(['invalid_number', 'extension_not_allowed']);

/** True when a refusal is about the input itself rather than the policy (refused even in monitor mode). */
export function isUnparseable(reason: string): boolean {
  return UNPARSEABLE.has(reason);
}

/**
 * The error for a refused destination, the same in every gate: 400 `ERR_GATE_INVALID_PHONE_NUMBER`
 * for input that is not a usable number, 503 `ERR_GATE_UNAVAILABLE` when a paid Lookup the policy
 * requires failed, and otherwise 403 `ERR_GATE_DESTINATION_REFUSED` with the gate's own wording.
 * The precise reason stays in the decision log.
 */
export function destinationRefusalError(reason: string, refusedMessage: string): GateError {
  if (reason === 'extension_not_allowed') {
    return new GateError('ERR_GATE_INVALID_PHONE_NUMBER', "Parameter 'to' must be a phone number without an extension.");
  }
  if (reason === 'invalid_number') {
    return new GateError('ERR_GATE_INVALID_PHONE_NUMBER', "Parameter 'to' must be a valid phone number in international format, such as +447400123456.");
  }
  if (reason === 'lookup_failed') {
    return new GateError('ERR_GATE_UNAVAILABLE', 'The gatekeeper cannot check this destination right now. Try again shortly.', { headers: { 'Retry-After': '5' } });
  }
  return new GateError('ERR_GATE_DESTINATION_REFUSED', refusedMessage);
}
