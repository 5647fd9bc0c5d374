import { notFound, unauthorized } from '../core/errors';
import { isSid } from '../core/ids';
import type { RouteContext } from '../core/router';

/** Path prefix of the 2010 API on the emulator (`https://api.twilio.com/2010-04-01/...`). */
export const API_2010_PREFIX = '/api/2010-04-01';

/**
 * The account a 2010 API path names, checked against the credentials: an Account SID user may
 * reach its own account and its subaccounts (Twilio answers 401 / 20003 otherwise); an API key
 * acts for the account in the path. A path segment that is not an Account SID is a 404.
 */
export function requireAccount(ctx: RouteContext): string {
  const account = ctx.params.account;
  if (!isSid(account, 'AC')) throw notFound(ctx.twilioPath);
  if (!ctx.accounts.mayReach(ctx.principal, account)) throw unauthorized();
  return account;
}

/** `requireAccount` for sends and calls: a suspended or closed account is refused (10001). */
export function requireActiveAccount(ctx: RouteContext): string {
  const account = requireAccount(ctx);
  ctx.accounts.requireActive(account);
  return account;
}

/** True for an absolute http(s) URL, as Twilio requires for webhooks and callbacks. */
export function isHttpUrl(value: string): boolean {
  if (value.length > 4000) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
