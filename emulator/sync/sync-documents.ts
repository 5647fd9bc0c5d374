import { isoDate } from '../core/dates';
import { TwilioApiError, capacityExceeded, invalidParameter } from '../core/errors';
import { newSid } from '../core/ids';
import { parsePageRequest, SYNC_MAX_PAGE_SIZE, v1Page } from '../core/paging';
import type { SyncAccess, SyncRateLimiter } from './rate-limit';
import type { ApiResponse, RouteContext, RouteDefinition } from '../core/router';
import { MAX_ITEM_DATA_BYTES, MAX_TTL_SECONDS, MAX_UNIQUE_NAME_LENGTH, SyncCode, checkIfMatch, parseTtl, type SyncService, type SyncStore } from './sync-store';

/** Sync Document error codes (Twilio error catalogue). */
export const SyncDocumentCode = {
  NOT_FOUND: 54100,
  INVALID_DATA: 54101,
  REVISION_MISMATCH: 54103,
} as const;

/** Most Documents the emulator keeps (a bound on memory, not a Twilio quota). */
export const MAX_SYNC_DOCUMENTS = 1_000;

export interface SyncDocument {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  accountSid: string;
  data: Record<string, unknown>;
  revision: number;
  dateExpires: number | null;
  dateCreated: number;
  dateUpdated: number;
}

const SYNC_BASE = 'https://sync.twilio.com/v1';
const PREFIX = '/sync/v1';

const documentUrl = (doc: SyncDocument) => `${SYNC_BASE}/Services/${doc.serviceSid}/Documents/${doc.sid}`;

/** `sync.v1.service.document` as the OpenAPI spec lists it. */
export function serializeDocument(doc: SyncDocument): Record<string, unknown> {
  const url = documentUrl(doc);
  return {
    sid: doc.sid,
    unique_name: doc.uniqueName,
    account_sid: doc.accountSid,
    service_sid: doc.serviceSid,
    url,
    links: { permissions: `${url}/Permissions` },
    revision: String(doc.revision),
    data: doc.data,
    date_expires: doc.dateExpires === null ? null : isoDate(doc.dateExpires),
    date_created: isoDate(doc.dateCreated),
    date_updated: isoDate(doc.dateUpdated),
    created_by: 'system',
  };
}

function parseDocumentData(raw: string | null): Record<string, unknown> {
  if (raw === null) return {};
  if (Buffer.byteLength(raw, 'utf8') > MAX_ITEM_DATA_BYTES) {
    throw new TwilioApiError(413, SyncCode.DATA_TOO_LARGE, `The size of the specified 'Data' parameter exceeds the size limit of ${MAX_ITEM_DATA_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TwilioApiError(400, SyncCode.INVALID_JSON, "The specified 'Data' parameter is not valid JSON");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TwilioApiError(400, SyncDocumentCode.INVALID_DATA, "The specified 'Data' parameter must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

const expiresAt = (now: number, ttl: number | null) => (ttl === null || ttl === 0 ? null : now + ttl * 1000);

/**
 * Sync Documents: one JSON object per document, a revision that moves on every update, If-Match
 * (54103 on a mismatch), unique names (54301 when taken), TTL with the same lazy, exact expiry as
 * the Map items.
 */
export class SyncDocumentStore {
  private documents = new Map<string, SyncDocument>();

  reset(): void {
    this.documents = new Map();
  }

  all(): SyncDocument[] {
    return [...this.documents.values()];
  }

  private live(doc: SyncDocument | undefined, now: number): SyncDocument | undefined {
    if (doc && doc.dateExpires !== null && doc.dateExpires <= now) {
      this.documents.delete(doc.sid);
      return undefined;
    }
    return doc;
  }

  find(service: SyncService, sidOrName: string, now: number): SyncDocument | undefined {
    const bySid = this.documents.get(sidOrName);
    if (bySid && bySid.serviceSid === service.sid) return this.live(bySid, now);
    for (const doc of this.documents.values()) {
      if (doc.serviceSid === service.sid && doc.uniqueName === sidOrName) return this.live(doc, now);
    }
    return undefined;
  }

  get(service: SyncService, sidOrName: string, now: number): SyncDocument {
    const doc = this.find(service, sidOrName, now);
    if (!doc) throw new TwilioApiError(404, SyncDocumentCode.NOT_FOUND, `Document ${sidOrName.slice(0, 64)} not found`);
    return doc;
  }

  list(service: SyncService, now: number): SyncDocument[] {
    return this.all().filter((doc) => doc.serviceSid === service.sid && this.live(doc, now));
  }

  create(service: SyncService, input: { uniqueName: string | null; data: Record<string, unknown>; ttl: number | null; accountSid: string }, now: number): SyncDocument {
    if (input.uniqueName !== null) {
      const name = input.uniqueName;
      if (name.length === 0 || name.length > MAX_UNIQUE_NAME_LENGTH || /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(name)) {
        throw new TwilioApiError(400, SyncCode.INVALID_UNIQUE_NAME, `Invalid unique name '${name.slice(0, 40)}'`);
      }
      if (this.find(service, name, now)) throw new TwilioApiError(409, SyncCode.UNIQUE_NAME_EXISTS, `Unique name ${name} already exists`);
    }
    if (this.documents.size >= MAX_SYNC_DOCUMENTS) throw capacityExceeded('Sync Documents', MAX_SYNC_DOCUMENTS);
    const doc: SyncDocument = {
      sid: newSid('ET'),
      serviceSid: service.sid,
      uniqueName: input.uniqueName,
      accountSid: input.accountSid,
      data: input.data,
      revision: 0,
      dateExpires: expiresAt(now, input.ttl),
      dateCreated: now,
      dateUpdated: now,
    };
    this.documents.set(doc.sid, doc);
    return doc;
  }

  update(doc: SyncDocument, input: { data: Record<string, unknown> | null; ttl: number | null; ifMatch: string | undefined }, now: number): SyncDocument {
    checkIfMatch(input.ifMatch, String(doc.revision), { code: SyncDocumentCode.REVISION_MISMATCH, resource: 'Document' });
    if (input.data === null && input.ttl === null) throw new TwilioApiError(400, SyncCode.NO_PARAMETERS, 'Expected at least 1 optional parameter, but none were provided');
    if (input.data !== null) doc.data = input.data;
    if (input.ttl !== null) doc.dateExpires = expiresAt(now, input.ttl);
    doc.revision += 1;
    doc.dateUpdated = now;
    return doc;
  }

  delete(doc: SyncDocument): void {
    this.documents.delete(doc.sid);
  }
}

function documentResponse(status: number, doc: SyncDocument): ApiResponse {
  return { status, body: serializeDocument(doc), headers: { ETag: `"${doc.revision}"` } };
}

const readTtl = (form: URLSearchParams): number | null => {
  const raw = form.get('Ttl');
  return raw === null ? null : parseTtl('Ttl', raw);
};

/** The Sync v1 Document routes (list, create, fetch by SID or unique name, update, delete), under the per-object rate limit. */
export function syncDocumentRoutes(sync: SyncStore, documents: SyncDocumentStore, limiter: SyncRateLimiter): RouteDefinition[] {
  const service = (ctx: RouteContext) => sync.getService(ctx.params.svc, ctx.twilioPath);
  const limited = (ctx: RouteContext, objectSid: string, access: SyncAccess) => {
    if (!limiter.allow(objectSid, access, ctx.now)) {
      throw new TwilioApiError(429, SyncCode.RATE_LIMITED, `Rate limit exceeded: too many ${access}s of Sync Document ${objectSid}`);
    }
  };
  const document = (ctx: RouteContext, access: SyncAccess) => {
    const doc = documents.get(service(ctx), ctx.params.doc, ctx.now);
    limited(ctx, doc.sid, access);
    return doc;
  };

  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Documents`,
      product: 'sync',
      handler: (ctx) => {
        const svc = service(ctx);
        const page = documents.list(svc, ctx.now).map(serializeDocument);
        return { status: 200, body: v1Page(page, 'documents', `${SYNC_BASE}/Services/${svc.sid}/Documents`, [], parsePageRequest(ctx.query, SYNC_MAX_PAGE_SIZE)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Documents`,
      product: 'sync',
      handler: (ctx) => {
        const ttl = readTtl(ctx.form);
        if (ttl !== null && ttl > MAX_TTL_SECONDS) throw invalidParameter('Ttl is too long');
        const created = documents.create(
          service(ctx),
          { uniqueName: ctx.form.get('UniqueName'), data: parseDocumentData(ctx.form.get('Data')), ttl, accountSid: ctx.principal.accountSid },
          ctx.now,
        );
        return documentResponse(201, created);
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Services/:svc/Documents/:doc`,
      product: 'sync',
      handler: (ctx) => documentResponse(200, document(ctx, 'read')),
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Services/:svc/Documents/:doc`,
      product: 'sync',
      handler: (ctx) => {
        const doc = document(ctx, 'write');
        const raw = ctx.form.get('Data');
        const ifMatch = ctx.headers['if-match'];
        const updated = documents.update(
          doc,
          { data: raw === null ? null : parseDocumentData(raw), ttl: readTtl(ctx.form), ifMatch: Array.isArray(ifMatch) ? ifMatch.join(', ') : ifMatch },
          ctx.now,
        );
        return documentResponse(200, updated);
      },
    },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/Services/:svc/Documents/:doc`,
      product: 'sync',
      handler: (ctx) => {
        const doc = document(ctx, 'write');
        documents.delete(doc);
        limiter.forget(doc.sid);
        return { status: 204 };
      },
    },
  ];
}
