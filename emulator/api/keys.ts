import { randomBytes } from 'node:crypto';
import { API_2010_PREFIX, requireAccount } from './api-2010';
import { AccountTable } from '../core/account-table';
import { rfc2822Date } from '../core/dates';
import { invalidParameter } from '../core/errors';
import { newSid } from '../core/ids';
import { MAX_KEYS_PER_ACCOUNT } from '../core/limits';
import { parsePageRequest, v2010Page } from '../core/paging';
import type { RouteDefinition } from '../core/router';
import { deleteRecordRoute, fetchRecordRoute, pathRecord } from './owned-record-routes';

/** An API key (SK...). The secret is shown once at creation and never kept. */
export interface ApiKey {
  sid: string;
  accountSid: string;
  friendlyName: string;
  dateCreated: number;
  dateUpdated: number;
}

/** API keys of every account. */
export type ApiKeyStore = AccountTable<ApiKey>;

export function createApiKeyStore(): ApiKeyStore {
  return new AccountTable<ApiKey>('API keys', MAX_KEYS_PER_ACCOUNT);
}

function serializeKey(key: ApiKey): Record<string, unknown> {
  return { sid: key.sid, friendly_name: key.friendlyName, date_created: rfc2822Date(key.dateCreated), date_updated: rfc2822Date(key.dateUpdated) };
}

function parseName(value: string | null): string | null {
  if (value !== null && value.length > 64) throw invalidParameter('FriendlyName must be at most 64 characters');
  return value;
}

/**
 * API keys of the 2010 API: list (only `sid`, `friendly_name` and the dates: no type, no last
 * use, as on Twilio), create (a Standard key; its `secret` appears in this answer only), fetch,
 * rename and delete.
 */
export function apiKeyRoutes(store: ApiKeyStore): RouteDefinition[] {
  const base = `${API_2010_PREFIX}/Accounts/:account/Keys`;
  return [
    {
      method: 'GET',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        return { status: 200, body: v2010Page(store.forAccount(accountSid).map(serializeKey), 'keys', `/2010-04-01/Accounts/${accountSid}/Keys.json`, [], parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'POST',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const key = store.add({ sid: newSid('SK'), accountSid, friendlyName: parseName(ctx.form.get('FriendlyName')) ?? '', dateCreated: ctx.now, dateUpdated: ctx.now });
        return { status: 201, body: { ...serializeKey(key), secret: randomBytes(16).toString('hex') } };
      },
    },
    fetchRecordRoute(base, store, serializeKey),
    {
      method: 'POST',
      pattern: `${base}/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const key = pathRecord(store, ctx);
        key.friendlyName = parseName(ctx.form.get('FriendlyName')) ?? key.friendlyName;
        key.dateUpdated = ctx.now;
        return { status: 200, body: serializeKey(key) };
      },
    },
    deleteRecordRoute(base, store),
  ];
}
