import { GATE_ERROR_STATUS, type GateErrorCode } from './error-codes';

export interface GateErrorOptions {
  /** HTTP status; defaults to the code's status in `GATE_ERROR_STATUS`. */
  status?: number;
  /** Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** Facts for the decision log only; never sent to the client. Must not hold numbers or secrets unmasked. */
  logDetail?: Record<string, unknown>;
}

/**
 * The one error type the handlers turn into a client response. Its `message` is written for the
 * client and must never contain a library's raw message, a phone number or a secret.
 *
 * @example
 * throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'to' is required.");
 */
export class GateError extends Error {
  readonly code: GateErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly logDetail: Record<string, unknown>;

  constructor(code: GateErrorCode, message: string, options: GateErrorOptions = {}) {
    super(message);
    this.name = 'GateError';
    this.code = code;
    this.status = options.status ?? GATE_ERROR_STATUS[code];
    this.headers = options.headers ?? {};
    this.logDetail = options.logDetail ?? {};
  }
}

export function isGateError(value: unknown): value is GateError {
  return value instanceof GateError;
}
