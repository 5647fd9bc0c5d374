import { isSid } from './ids';

/** Who made an API request, from its HTTP Basic credentials. */
export interface Principal {
  /** The Basic auth username: an Account SID (`AC...`) or an API Key SID (`SK...`). */
  username: string;
  kind: 'account' | 'api-key';
  /**
   * The account the request acts for: the username when it is an Account SID; for an API key,
   * the account named in a 2010 API path, else the emulator's default account.
   */
  accountSid: string;
}

/** The account used for API-key requests to products whose paths name no account. */
export const EMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000000';

/** HTTP Basic credentials as sent; the password is a secret and must never be logged. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * Parses `Authorization: Basic ...` into username and password. Returns null when missing or
 * malformed, or when the password is empty, which the server answers with 401 / 20003 like Twilio.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  const password = decoded.slice(colon + 1);
  if (password.length === 0) return null;
  return { username: decoded.slice(0, colon), password };
}

/**
 * The principal of well-shaped credentials: username `AC` or `SK` + 32 hex digits, any non-empty
 * password (secrets are checked by the account registry, and only in strict-credentials mode).
 *
 * @example
 * authenticate('Basic ' + Buffer.from('AC' + 'a'.repeat(32) + ':token').toString('base64'))
 * // { username: 'ACaaaa...', kind: 'account', accountSid: 'ACaaaa...' }
 */
export function authenticate(header: string | undefined): Principal | null {
  const credentials = parseBasicAuth(header);
  return credentials === null ? null : principalOf(credentials.username);
}

/** The principal a well-shaped username names, or null. */
export function principalOf(username: string): Principal | null {
  if (isSid(username, 'AC')) return { username, kind: 'account', accountSid: username };
  if (isSid(username, 'SK')) return { username, kind: 'api-key', accountSid: EMULATOR_ACCOUNT_SID };
  return null;
}
