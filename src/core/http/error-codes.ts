/**
 * Every error code the gatekeeper answers with, and its HTTP status. Codes are stable: clients
 * may branch on them. Each one is documented with cause and fix in docs/error-codes.md.
 */
export const GATE_ERROR_STATUS = {
  /** A parameter is missing, has the wrong type or an invalid value. */
  ERR_GATE_INVALID_PARAMETER: 400,
  /** `to` is not a valid phone number (or carries an extension). */
  ERR_GATE_INVALID_PHONE_NUMBER: 400,
  /** A POST-only endpoint got a request without a body (a GET, as far as a function can see). */
  ERR_GATE_METHOD_NOT_ALLOWED: 405,
  /** The endpoint needs `Authorization: Bearer <GATE_API_TOKEN>` and it was missing or wrong. */
  ERR_GATE_UNAUTHORIZED: 401,
  /** A browser request came from an origin that is not in `GATE_ALLOWED_ORIGINS`. */
  ERR_GATE_ORIGIN_NOT_ALLOWED: 403,
  /** A callback that checks Twilio's signature itself (`usage/alert-sub`) got none, a wrong one, or one for an account it does not serve. */
  ERR_GATE_SIGNATURE_INVALID: 403,
  /** The policy requires a signed identity (`identity` in the policy, `GATE_IDENTITY_SECRET`) and the request had no valid one. */
  ERR_GATE_IDENTITY_REQUIRED: 403,
  /** The destination policy refuses this destination (country, prefix, number or line type). */
  ERR_GATE_DESTINATION_REFUSED: 403,
  /** Outbound SMS to a number that has not passed a verification (nor is allow-listed). */
  ERR_GATE_RECIPIENT_NOT_VERIFIED: 403,
  /** No pending verification for this number (never started, expired, or already approved). */
  ERR_GATE_VERIFICATION_NOT_FOUND: 404,
  /** A throttle refused the request; `Retry-After` says when to try again. */
  ERR_GATE_THROTTLED: 429,
  /** Twilio answered with an error the gate does not expect. */
  ERR_GATE_UPSTREAM: 502,
  /** A dependency (Sync, Lookup, the Twilio API) failed and this path fails closed; retry later. */
  ERR_GATE_UNAVAILABLE: 503,
  /** The gate mode is `lockdown`: every outbound money path is stopped; `Retry-After` says when to ask again. */
  ERR_GATE_LOCKDOWN: 503,
  /** The deployment's configuration is invalid or incomplete; details are in the logs. */
  ERR_GATE_CONFIG: 500,
  /** An unexpected failure; details are in the logs, never in the response. */
  ERR_GATE_INTERNAL: 500,
} as const;

export type GateErrorCode = keyof typeof GATE_ERROR_STATUS;
