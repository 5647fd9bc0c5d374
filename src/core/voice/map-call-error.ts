import { GateError } from '../http/gate-error';
import { classifyTwilioError } from '../twilio/classify-error';

/**
 * Twilio's codes for a call its Voice Geo Permissions refuse: 21215 (the API refuses the
 * destination), 13227 (no international permission), 32205 (the route is blocked as high risk).
 * The account itself says no, so no other caller id would help.
 */
export const DESTINATION_BLOCKED_CODES: readonly number[] = [21215, 13227, 32205];
/**
 * Codes that blame the caller id, not the call: 21210 (the `From` number is not owned or not
 * verified by the account), 21212 (`From` is not a valid caller id). Twilio refused to create
 * the call, so no call exists, and another number of the pool may well work. These are the only
 * answers retried with another caller id.
 */
export const CALLER_ID_CODES: readonly number[] = [21210, 21212];
/** Twilio's code for a `To` it will not accept as a number, though the gate's parser did. */
const INVALID_TO_CODE = 21211;
/** Twilio's code for a trial account calling a number it has not verified: no caller id helps. */
const TRIAL_UNVERIFIED_TO_CODE = 21219;
/** Seconds a client is asked to wait after Twilio's own rate limit (it does not say how long). */
export const CALL_RATE_LIMIT_RETRY_AFTER_SECONDS = 10;

/** A failed `calls.create`, mapped: the client's error, and whether to try the next caller id. */
export interface MappedCallError {
  error: GateError;
  /**
   * True only for caller-id errors: Twilio refused the `From`, so no call exists and another
   * number may succeed. False for everything else: a 5xx (a 502 or 504 from a proxy can come
   * after the call was created, so a retry could place it twice and bill it twice), transport
   * failures (outcome unknown for the same reason) and everything about the destination.
   */
  retryWithAnotherCallerId: boolean;
}

const CONFIG_MESSAGE = 'The gatekeeper is not configured correctly. The operator can find details in the logs.';

/**
 * Maps a failed `calls.create` to the gate's documented errors: Geo Permissions refusals are 403
 * `ERR_GATE_DESTINATION_REFUSED`, Twilio's rate limit 429, a refused caller id a configuration
 * error, a transport failure 503 (with `outcome: unknown` in the log), anything else 502. Raw
 * messages never reach the client; status and code go to the log.
 *
 * @example
 * mapCallError({ status: 403, code: 21215 }).error.code // 'ERR_GATE_DESTINATION_REFUSED'
 */
export function mapCallError(error: unknown): MappedCallError {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'transport') {
    return {
      error: new GateError('ERR_GATE_UNAVAILABLE', 'Calling is temporarily unavailable. Try again shortly.', {
        headers: { 'Retry-After': '5' },
        logDetail: { transport: failure.errno, outcome: 'unknown' },
      }),
      retryWithAnotherCallerId: false,
    };
  }
  if (failure.kind === 'unknown') {
    return { error: new GateError('ERR_GATE_UPSTREAM', 'The call failed upstream. Try again later.', { logDetail: { error: 'unknown' } }), retryWithAnotherCallerId: false };
  }
  // A 5xx may come after the call was created: say so in the log, as for a transport failure.
  const logDetail = { twilioStatus: failure.status, twilioCode: failure.code, ...(failure.status >= 500 ? { outcome: 'unknown' } : {}) };
  if (failure.code !== undefined && (DESTINATION_BLOCKED_CODES.includes(failure.code) || failure.code === TRIAL_UNVERIFIED_TO_CODE)) {
    return { error: new GateError('ERR_GATE_DESTINATION_REFUSED', 'This destination cannot be called.', { logDetail }), retryWithAnotherCallerId: false };
  }
  if (failure.code !== undefined && CALLER_ID_CODES.includes(failure.code)) {
    return {
      error: new GateError('ERR_GATE_CONFIG', CONFIG_MESSAGE, {
        logDetail: { ...logDetail, setting: 'GATE_CALLER_ID_POOL', problem: 'Twilio refused the caller id: list only numbers this account owns or has verified' },
      }),
      retryWithAnotherCallerId: true,
    };
  }
  if (failure.status === 429 || failure.code === 20429) {
    return {
      error: new GateError('ERR_GATE_THROTTLED', 'Too many calls right now. Try again later.', {
        headers: { 'Retry-After': String(CALL_RATE_LIMIT_RETRY_AFTER_SECONDS) },
        logDetail,
      }),
      retryWithAnotherCallerId: false,
    };
  }
  if (failure.code === INVALID_TO_CODE) {
    return {
      error: new GateError('ERR_GATE_INVALID_PHONE_NUMBER', "Parameter 'to' must be a valid phone number in international format, such as +447400123456.", { logDetail }),
      retryWithAnotherCallerId: false,
    };
  }
  return {
    error: new GateError('ERR_GATE_UPSTREAM', 'The call failed upstream. Try again later.', { logDetail }),
    retryWithAnotherCallerId: false,
  };
}
