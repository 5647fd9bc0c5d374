import { invalidParameter } from './errors';

/** Twilio's page size bounds: default 50, at most 1000 (more is refused with 400). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * Sync v1 lists document "the default is 50, and the maximum is 100". Whether a larger request
 * is refused or served 100 is not documented; the emulator serves 100 (and says so in
 * `meta.page_size`), so a client that reads only the first page of a large list misses items
 * here as it would there.
 */
export const SYNC_MAX_PAGE_SIZE = 100;

/** A requested page: zero-based page number and page size. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

function parseWhole(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidParameter(`Invalid ${name} '${raw.slice(0, 40)}': expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Reads `PageSize` and `Page` from a list request (`PageToken` is accepted and ignored: pages are
 * numbered). `servedAtMost` caps the page size a product serves (Sync: 100).
 */
export function parsePageRequest(query: URLSearchParams, servedAtMost = MAX_PAGE_SIZE): PageRequest {
  return {
    pageSize: Math.min(servedAtMost, parseWhole(query, 'PageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)),
    page: parseWhole(query, 'Page', 0, 1_000_000, 0),
  };
}

function pageQuery(filters: [string, string][], pageSize: number, page: number): string {
  const query = new URLSearchParams(filters);
  query.set('PageSize', String(pageSize));
  query.set('Page', String(page));
  return query.toString();
}

/** The `meta` object of a v1/v2 list response (`key` names the array property). */
export interface V1PageMeta {
  first_page_url: string;
  key: string;
  next_page_url: string | null;
  page: number;
  page_size: number;
  previous_page_url: string | null;
  url: string;
}

/**
 * A v1/v2 product list page (Sync, Verify): `{ [key]: records, meta }` with absolute
 * `https://<product>.twilio.com` URLs, which twilio-node follows through its HTTP client (and so
 * through the emulator's base-URL rewrite).
 */
export function v1Page<T>(
  records: T[],
  key: string,
  baseUrl: string,
  filters: [string, string][],
  request: PageRequest,
): Record<string, unknown> & { meta: V1PageMeta } {
  const start = request.page * request.pageSize;
  const slice = records.slice(start, start + request.pageSize);
  const hasNext = start + request.pageSize < records.length;
  const url = (page: number) => `${baseUrl}?${pageQuery(filters, request.pageSize, page)}`;
  return {
    [key]: slice,
    meta: {
      first_page_url: url(0),
      key,
      next_page_url: hasNext ? url(request.page + 1) : null,
      page: request.page,
      page_size: request.pageSize,
      previous_page_url: request.page > 0 ? url(request.page - 1) : null,
      url: url(request.page),
    },
  };
}

/**
 * A 2010 API list page: the records under `key` plus `page`, `page_size`, `start`, `end`, `uri`,
 * `first_page_uri`, `next_page_uri`, `previous_page_uri` as relative URIs (`/2010-04-01/...`).
 */
export function v2010Page<T>(
  records: T[],
  key: string,
  baseUri: string,
  filters: [string, string][],
  request: PageRequest,
): Record<string, unknown> {
  const start = request.page * request.pageSize;
  const slice = records.slice(start, start + request.pageSize);
  const hasNext = start + request.pageSize < records.length;
  const uri = (page: number) => `${baseUri}?${pageQuery(filters, request.pageSize, page)}`;
  return {
    end: slice.length === 0 ? start : start + slice.length - 1,
    first_page_uri: uri(0),
    [key]: slice,
    next_page_uri: hasNext ? uri(request.page + 1) : null,
    page: request.page,
    page_size: request.pageSize,
    previous_page_uri: request.page > 0 ? uri(request.page - 1) : null,
    start,
    uri: uri(request.page),
  };
}
