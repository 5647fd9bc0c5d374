import { GateError } from '../http/gate-error';
import { optionalString, requireString, type RequestParams } from '../http/params';

/** A `voice/outbound` request from the app. */
export interface OutboundCallRequest {
  to: string;
  /** Your user or session id: adds the per-identity throttle. */
  identity?: string;
  /** A short tag for your TwiML (`appointment-reminder`): sent to `GATE_CALL_TWIML_URL` as `?purpose=`, and logged. */
  purpose?: string;
  /** Seconds the app wants the call capped at; never more than `GATE_CALL_TIME_LIMIT`. */
  timeLimit?: number;
}

/**
 * The parameters of a Twilio voice webhook the gates use. Twilio sends them; the gate still reads
 * them defensively, because a webhook must answer TwiML whatever arrives: a missing or malformed
 * value is absent, never an error.
 */
export interface InboundCallFacts {
  /** The caller as Twilio gives it: E.164, a withheld marker (`anonymous`, `+266696687`), or anything. Log it masked only. */
  from: string | undefined;
  /** The number called (yours). */
  to: string | undefined;
  callSid: string | undefined;
  /** Twilio's country for the caller, when it knows one. */
  callerCountry: string | undefined;
}

// Same rule as verify/start: printable ASCII without spaces (ids, emails, UUIDs); it is only hashed.
const IDENTITY = /^[\x21-\x7e]{1,128}$/;
const PURPOSE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const SECONDS = /^\d{1,6}$/;
const CALL_SID = /^CA[0-9a-f]{32}$/;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Reads and validates `voice/outbound` parameters; a `GateError` 400 names the first bad one.
 *
 * @example
 * readOutboundCallRequest({ to: '+447400123456', timeLimit: '120' }) // { to: '+447400123456', timeLimit: 120, ... }
 */
export function readOutboundCallRequest(params: RequestParams): OutboundCallRequest {
  const timeLimitText = optionalString(params, 'timeLimit', { maxLength: 6, pattern: SECONDS, expected: 'a whole number of seconds, at least 1' });
  const timeLimit = timeLimitText === undefined ? undefined : Number(timeLimitText);
  if (timeLimit === 0) throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'timeLimit' must be a whole number of seconds, at least 1.");
  return {
    to: requireString(params, 'to', { maxLength: 64 }),
    identity: optionalString(params, 'identity', { maxLength: 128, pattern: IDENTITY, expected: '1 to 128 printable characters without spaces' }),
    purpose: optionalString(params, 'purpose', { maxLength: 32, pattern: PURPOSE, expected: '1 to 32 lower-case letters, digits, - or _' }),
    timeLimit,
  };
}

function lenient(params: RequestParams, name: string, pattern?: RegExp, maxLength = 64): string | undefined {
  const value = params[name];
  if (typeof value !== 'string' || value === '' || value.length > maxLength) return undefined;
  return pattern && !pattern.test(value) ? undefined : value;
}

/**
 * Reads the voice webhook parameters the gates use (`From`, `To`, `CallSid`, `CallerCountry`).
 * Never throws.
 *
 * @example
 * readInboundCall({ From: '+447911123456', To: '+14155552671', CallSid: 'CA…', CallerCountry: 'GB' })
 */
export function readInboundCall(params: RequestParams): InboundCallFacts {
  return {
    from: lenient(params, 'From'),
    to: lenient(params, 'To'),
    callSid: lenient(params, 'CallSid', CALL_SID),
    callerCountry: lenient(params, 'CallerCountry', COUNTRY),
  };
}
