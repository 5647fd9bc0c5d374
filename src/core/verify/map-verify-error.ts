import { GateError } from '../http/gate-error';
import { classifyTwilioError } from '../twilio/classify-error';

/** Verify error codes and what they mean for the caller. */
const VERIFY_CODES: Readonly<Record<number, { code: ConstructorParameters<typeof GateError>[0]; message: string; status?: number }>> = {
  60410: { code: 'ERR_GATE_DESTINATION_REFUSED', message: 'This destination cannot receive verification codes.' }, // Fraud Guard blocked the prefix
  60605: { code: 'ERR_GATE_DESTINATION_REFUSED', message: 'This destination cannot receive verification codes.' }, // Geo permissions
  60203: { code: 'ERR_GATE_THROTTLED', message: 'Too many codes were sent to this number. Try again later.' }, // max send attempts
  60212: { code: 'ERR_GATE_THROTTLED', message: 'Too many verifications were started for this number. Try again later.' }, // concurrent requests
  20429: { code: 'ERR_GATE_THROTTLED', message: 'Too many requests. Try again later.' },
  60200: { code: 'ERR_GATE_INVALID_PARAMETER', message: 'Twilio Verify refused a parameter.' },
};

// 20404 means different things: on a check, no pending verification; on a start, the Verify
// service itself does not exist (GATE_VERIFY_SERVICE_SID names a service of another account).
const NOT_FOUND = {
  check: { code: 'ERR_GATE_VERIFICATION_NOT_FOUND', message: 'No pending verification for this number. Start a new one.' },
  start: { code: 'ERR_GATE_CONFIG', message: 'The gatekeeper is not configured correctly. The operator can find details in the logs.' },
} as const;

/** Seconds a client is asked to wait after Verify's own limits; Verify does not say how long. */
export const VERIFY_LIMIT_RETRY_AFTER_SECONDS = 60;
/**
 * Seconds a number stays locked after 5 wrong codes (60202): until the verification expires,
 * 10 minutes after it was created. The gate does not know when that was, so it asks for the
 * whole validity; no new verification can start to the number before then.
 */
export const VERIFY_LOCK_RETRY_AFTER_SECONDS = 600;
/** Twilio Verify's codes the mapping decides on. */
const INVALID_PARAMETER = 60200;
const MAX_CHECK_ATTEMPTS = 60202;

/**
 * Turns a failed Verify call into the gate's coarse, documented error. Verify's own limits and
 * blocks map to the same codes as the gate's; anything unexpected is a 502 and a transport
 * failure (timeout, reset) a 503, both with a generic message. The raw error goes to the log
 * through `logDetail`, masked.
 */
export function mapVerifyError(error: unknown, operation: 'start' | 'check', sent: { rateLimits?: boolean } = {}): GateError {
  const failure = classifyTwilioError(error);
  // With GATE_VERIFY_RATE_LIMITS on, a start's 60200 is the RateLimits parameter: every other
  // parameter the gate sends (To, Channel, Locale) it has validated itself. So a refused key is
  // the operator's setup (the service lacks the Rate Limits), not the caller's input, whatever
  // words Verify chose for it.
  if (operation === 'start' && sent.rateLimits && failure.kind === 'api' && failure.code === INVALID_PARAMETER) {
    return new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly. The operator can find details in the logs.', {
      logDetail: {
        setting: 'GATE_VERIFY_RATE_LIMITS',
        problem: "Verify refused the RateLimits keys: run 'gatekeeper verify-limits apply' for this service, or set GATE_VERIFY_RATE_LIMITS=false",
        twilioStatus: failure.status,
        twilioCode: failure.code,
      },
    });
  }
  if (failure.kind === 'api' && failure.code === 20404) {
    const known = NOT_FOUND[operation];
    const problem = operation === 'start' ? 'the Verify service in GATE_VERIFY_SERVICE_SID does not exist for this account' : undefined;
    return new GateError(known.code, known.message, { logDetail: { twilioStatus: failure.status, twilioCode: failure.code, problem } });
  }
  if (failure.kind === 'api' && failure.code === MAX_CHECK_ATTEMPTS) {
    return new GateError('ERR_GATE_THROTTLED', 'Too many wrong codes for this number. Wait 10 minutes, then request a new code.', {
      headers: { 'Retry-After': String(VERIFY_LOCK_RETRY_AFTER_SECONDS) },
      logDetail: { twilioStatus: failure.status, twilioCode: failure.code, lock: 'max_check_attempts' },
    });
  }
  if (failure.kind === 'api' && failure.code !== undefined && Object.hasOwn(VERIFY_CODES, failure.code)) {
    const known = VERIFY_CODES[failure.code];
    const headers = known.code === 'ERR_GATE_THROTTLED' ? { 'Retry-After': String(VERIFY_LIMIT_RETRY_AFTER_SECONDS) } : undefined;
    return new GateError(known.code, known.message, { headers, logDetail: { twilioStatus: failure.status, twilioCode: failure.code } });
  }
  if (failure.kind === 'transport') {
    return new GateError('ERR_GATE_UNAVAILABLE', 'Verification is temporarily unavailable. Try again shortly.', {
      headers: { 'Retry-After': '5' },
      logDetail: { transport: failure.errno },
    });
  }
  return new GateError('ERR_GATE_UPSTREAM', 'Verification failed upstream. Try again later.', {
    logDetail: failure.kind === 'api' ? { twilioStatus: failure.status, twilioCode: failure.code } : { error: 'unknown' },
  });
}
