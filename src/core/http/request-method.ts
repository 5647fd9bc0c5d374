import { GateError } from './gate-error';

/** Content types whose parameters the runtime parses into `event`. */
const PARSED_BODY = /^\s*application\/(json|x-www-form-urlencoded)\s*(;|$)/i;

/**
 * Refuses what a POST-only endpoint must not serve, from what the function can see. Twilio
 * Functions do not pass the HTTP method, but they pass the headers: a request without a body
 * (no `Content-Type`, no `Content-Length`) is a GET, or a POST with nothing in it, and is
 * answered 405 with `Allow: POST`, so a link or an `<img>` cannot start a paid action. A body the
 * runtime does not parse (`text/plain`, what a plain `fetch` with a string sends) is a 400 that
 * says how to send parameters, instead of a confusing "parameter is required".
 *
 * @example
 * assertPostBody({ 'content-type': 'application/json' }); // passes
 * assertPostBody({}); // throws 405 ERR_GATE_METHOD_NOT_ALLOWED
 */
export function assertPostBody(headers: Readonly<Record<string, string>>): void {
  const contentType = headers['content-type'];
  const length = Number(headers['content-length'] ?? 0);
  if (contentType === undefined && !(length > 0)) {
    throw new GateError('ERR_GATE_METHOD_NOT_ALLOWED', 'Send a POST with the parameters as JSON or as a form.', {
      headers: { Allow: 'POST' },
      logDetail: { reason: 'no_body' },
    });
  }
  if (contentType === undefined || !PARSED_BODY.test(contentType)) {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', 'Send the parameters as JSON (application/json) or as a form (application/x-www-form-urlencoded).', {
      logDetail: { reason: 'unsupported_content_type' },
    });
  }
}
