import { requireAccount } from './api-2010';
import type { AccountTable, OwnedRecord } from '../core/account-table';
import type { RouteContext, RouteDefinition } from '../core/router';

/**
 * The record a 2010 API path names (`.../Accounts/:account/<Resource>/:sid.json`), after the
 * account check: a SID of another account is a 404 naming the path, as on Twilio.
 */
export function pathRecord<T extends OwnedRecord>(table: AccountTable<T>, ctx: RouteContext): T {
  return table.found(requireAccount(ctx), ctx.params.sid, ctx.twilioPath);
}

/** `GET ${base}/:sid.json`: 200 with the record the path names. `base` ends with the resource's name. */
export function fetchRecordRoute<T extends OwnedRecord>(base: string, table: AccountTable<T>, serialize: (record: T) => Record<string, unknown>): RouteDefinition {
  return { method: 'GET', pattern: `${base}/:sid.json`, product: 'api', handler: (ctx) => ({ status: 200, body: serialize(pathRecord(table, ctx)) }) };
}

/**
 * `DELETE ${base}/:sid.json`: 204 with no body, for a resource whose delete leaves nothing else
 * behind (keys, incoming numbers; an IP ACL takes its addresses with it, so it has its own).
 */
export function deleteRecordRoute<T extends OwnedRecord>(base: string, table: AccountTable<T>): RouteDefinition {
  return {
    method: 'DELETE',
    pattern: `${base}/:sid.json`,
    product: 'api',
    handler: (ctx) => {
      const record = pathRecord(table, ctx);
      table.delete(record.accountSid, record.sid);
      return { status: 204 };
    },
  };
}
