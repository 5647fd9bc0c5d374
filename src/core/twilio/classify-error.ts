/**
 * What went wrong with a Twilio API call, in the terms the gates decide on.
 * - `api`: Twilio answered with an error (numeric HTTP status and, usually, a Twilio error code).
 * - `transport`: no usable answer (timeout, reset, refused, DNS): the outcome is unknown.
 * - `unknown`: anything else (a bug, a non-Error throw).
 */
export type TwilioFailure =
  | { kind: 'api'; status: number; code: number | undefined; retryable: boolean }
  | { kind: 'transport'; errno: string; retryable: true }
  | { kind: 'unknown'; retryable: false };

const TRANSPORT_CODES = new Set([
  'ECONNABORTED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_CANCELED',
  'ERR_NETWORK',
]);

/**
 * Tells Twilio API errors from transport errors by the *types* of the fields the twilio library
 * sets: a `RestException` has a numeric `status` (and a numeric `code`); an Axios transport error
 * has a string `code` (`ECONNABORTED`, `ECONNRESET`, ...) and no numeric `status`.
 *
 * @example
 * classifyTwilioError({ status: 412, code: 54205 }) // { kind: 'api', status: 412, code: 54205, retryable: false }
 */
export function classifyTwilioError(error: unknown): TwilioFailure {
  if (typeof error !== 'object' || error === null) return { kind: 'unknown', retryable: false };
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status === 'number' && Number.isInteger(status)) {
    const numericCode = typeof code === 'number' ? code : undefined;
    return { kind: 'api', status, code: numericCode, retryable: status === 429 || status >= 500 };
  }
  if (typeof code === 'string' && (TRANSPORT_CODES.has(code) || /^E[A-Z]+$/.test(code))) {
    return { kind: 'transport', errno: code, retryable: true };
  }
  return { kind: 'unknown', retryable: false };
}

/** True when the error is a Twilio API error carrying this Twilio error code. */
export function hasTwilioCode(error: unknown, code: number): boolean {
  const failure = classifyTwilioError(error);
  return failure.kind === 'api' && failure.code === code;
}
