import type { AccountRegistry } from '../api/account-registry';
import { isoDate } from '../core/dates';
import { TwilioApiError, notFound } from '../core/errors';
import type { RouteDefinition } from '../core/router';

const BASE = 'https://accounts.twilio.com/v1/AuthTokens';
const PREFIX = '/accounts/v1/AuthTokens';

/**
 * Auth token rotation (`accounts.twilio.com/v1/AuthTokens`) for the credentials' own account:
 * create a secondary token (answered once, never listed: there is no GET), delete it, and promote
 * it to primary. After promotion the old primary is refused in strict-credentials mode. Promoting
 * with no secondary token is answered 404 (Twilio's answer is unverified).
 */
export function authTokenRoutes(registry: AccountRegistry): RouteDefinition[] {
  return [
    {
      method: 'POST',
      pattern: `${PREFIX}/Secondary`,
      product: 'accounts',
      handler: (ctx) => {
        const account = registry.createSecondaryToken(ctx.principal.accountSid, ctx.now);
        return {
          status: 201,
          body: { account_sid: account.sid, date_created: isoDate(ctx.now), date_updated: isoDate(ctx.now), secondary_auth_token: account.secondaryToken, url: `${BASE}/Secondary` },
        };
      },
    },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/Secondary`,
      product: 'accounts',
      handler: (ctx) => {
        if (!registry.deleteSecondaryToken(ctx.principal.accountSid)) throw notFound(ctx.twilioPath);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Promote`,
      product: 'accounts',
      handler: (ctx) => {
        const account = registry.promoteSecondaryToken(ctx.principal.accountSid, ctx.now);
        if (account === null) throw new TwilioApiError(404, 20404, 'No secondary Auth Token to promote: create one first (POST /v1/AuthTokens/Secondary)');
        return { status: 200, body: { account_sid: account.sid, auth_token: account.authToken, date_created: isoDate(account.dateCreated), date_updated: isoDate(ctx.now), url: `${BASE}/Promote` } };
      },
    },
  ];
}
