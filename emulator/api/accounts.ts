import type { EmulatedAccount } from './account-state';
import type { AccountRecord, AccountRegistry } from './account-registry';
import { API_2010_PREFIX, requireAccount } from './api-2010';
import { rfc2822Date } from '../core/dates';
import { unauthorized } from '../core/errors';
import { parsePageRequest, v2010Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';

const SUBRESOURCES = [
  ['available_phone_numbers', 'AvailablePhoneNumbers'],
  ['calls', 'Calls'],
  ['conferences', 'Conferences'],
  ['incoming_phone_numbers', 'IncomingPhoneNumbers'],
  ['notifications', 'Notifications'],
  ['outgoing_caller_ids', 'OutgoingCallerIds'],
  ['recordings', 'Recordings'],
  ['transcriptions', 'Transcriptions'],
  ['addresses', 'Addresses'],
  ['signing_keys', 'SigningKeys'],
  ['connect_apps', 'ConnectApps'],
  ['sip', 'SIP'],
  ['authorized_connect_apps', 'AuthorizedConnectApps'],
  ['usage', 'Usage'],
  ['keys', 'Keys'],
  ['applications', 'Applications'],
  ['short_codes', 'SMS/ShortCodes'],
  ['queues', 'Queues'],
  ['messages', 'Messages'],
  ['balance', 'Balance'],
] as const;

/**
 * `api.v2010.account`. `auth_token` is the account's token (a PII field Twilio returns to the
 * account itself and to its parent), or null while the emulator has not learned it.
 */
function serializeAccount(account: AccountRecord, registry: AccountRegistry, type: string): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${account.sid}`;
  return {
    auth_token: account.authToken,
    date_created: rfc2822Date(account.dateCreated),
    date_updated: rfc2822Date(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.ownerSid,
    sid: account.sid,
    status: registry.effectiveStatus(account.sid),
    subresource_uris: Object.fromEntries(SUBRESOURCES.map(([key, path]) => [key, `${base}/${path}.json`])),
    type,
    uri: `${base}.json`,
  };
}

/** The account record of a reachable path account (an API key may name one the emulator never saw). */
function reachable(ctx: RouteContext, registry: AccountRegistry): AccountRecord {
  const sid = requireAccount(ctx);
  // An API key may name an account the emulator never saw: it becomes a main account.
  return registry.get(sid) ?? registry.ensureMain(sid, ctx.now);
}

/** The account that creates and lists subaccounts: the credentials' own (an API key acts for none). */
function callerSid(ctx: RouteContext): string {
  if (ctx.principal.kind !== 'account') throw unauthorized();
  return ctx.principal.username;
}

/**
 * The Accounts resource: create a subaccount (`FriendlyName`; answered with its generated
 * `auth_token`), list the caller and its subaccounts (`FriendlyName`, `Status` filters), fetch,
 * and update `Status` / `FriendlyName` with the refusals in `AccountRegistry.update`. Every
 * account reports the emulated account's type (`Full`, or `Trial` as the control API set it).
 */
export function accountRoutes(registry: AccountRegistry, settings: EmulatedAccount): RouteDefinition[] {
  const serialize = (account: AccountRecord) => serializeAccount(account, registry, settings.accountType);
  return [
    {
      method: 'POST',
      pattern: `${API_2010_PREFIX}/Accounts.json`,
      product: 'api',
      handler: (ctx) => ({ status: 201, body: serialize(registry.createSubaccount(callerSid(ctx), ctx.form.get('FriendlyName'), ctx.now)) }),
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts.json`,
      product: 'api',
      handler: (ctx) => {
        const friendlyName = ctx.query.get('FriendlyName');
        const status = ctx.query.get('Status');
        const accounts = registry.list(callerSid(ctx), { friendlyName, status }).map(serialize);
        const filters: [string, string][] = [];
        if (friendlyName !== null) filters.push(['FriendlyName', friendlyName]);
        if (status !== null) filters.push(['Status', status]);
        return { status: 200, body: v2010Page(accounts, 'accounts', '/2010-04-01/Accounts.json', filters, parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account.json`,
      product: 'api',
      handler: (ctx) => ({ status: 200, body: serialize(reachable(ctx, registry)) }),
    },
    {
      method: 'POST',
      pattern: `${API_2010_PREFIX}/Accounts/:account.json`,
      product: 'api',
      handler: (ctx) => {
        const account = reachable(ctx, registry);
        const updated = registry.update(ctx.principal, account.sid, { status: ctx.form.get('Status'), friendlyName: ctx.form.get('FriendlyName') }, ctx.now);
        return { status: 200, body: serialize(updated) };
      },
    },
  ];
}
