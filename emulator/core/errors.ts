/**
 * Twilio's REST error bodies and the codes the emulator uses. Every API error leaves the emulator
 * as `{ code, message, more_info, status }`, the shape twilio-node turns into a `RestException`.
 */

/** The JSON body of a Twilio API error. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Twilio error codes used across products (product-specific codes live with their product). */
export const TwilioCode = {
  /**
   * Used where Twilio documents no specific code for a generic invalid parameter. Twilio's
   * catalogue names 20001 "Unknown parameters"; clients should branch on the HTTP status.
   */
  INVALID_PARAMETER: 20001,
  AUTHENTICATE: 20003,
  METHOD_NOT_ALLOWED: 20004,
  NOT_FOUND: 20404,
  ENTITY_TOO_LARGE: 20413,
  TOO_MANY_REQUESTS: 20429,
  INTERNAL_ERROR: 20500,
  SERVICE_UNAVAILABLE: 20503,
} as const;

/** An error the emulator answers with, carrying Twilio's HTTP status and error code. */
export class TwilioApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'TwilioApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The body Twilio sends for this error. */
  toBody(): TwilioErrorBody {
    return twilioErrorBody(this.status, this.code, this.message);
  }
}

/**
 * Builds a Twilio error body.
 *
 * @example
 * twilioErrorBody(404, 20404, 'The requested resource /x was not found')
 * // { code: 20404, message: '...', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }
 */
export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** 404 with Twilio's generic "resource not found" wording; `path` is the path without the product prefix. */
export function notFound(path: string): TwilioApiError {
  return new TwilioApiError(404, TwilioCode.NOT_FOUND, `The requested resource ${path} was not found`);
}

/** 401 as Twilio answers missing, malformed or mismatched credentials. */
export function unauthorized(): TwilioApiError {
  return new TwilioApiError(401, TwilioCode.AUTHENTICATE, 'Authenticate', {
    'WWW-Authenticate': 'Basic realm="Twilio API"',
  });
}

/** 400 for a parameter the emulator cannot accept and Twilio documents no specific code for. */
export function invalidParameter(message: string): TwilioApiError {
  return new TwilioApiError(400, TwilioCode.INVALID_PARAMETER, message);
}

/** 503 when an emulator capacity bound is reached (see limits.ts); real Twilio has other quotas. */
export function capacityExceeded(what: string, limit: number): TwilioApiError {
  return new TwilioApiError(
    503,
    TwilioCode.SERVICE_UNAVAILABLE,
    `Emulator capacity reached: at most ${limit} ${what}; POST /__emulator/reset to start over`,
  );
}
