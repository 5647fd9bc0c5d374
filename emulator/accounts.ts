import type { EmulatedAccount } from './account-state';
import { API_2010_PREFIX, requireAccount } from './api-2010';
import { rfc2822Date } from './dates';
import type { RouteDefinition } from './router';

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
 * `GET /2010-04-01/Accounts/{Sid}.json`: the authenticated account. Every account the emulator
 * sees is an active account created when the emulator started, `Full` (upgraded) or `Trial` as the
 * control API set it. `auth_token` is null: the emulator never echoes credentials.
 */
export function accountRoutes(startedAt: number, account: EmulatedAccount): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account.json`,
      product: 'api',
      handler: (ctx) => {
        const sid = requireAccount(ctx);
        const base = `/2010-04-01/Accounts/${sid}`;
        return {
          status: 200,
          body: {
            auth_token: null,
            date_created: rfc2822Date(startedAt),
            date_updated: rfc2822Date(startedAt),
            friendly_name: 'Emulator account',
            owner_account_sid: sid,
            sid,
            status: 'active',
            subresource_uris: Object.fromEntries(SUBRESOURCES.map(([key, path]) => [key, `${base}/${path}.json`])),
            type: account.accountType,
            uri: `${base}.json`,
          },
        };
      },
    },
  ];
}
