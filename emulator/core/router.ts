import type { IncomingHttpHeaders } from 'node:http';
import type { AccountRegistry } from '../api/account-registry';
import type { Principal } from './auth';
import type { UsageMeter } from '../api/usage-meter';
import { decodeSegment } from './http';

/** HTTP methods the emulated APIs use. */
export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Which Twilio product a route belongs to (decides e.g. the code of an injected 429). */
export type Product = 'sync' | 'verify' | 'lookups' | 'api' | 'monitor' | 'serverless' | 'pricing' | 'voice' | 'accounts' | 'trunking';

/**
 * What a Sync Map Item route does, so a `conflict` fault knows whether to answer 409 / 54208
 * (create) or 412 / 54205 (update, delete).
 */
export type SyncItemOperation = 'create' | 'update' | 'delete';

/** Everything a handler may read about a request. */
export interface RouteContext {
  method: ApiMethod;
  /** The request path, e.g. `/sync/v1/Services/default/Maps/m/Items`. */
  path: string;
  /** The path as Twilio names it in error messages: without the product prefix (`/v1/Services/...`). */
  twilioPath: string;
  /** Decoded path parameters named as in the route pattern (`:svc` -> `params.svc`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Form-encoded body parameters (empty for other content types). */
  form: URLSearchParams;
  headers: IncomingHttpHeaders;
  principal: Principal;
  /** Every account the emulator knows: who may reach which path, and which accounts are active. */
  accounts: AccountRegistry;
  /** Where sends are charged (usage ledger and Usage Triggers). */
  usage: UsageMeter;
  /** The emulator clock's time when the request was handled. */
  now: number;
}

/** A handler's answer; `body` undefined means no body (204). */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One emulated endpoint. Handlers are synchronous: state is in memory. */
export interface RouteDefinition {
  method: ApiMethod;
  /**
   * Path pattern; `:name` matches one non-empty segment and may carry a literal suffix
   * (`:sid.json`). The route's log name is `${method} ${pattern}`.
   */
  pattern: string;
  product: Product;
  handler: (ctx: RouteContext) => ApiResponse;
  syncItemOperation?: SyncItemOperation;
}

/** The result of routing a request. */
export type RouteMatch =
  | { kind: 'matched'; route: RouteDefinition; params: Record<string, string>; name: string }
  | { kind: 'method-not-allowed'; name: string; allowed: ApiMethod[] }
  | { kind: 'unmatched'; name: string };

interface Segment {
  literal?: string;
  param?: string;
  suffix?: string;
}

interface CompiledRoute {
  route: RouteDefinition;
  segments: Segment[];
  name: string;
}

/** The stable name a route is logged and counted under, e.g. `GET /lookups/v2/PhoneNumbers/:number`. */
export function routeName(route: Pick<RouteDefinition, 'method' | 'pattern'>): string {
  return `${route.method} ${route.pattern}`;
}

/** The path without the emulator's product prefix: `/sync/v1/Services` -> `/v1/Services`. */
export function toTwilioPath(path: string): string {
  return path.replace(/^\/[^/]*/, '') || '/';
}

/** The log name of requests that match no route. */
export function unmatchedRouteName(method: string): string {
  return `${method} (unmatched)`;
}

function compileSegment(raw: string): Segment {
  if (!raw.startsWith(':')) return { literal: raw };
  const dot = raw.indexOf('.');
  return dot === -1 ? { param: raw.slice(1) } : { param: raw.slice(1, dot), suffix: raw.slice(dot) };
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i];
    const part = parts[i];
    if (segment.literal !== undefined) {
      if (segment.literal !== part) return null;
      continue;
    }
    let value = part;
    if (segment.suffix) {
      if (!part.endsWith(segment.suffix)) return null;
      value = part.slice(0, part.length - segment.suffix.length);
    }
    if (value.length === 0) return null;
    params[segment.param as string] = decodeSegment(value);
  }
  return params;
}

/**
 * Matches request paths against route patterns. Patterns are compiled once; matching is a linear
 * scan over a few dozen routes, which is cheap next to an HTTP round trip.
 */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: RouteDefinition[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.pattern.split('/').slice(1).map(compileSegment),
      name: routeName(route),
    }));
  }

  /** Routes a request; paths are matched on raw segments and parameters decoded afterwards. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').slice(1);
    const allowed: ApiMethod[] = [];
    let samePathName: string | undefined;
    for (const candidate of this.compiled) {
      const params = matchSegments(candidate.segments, parts);
      if (!params) continue;
      if (candidate.route.method === method) return { kind: 'matched', route: candidate.route, params, name: candidate.name };
      allowed.push(candidate.route.method);
      samePathName ??= `${method} ${candidate.route.pattern}`;
    }
    if (samePathName) return { kind: 'method-not-allowed', name: samePathName, allowed };
    return { kind: 'unmatched', name: unmatchedRouteName(method) };
  }

  /** Every route's log name, for documentation and tests. */
  routeNames(): string[] {
    return this.compiled.map((c) => c.name);
  }
}
