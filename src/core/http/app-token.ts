import { ConfigError } from '../config/config-error';
import { verifyBearerToken } from './bearer-auth';
import { GateError } from './gate-error';

/**
 * Demands the app token (`Authorization: Bearer <GATE_API_TOKEN>`): a 401 `GateError` without
 * it or with a wrong one, and a `ConfigError` while no token is configured, so that app-only
 * work is refused (fail closed) until the operator sets one.
 *
 * @example
 * requireAppToken(headers.authorization, config.apiToken); // throws unless the token matches
 */
export function requireAppToken(authorization: string | undefined, apiToken: string | undefined): void {
  if (!apiToken) throw new ConfigError('GATE_API_TOKEN', 'not set: app endpoints refuse every request until it is');
  if (!verifyBearerToken(authorization, apiToken)) {
    throw new GateError('ERR_GATE_UNAUTHORIZED', 'Send the API token as "Authorization: Bearer <token>".', {
      headers: { 'WWW-Authenticate': 'Bearer realm="gatekeeper"' },
      logDetail: { reason: authorization ? 'token_mismatch' : 'token_missing' },
    });
  }
}
