import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_DRAIN_BYTES } from './limits';

/**
 * Thrown by `readBody` when the body exceeds the limit but was drained: the connection is intact
 * and the caller should answer 413.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Thrown by `readBody` when the connection is gone (client abort, or dropped for size): do not answer. */
export class RequestAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RequestAbortedError';
  }
}

/**
 * Reads a request body of at most `maxBytes`. An oversized body is drained and discarded (up to
 * MAX_DRAIN_BYTES) and rejected with `BodyTooLargeError`, so the client gets a clean 413 rather
 * than a reset while it is still writing; beyond MAX_DRAIN_BYTES the connection is dropped.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    const drop = () => {
      req.socket.destroy();
      reject(new RequestAbortedError(`request body beyond ${MAX_DRAIN_BYTES} bytes: connection dropped`));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) {
      drop();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_DRAIN_BYTES) {
        drop();
        return;
      }
      if (received > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError(maxBytes)) : resolve(Buffer.concat(chunks))));
    req.on('error', () => reject(new RequestAbortedError('request stream failed')));
    req.on('close', () => {
      if (!req.complete) reject(new RequestAbortedError('client went away before the body ended'));
    });
  });
}

/** The path and query of a raw request target, without trusting it to be a well-formed URL. */
export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

/**
 * Splits `req.url` into path and query. Done by hand because `new URL('//host/x', base)` would
 * read a leading `//` as a host.
 */
export function splitTarget(rawUrl: string | undefined): RequestTarget {
  const target = rawUrl ?? '/';
  const q = target.indexOf('?');
  const pathname = q === -1 ? target : target.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
  return { pathname: pathname || '/', query };
}

/**
 * Form parameters of a request body. Twilio reads `application/x-www-form-urlencoded` only; any
 * other body is ignored, which is why Twilio answers a JSON body with "missing parameter" errors.
 */
export function parseFormBody(body: Buffer, contentType: string | undefined): URLSearchParams {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (body.length === 0 || type !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  return new URLSearchParams(body.toString('utf8'));
}

/** Decodes one percent-encoded path segment, keeping it raw when the encoding is malformed. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Writes a JSON response unless the client has already gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Writes an empty response (204 on deletes). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end();
}

/** Writes an HTML response (the `500-html` fault imitates a proxy error page). */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}
