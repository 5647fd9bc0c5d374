import { TwilioApiError, capacityExceeded, notFound } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_SYNC_DATA_BYTES, MAX_SYNC_ITEMS, MAX_SYNC_MAPS, MAX_SYNC_SERVICES } from '../core/limits';

/** Sync error codes (Twilio error catalogue, 54xxx). */
export const SyncCode = {
  INVALID_IF_MATCH: 54003,
  DATA_TOO_LARGE: 54006,
  INVALID_JSON: 54008,
  RATE_LIMITED: 54009,
  NO_PARAMETERS: 54010,
  INVALID_TTL: 54011,
  ITEM_NOT_FOUND: 54201,
  ITEM_REVISION_MISMATCH: 54205,
  INVALID_ITEM_DATA: 54206,
  ITEM_ALREADY_EXISTS: 54208,
  INVALID_ITEM_KEY: 54209,
  UNIQUE_NAME_EXISTS: 54301,
  INVALID_UNIQUE_NAME: 54302,
} as const;

/** Largest Map Item `Data`, in bytes of its JSON text (Twilio: 16 KiB). */
export const MAX_ITEM_DATA_BYTES = 16 * 1024;
/** Longest Map Item key accepted, in characters (the OpenAPI spec says 320; error 54209's page says 256). */
export const MAX_ITEM_KEY_LENGTH = 320;
/** Longest lazy-expiry grace the control API accepts: one hour. */
export const MAX_EXPIRY_GRACE_MS = 3_600_000;

/** Longest TTL in seconds (one year); 0 means never expire. */
export const MAX_TTL_SECONDS = 31_536_000;
/** Longest unique name (Sync error 54302). */
export const MAX_UNIQUE_NAME_LENGTH = 256;

/** The alias Twilio accepts for an account's default Sync Service. */
export const DEFAULT_SERVICE_ALIAS = 'default';

export interface SyncService {
  sid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  /** Null for the default service: it belongs to whichever account asks. */
  accountSid: string | null;
  webhookUrl: string | null;
  aclEnabled: boolean;
  dateCreated: number;
  dateUpdated: number;
}

export interface SyncMapItem {
  key: string;
  data: Record<string, unknown>;
  dataBytes: number;
  revision: string;
  /** Epoch ms when the item expires, or null (never). */
  dateExpires: number | null;
  accountSid: string;
  dateCreated: number;
  dateUpdated: number;
}

export interface SyncMap {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  accountSid: string;
  /** Revision counter; every item write takes the next value, so revisions never repeat within a Map. */
  revision: number;
  dateExpires: number | null;
  dateCreated: number;
  dateUpdated: number;
  items: Map<string, SyncMapItem>;
}

/** Item create/update input after HTTP parsing. */
export interface ItemWrite {
  /** The `Data` parameter as sent (JSON text). */
  data?: string;
  /** Item TTL in seconds (`ItemTtl`, or the deprecated `Ttl`). */
  ttl?: number;
  /** Parent Map TTL in seconds (`CollectionTtl`). */
  collectionTtl?: number;
}

function syncError(status: number, code: number, message: string): TwilioApiError {
  return new TwilioApiError(status, code, message);
}

/** Parses a TTL parameter (whole seconds 0..31536000); throws 54011 otherwise. */
export function parseTtl(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value > MAX_TTL_SECONDS) {
    throw syncError(400, SyncCode.INVALID_TTL, `Invalid ${name} '${raw.slice(0, 40)}': the TTL in seconds must be an integer between 0 and ${MAX_TTL_SECONDS} (0 means never expire)`);
  }
  return value;
}

function expiry(now: number, ttlSeconds: number): number | null {
  return ttlSeconds === 0 ? null : now + ttlSeconds * 1000;
}

function isExpired(dateExpires: number | null, now: number): boolean {
  return dateExpires !== null && dateExpires <= now;
}

function parseData(raw: string): { data: Record<string, unknown>; bytes: number } {
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_ITEM_DATA_BYTES) {
    throw syncError(413, SyncCode.DATA_TOO_LARGE, `The size of the specified 'Data' parameter (${bytes} bytes) exceeds the size limit of ${MAX_ITEM_DATA_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw syncError(400, SyncCode.INVALID_JSON, "The specified 'Data' parameter is not valid JSON");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw syncError(400, SyncCode.INVALID_JSON, "The specified 'Data' parameter must be a JSON object");
  }
  return { data: parsed as Record<string, unknown>, bytes };
}

/**
 * If-Match semantics, shared by Map Items and Documents. Revisions are opaque strings to clients;
 * the emulator issues decimal numbers, so anything that is not 1..20 digits (optionally in double
 * quotes, as an HTTP entity tag) cannot be a revision and gets 400 / 54003; a well-formed revision
 * that differs gets 412 with the resource's own mismatch code (`mismatch`).
 */
export function checkIfMatch(ifMatch: string | undefined, current: string, mismatch: { code: number; resource: string }): void {
  if (ifMatch === undefined) return;
  const match = /^"?(\d{1,20})"?$/.exec(ifMatch.trim());
  if (!match) {
    throw syncError(400, SyncCode.INVALID_IF_MATCH, `The specified If-Match header '${ifMatch.slice(0, 40)}' cannot be used for concurrency control: it is not a Sync revision`);
  }
  if (match[1] !== current) {
    throw syncError(412, mismatch.code, `The revision of the ${mismatch.resource} does not match the expected revision (If-Match ${match[1]}, current ${current})`);
  }
}

const ITEM_MISMATCH = { code: SyncCode.ITEM_REVISION_MISMATCH, resource: 'Map Item' };

/**
 * Sync Services, Maps and Map Items with Twilio's semantics: revisions, If-Match, unique names,
 * TTL expiry.
 *
 * Expiry of items has two modes. Exact (the default): an item past `date_expires` behaves as
 * missing from that moment and is purged when next touched. Lazy (`setLazyExpiry(graceMs)`), as
 * Twilio documents it ("expiry is lazy, can be minutes late; expired items can still be read"): an
 * expired item stays readable, updatable and listed for up to `graceMs` after `date_expires`, and
 * creating its key answers 409 / 54208 until it is purged. Consumers must work in both modes.
 */
export class SyncStore {
  readonly defaultService: SyncService;
  private services = new Map<string, SyncService>();
  private maps = new Map<string, SyncMap>();
  private mapsByName = new Map<string, string>();
  private itemCount = 0;
  private dataBytes = 0;
  /** How long an expired item lingers before it is purged; 0 is exact expiry. */
  private expiryGraceMs = 0;

  constructor(createdAt: number) {
    this.defaultService = {
      sid: newSid('IS'),
      uniqueName: DEFAULT_SERVICE_ALIAS,
      friendlyName: 'Default Service',
      accountSid: null,
      webhookUrl: null,
      aclEnabled: false,
      dateCreated: createdAt,
      dateUpdated: createdAt,
    };
    this.services.set(this.defaultService.sid, this.defaultService);
  }

  /** Lazy expiry: expired items linger for `graceMs` (0: exact expiry, the default). */
  setLazyExpiry(graceMs: number): void {
    if (!Number.isInteger(graceMs) || graceMs < 0 || graceMs > MAX_EXPIRY_GRACE_MS) {
      throw new RangeError(`lazy expiry grace must be a whole number of milliseconds from 0 to ${MAX_EXPIRY_GRACE_MS}`);
    }
    this.expiryGraceMs = graceMs;
  }

  get lazyExpiryGraceMs(): number {
    return this.expiryGraceMs;
  }

  /** Drops everything except the default service (which keeps its SID). */
  reset(): void {
    this.services = new Map([[this.defaultService.sid, this.defaultService]]);
    this.maps = new Map();
    this.mapsByName = new Map();
    this.itemCount = 0;
    this.dataBytes = 0;
  }

  /** Counts for tests and capacity checks. */
  stats(): { services: number; maps: number; items: number; dataBytes: number } {
    return { services: this.services.size, maps: this.maps.size, items: this.itemCount, dataBytes: this.dataBytes };
  }

  createService(input: { friendlyName: string | null; webhookUrl: string | null; aclEnabled: boolean; accountSid: string }, now: number): SyncService {
    if (this.services.size > MAX_SYNC_SERVICES) throw capacityExceeded('Sync Services', MAX_SYNC_SERVICES);
    const service: SyncService = { sid: newSid('IS'), uniqueName: null, ...input, dateCreated: now, dateUpdated: now };
    this.services.set(service.sid, service);
    return service;
  }

  listServices(): SyncService[] {
    return [...this.services.values()];
  }

  /** A service by SID or `default`; 404 / 20404 otherwise. */
  getService(sidOrAlias: string, path: string): SyncService {
    const service = sidOrAlias === DEFAULT_SERVICE_ALIAS ? this.defaultService : this.services.get(sidOrAlias);
    if (!service) throw notFound(path);
    return service;
  }

  createMap(service: SyncService, input: { uniqueName: string | null; ttl: number | null; accountSid: string }, now: number): SyncMap {
    this.purgeExpiredMapNamed(service.sid, input.uniqueName, now);
    if (input.uniqueName !== null) {
      const name = input.uniqueName;
      if (name.length === 0 || name.length > MAX_UNIQUE_NAME_LENGTH || /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(name)) {
        throw syncError(400, SyncCode.INVALID_UNIQUE_NAME, `Invalid UniqueName '${name.slice(0, 40)}': it must be 1..${MAX_UNIQUE_NAME_LENGTH} characters and not look like a SID`);
      }
      if (this.mapsByName.has(this.nameKey(service.sid, name))) {
        throw syncError(409, SyncCode.UNIQUE_NAME_EXISTS, `Unique name already exists: a Sync Map named '${name}' already exists in this Service`);
      }
    }
    if (this.maps.size >= MAX_SYNC_MAPS) throw capacityExceeded('Sync Maps', MAX_SYNC_MAPS);
    const map: SyncMap = {
      sid: newSid('MP'),
      serviceSid: service.sid,
      uniqueName: input.uniqueName,
      accountSid: input.accountSid,
      revision: 0,
      dateExpires: input.ttl === null ? null : expiry(now, input.ttl),
      dateCreated: now,
      dateUpdated: now,
      items: new Map(),
    };
    this.maps.set(map.sid, map);
    if (map.uniqueName !== null) this.mapsByName.set(this.nameKey(service.sid, map.uniqueName), map.sid);
    return map;
  }

  /** Live Maps of a service, oldest first. */
  listMaps(service: SyncService, now: number): SyncMap[] {
    return [...this.maps.values()].filter((map) => map.serviceSid === service.sid && !this.expireMap(map, now));
  }

  /** A live Map by SID or unique name; 404 / 20404 otherwise. */
  getMap(service: SyncService, sidOrName: string, now: number, path: string): SyncMap {
    const sid = isSid(sidOrName, 'MP') ? sidOrName : this.mapsByName.get(this.nameKey(service.sid, sidOrName));
    const map = sid === undefined ? undefined : this.maps.get(sid);
    if (!map || map.serviceSid !== service.sid || this.expireMap(map, now)) throw notFound(path);
    return map;
  }

  deleteMap(map: SyncMap): void {
    this.dropMap(map);
  }

  /** Creates an item; 409 / 54208 when a live item has the key. */
  createItem(map: SyncMap, key: string, write: ItemWrite & { data: string }, accountSid: string, now: number): SyncMapItem {
    this.checkKey(key);
    const { data, bytes } = parseData(write.data);
    const existing = this.liveItem(map, key, now);
    if (existing) throw syncError(409, SyncCode.ITEM_ALREADY_EXISTS, `A Map Item with key '${key}' already exists in the Map`);
    if (this.itemCount >= MAX_SYNC_ITEMS) throw capacityExceeded('Sync Map Items', MAX_SYNC_ITEMS);
    if (this.dataBytes + bytes > MAX_SYNC_DATA_BYTES) throw capacityExceeded('bytes of Sync data', MAX_SYNC_DATA_BYTES);
    const item: SyncMapItem = {
      key,
      data,
      dataBytes: bytes,
      revision: this.nextRevision(map, now),
      dateExpires: write.ttl === undefined ? null : expiry(now, write.ttl),
      accountSid,
      dateCreated: now,
      dateUpdated: now,
    };
    map.items.set(key, item);
    this.itemCount += 1;
    this.dataBytes += bytes;
    this.applyCollectionTtl(map, write.collectionTtl, now);
    return item;
  }

  /** A live item; 404 / 54201 otherwise. */
  getItem(map: SyncMap, key: string, now: number): SyncMapItem {
    const item = this.liveItem(map, key, now);
    if (!item) throw syncError(404, SyncCode.ITEM_NOT_FOUND, `The Map Item with key '${key}' was not found`);
    return item;
  }

  /**
   * Updates an item. Order of checks as a conditional write needs them: missing (54201), then
   * If-Match (54003 / 54205), then the new values. A TTL moves only when re-sent.
   */
  updateItem(map: SyncMap, key: string, write: ItemWrite, ifMatch: string | undefined, now: number): SyncMapItem {
    const item = this.getItem(map, key, now);
    checkIfMatch(ifMatch, item.revision, ITEM_MISMATCH);
    if (write.data === undefined && write.ttl === undefined && write.collectionTtl === undefined) {
      throw syncError(400, SyncCode.NO_PARAMETERS, 'No parameters specified: give at least one of Data, ItemTtl (or Ttl), CollectionTtl');
    }
    if (write.data !== undefined) {
      const { data, bytes } = parseData(write.data);
      if (this.dataBytes - item.dataBytes + bytes > MAX_SYNC_DATA_BYTES) throw capacityExceeded('bytes of Sync data', MAX_SYNC_DATA_BYTES);
      this.dataBytes += bytes - item.dataBytes;
      item.data = data;
      item.dataBytes = bytes;
    }
    if (write.ttl !== undefined) item.dateExpires = expiry(now, write.ttl);
    item.revision = this.nextRevision(map, now);
    item.dateUpdated = now;
    this.applyCollectionTtl(map, write.collectionTtl, now);
    return item;
  }

  /** Deletes an item (honouring If-Match); 404 / 54201 when missing. */
  deleteItem(map: SyncMap, key: string, ifMatch: string | undefined, now: number): void {
    const item = this.getItem(map, key, now);
    checkIfMatch(ifMatch, item.revision, ITEM_MISMATCH);
    this.dropItem(map, item);
    this.nextRevision(map, now);
  }

  /**
   * Live items sorted by key (code unit order), with Twilio's `Order`, `From` and `Bounds`
   * (`inclusive` by default) list filters.
   */
  listItems(map: SyncMap, options: { order: 'asc' | 'desc'; from: string | null; bounds: 'inclusive' | 'exclusive' }, now: number): SyncMapItem[] {
    const live = [...map.items.values()].filter((item) => !this.expireItem(map, item, now));
    live.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (options.order === 'desc') live.reverse();
    if (options.from === null) return live;
    const from = options.from;
    return live.filter((item) => {
      if (item.key === from) return options.bounds === 'inclusive';
      return options.order === 'asc' ? item.key > from : item.key < from;
    });
  }

  private checkKey(key: string): void {
    const length = [...key].length;
    if (length === 0 || length > MAX_ITEM_KEY_LENGTH) {
      throw syncError(400, SyncCode.INVALID_ITEM_KEY, `Invalid Map Item key: it must be a string of 1..${MAX_ITEM_KEY_LENGTH} characters (got ${length})`);
    }
  }

  private nextRevision(map: SyncMap, now: number): string {
    map.revision += 1;
    map.dateUpdated = now;
    return String(map.revision);
  }

  private applyCollectionTtl(map: SyncMap, collectionTtl: number | undefined, now: number): void {
    if (collectionTtl !== undefined) map.dateExpires = expiry(now, collectionTtl);
  }

  private liveItem(map: SyncMap, key: string, now: number): SyncMapItem | undefined {
    const item = map.items.get(key);
    if (!item || this.expireItem(map, item, now)) return undefined;
    return item;
  }

  /** Purges the item if expired (and past the lazy grace); true when it was. */
  private expireItem(map: SyncMap, item: SyncMapItem, now: number): boolean {
    const purgeAt = item.dateExpires === null ? null : item.dateExpires + this.expiryGraceMs;
    if (!isExpired(purgeAt, now)) return false;
    this.dropItem(map, item);
    return true;
  }

  /** Purges the Map if expired; true when it was. */
  private expireMap(map: SyncMap, now: number): boolean {
    if (!isExpired(map.dateExpires, now)) return false;
    this.dropMap(map);
    return true;
  }

  private purgeExpiredMapNamed(serviceSid: string, name: string | null, now: number): void {
    if (name === null) return;
    const sid = this.mapsByName.get(this.nameKey(serviceSid, name));
    const map = sid === undefined ? undefined : this.maps.get(sid);
    if (map) this.expireMap(map, now);
  }

  private dropItem(map: SyncMap, item: SyncMapItem): void {
    if (map.items.get(item.key) !== item) return;
    map.items.delete(item.key);
    this.itemCount -= 1;
    this.dataBytes -= item.dataBytes;
  }

  private dropMap(map: SyncMap): void {
    if (this.maps.get(map.sid) !== map) return;
    for (const item of [...map.items.values()]) this.dropItem(map, item);
    this.maps.delete(map.sid);
    if (map.uniqueName !== null) this.mapsByName.delete(this.nameKey(map.serviceSid, map.uniqueName));
  }

  private nameKey(serviceSid: string, name: string): string {
    return `${serviceSid}\u0000${name}`;
  }
}
