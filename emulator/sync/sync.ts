import { isoDate } from '../core/dates';
import { TwilioApiError, invalidParameter } from '../core/errors';
import { parsePageRequest, SYNC_MAX_PAGE_SIZE, v1Page } from '../core/paging';
import type { SyncAccess, SyncRateLimiter } from './rate-limit';
import type { ApiResponse, RouteContext, RouteDefinition } from '../core/router';
import {
  SyncCode,
  parseTtl,
  type ItemWrite,
  type SyncMap,
  type SyncMapItem,
  type SyncService,
  type SyncStore,
} from './sync-store';

const SYNC_BASE = 'https://sync.twilio.com/v1';
const PREFIX = '/sync/v1';

function serviceUrl(service: SyncService): string {
  return `${SYNC_BASE}/Services/${service.sid}`;
}

function mapUrl(map: SyncMap): string {
  return `${SYNC_BASE}/Services/${map.serviceSid}/Maps/${map.sid}`;
}

function itemUrl(map: SyncMap, item: SyncMapItem): string {
  return `${mapUrl(map)}/Items/${encodeURIComponent(item.key)}`;
}

/** `sync.v1.service` as the OpenAPI spec lists it. */
export function serializeService(service: SyncService, accountSid: string): Record<string, unknown> {
  const url = serviceUrl(service);
  return {
    sid: service.sid,
    unique_name: service.uniqueName,
    account_sid: service.accountSid ?? accountSid,
    friendly_name: service.friendlyName,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    url,
    webhook_url: service.webhookUrl,
    webhooks_from_rest_enabled: false,
    reachability_webhooks_enabled: false,
    acl_enabled: service.aclEnabled,
    reachability_debouncing_enabled: false,
    reachability_debouncing_window: 5000,
    links: { documents: `${url}/Documents`, lists: `${url}/Lists`, maps: `${url}/Maps`, streams: `${url}/Streams` },
  };
}

/** `sync.v1.service.sync_map`. */
export function serializeMap(map: SyncMap): Record<string, unknown> {
  const url = mapUrl(map);
  return {
    sid: map.sid,
    unique_name: map.uniqueName,
    account_sid: map.accountSid,
    service_sid: map.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(map.revision),
    date_expires: map.dateExpires === null ? null : isoDate(map.dateExpires),
    date_created: isoDate(map.dateCreated),
    date_updated: isoDate(map.dateUpdated),
    created_by: 'system',
  };
}

/** `sync.v1.service.sync_map.sync_map_item`. */
export function serializeItem(map: SyncMap, item: SyncMapItem): Record<string, unknown> {
  return {
    key: item.key,
    account_sid: item.accountSid,
    service_sid: map.serviceSid,
    map_sid: map.sid,
    url: itemUrl(map, item),
    revision: item.revision,
    data: item.data,
    date_expires: item.dateExpires === null ? null : isoDate(item.dateExpires),
    date_created: isoDate(item.dateCreated),
    date_updated: isoDate(item.dateUpdated),
    created_by: 'system',
  };
}

function parseBoolean(name: string, raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  throw invalidParameter(`Invalid ${name} '${raw.slice(0, 40)}': expected true or false`);
}

/** `ItemTtl` wins over its deprecated alias `Ttl`, as the spec says. */
function readItemWrite(form: URLSearchParams): ItemWrite {
  const write: ItemWrite = {};
  const data = form.get('Data');
  if (data !== null) write.data = data;
  const itemTtl = form.get('ItemTtl');
  const ttl = form.get('Ttl');
  if (itemTtl !== null) write.ttl = parseTtl('ItemTtl', itemTtl);
  else if (ttl !== null) write.ttl = parseTtl('Ttl', ttl);
  const collectionTtl = form.get('CollectionTtl');
  if (collectionTtl !== null) write.collectionTtl = parseTtl('CollectionTtl', collectionTtl);
  return write;
}

function itemResponse(status: number, map: SyncMap, item: SyncMapItem): ApiResponse {
  // Twilio's docs point REST users at the ETag header for the revision to use in If-Match.
  return { status, body: serializeItem(map, item), headers: { ETag: `"${item.revision}"` } };
}

/**
 * The Sync v1 routes the bundle uses: Services (list, create, fetch; `default` is an alias of the
 * always-present default service), Maps (list, create, fetch, delete) and Map Items (list, create,
 * fetch, update, delete) with If-Match, TTLs and the optional per-Map rate limit.
 */
export function syncRoutes(store: SyncStore, limiter: SyncRateLimiter): RouteDefinition[] {
  const service = (ctx: RouteContext) => store.getService(ctx.params.svc, ctx.twilioPath);
  const map = (ctx: RouteContext, access: SyncAccess) => {
    const found = store.getMap(service(ctx), ctx.params.map, ctx.now, ctx.twilioPath);
    if (!limiter.allow(found.sid, access, ctx.now)) {
      const { readsPerSecond, writesPerSecond, burstSeconds } = limiter.config;
      const rate = access === 'read' ? readsPerSecond : writesPerSecond;
      throw new TwilioApiError(429, SyncCode.RATE_LIMITED, `Rate limit exceeded: too many ${access}s of Sync Map ${found.sid} (${rate}/s, burst window ${burstSeconds}s)`);
    }
    return found;
  };

  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/Services`,
      product: 'sync',
      handler: (ctx) => ({
        status: 200,
        body: v1Page(store.listServices().map((s) => serializeService(s, ctx.principal.accountSid)), 'services', `${SYNC_BASE}/Services`, [], parsePageRequest(ctx.query, SYNC_MAX_PAGE_SIZE)),
      }),
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services`,
      product: 'sync',
      handler: (ctx) => {
        const created = store.createService(
          {
            friendlyName: ctx.form.get('FriendlyName'),
            webhookUrl: ctx.form.get('WebhookUrl'),
            aclEnabled: parseBoolean('AclEnabled', ctx.form.get('AclEnabled')) ?? false,
            accountSid: ctx.principal.accountSid,
          },
          ctx.now,
        );
        return { status: 201, body: serializeService(created, ctx.principal.accountSid) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc`,
      product: 'sync',
      handler: (ctx) => ({ status: 200, body: serializeService(service(ctx), ctx.principal.accountSid) }),
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Maps`,
      product: 'sync',
      handler: (ctx) => {
        const svc = service(ctx);
        const maps = store.listMaps(svc, ctx.now).map(serializeMap);
        return { status: 200, body: v1Page(maps, 'maps', `${serviceUrl(svc)}/Maps`, [], parsePageRequest(ctx.query, SYNC_MAX_PAGE_SIZE)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Maps`,
      product: 'sync',
      handler: (ctx) => {
        const collectionTtl = ctx.form.get('CollectionTtl');
        const ttl = ctx.form.get('Ttl');
        const created = store.createMap(
          service(ctx),
          {
            uniqueName: ctx.form.get('UniqueName'),
            ttl: collectionTtl !== null ? parseTtl('CollectionTtl', collectionTtl) : ttl !== null ? parseTtl('Ttl', ttl) : null,
            accountSid: ctx.principal.accountSid,
          },
          ctx.now,
        );
        return { status: 201, body: serializeMap(created) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Maps/:map`,
      product: 'sync',
      handler: (ctx) => ({ status: 200, body: serializeMap(map(ctx, 'read')) }),
    },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/Services/:svc/Maps/:map`,
      product: 'sync',
      handler: (ctx) => {
        const found = map(ctx, 'write');
        store.deleteMap(found);
        limiter.forget(found.sid);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Maps/:map/Items`,
      product: 'sync',
      handler: (ctx) => {
        const found = map(ctx, 'read');
        const order = ctx.query.get('Order') ?? 'asc';
        const bounds = ctx.query.get('Bounds') ?? 'inclusive';
        if (order !== 'asc' && order !== 'desc') throw invalidParameter(`Invalid Order '${order.slice(0, 40)}': expected asc or desc`);
        if (bounds !== 'inclusive' && bounds !== 'exclusive') throw invalidParameter(`Invalid Bounds '${bounds.slice(0, 40)}': expected inclusive or exclusive`);
        const from = ctx.query.get('From');
        const items = store.listItems(found, { order, from, bounds }, ctx.now).map((item) => serializeItem(found, item));
        const filters: [string, string][] = [['Order', order]];
        if (from !== null) filters.push(['From', from], ['Bounds', bounds]);
        return { status: 200, body: v1Page(items, 'items', `${mapUrl(found)}/Items`, filters, parsePageRequest(ctx.query, SYNC_MAX_PAGE_SIZE)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Maps/:map/Items`,
      product: 'sync',
      syncItemOperation: 'create',
      handler: (ctx) => {
        const found = map(ctx, 'write');
        const key = ctx.form.get('Key');
        if (key === null) throw new TwilioApiError(400, SyncCode.INVALID_ITEM_KEY, 'Missing required parameter Key: the Map Item key must be a string of 1..320 characters');
        const write = readItemWrite(ctx.form);
        if (write.data === undefined) throw new TwilioApiError(400, SyncCode.INVALID_ITEM_DATA, "The 'Data' parameter cannot be null: give a JSON object");
        const item = store.createItem(found, key, { ...write, data: write.data }, ctx.principal.accountSid, ctx.now);
        return itemResponse(201, found, item);
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Maps/:map/Items/:key`,
      product: 'sync',
      handler: (ctx) => {
        const found = map(ctx, 'read');
        return itemResponse(200, found, store.getItem(found, ctx.params.key, ctx.now));
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Maps/:map/Items/:key`,
      product: 'sync',
      syncItemOperation: 'update',
      handler: (ctx) => {
        const found = map(ctx, 'write');
        const ifMatch = headerValue(ctx.headers['if-match']);
        const item = store.updateItem(found, ctx.params.key, readItemWrite(ctx.form), ifMatch, ctx.now);
        return itemResponse(200, found, item);
      },
    },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/Services/:svc/Maps/:map/Items/:key`,
      product: 'sync',
      syncItemOperation: 'delete',
      handler: (ctx) => {
        const found = map(ctx, 'write');
        store.deleteItem(found, ctx.params.key, headerValue(ctx.headers['if-match']), ctx.now);
        return { status: 204 };
      },
    },
  ];
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
