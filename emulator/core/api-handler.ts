import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseBasicAuth, type Principal } from './auth';
import type { InFlight } from './connections';
import { TwilioApiError, TwilioCode, notFound, twilioErrorBody, unauthorized } from './errors';
import type { FiredFault } from './faults';
import { BodyTooLargeError, parseFormBody, readBody, sendEmpty, sendHtml, sendJson } from './http';
import { newSid } from './ids';
import { MAX_BODY_BYTES } from './limits';
import { toTwilioPath, type ApiMethod, type RouteMatch, type Router } from './router';
import type { EmulatorState } from './state';
import { SyncCode } from '../sync/sync-store';

/** What the `500-html` fault answers: a proxy's error page, not a Twilio JSON body. */
const HTML_ERROR_PAGE = '<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1><p>emulator fault injection</p></body></html>';
/** What the `502-after-handling` fault answers once the request has been carried out. */
const BAD_GATEWAY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>emulator fault injection</p></body></html>';

function productOf(path: string): string {
  return path.split('/')[1] ?? '';
}

/** Answers an injected fault; returns after the response (or non-response) is arranged. */
function applyFault(fault: FiredFault, match: RouteMatch, path: string, req: IncomingMessage, res: ServerResponse, inFlight: InFlight): void {
  switch (fault.kind) {
    case '429': {
      const sync = productOf(path) === 'sync';
      const error = sync
        ? new TwilioApiError(429, SyncCode.RATE_LIMITED, 'Rate limit exceeded (injected by the emulator)')
        : new TwilioApiError(429, TwilioCode.TOO_MANY_REQUESTS, 'Too Many Requests (injected by the emulator)');
      sendJson(res, 429, error.toBody(), { 'Retry-After': '1' });
      return;
    }
    case '500-html':
      sendHtml(res, 500, HTML_ERROR_PAGE);
      return;
    case '502-after-handling':
      sendHtml(res, 502, BAD_GATEWAY_PAGE);
      return;
    case 'hang':
      inFlight.hang(res);
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'conflict': {
      const operation = match.kind === 'matched' ? match.route.syncItemOperation : undefined;
      const error =
        operation === 'create'
          ? new TwilioApiError(409, SyncCode.ITEM_ALREADY_EXISTS, 'A Map Item with this key already exists in the Map (injected by the emulator)')
          : new TwilioApiError(412, SyncCode.ITEM_REVISION_MISMATCH, 'The revision of the Map Item does not match the expected revision (injected by the emulator)');
      sendJson(res, error.status, error.toBody());
      return;
    }
    case 'twilio-error': {
      const error = new TwilioApiError(fault.status as number, fault.code as number, `Twilio error ${fault.code} (injected by the emulator)`);
      sendJson(res, error.status, error.toBody());
      return;
    }
  }
}

/** Handles one emulated Twilio API request. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<void>;

/**
 * The API request pipeline, in this order: log the round trip
 * (on close, so hangs and resets are counted too), injected latency, injected faults, body (capped),
 * Basic auth (secrets checked only in strict-credentials mode), routing, then the route handler. Handler errors that are `TwilioApiError`s become
 * Twilio error bodies; anything else is an emulator bug, answered 500 / 20500 and printed.
 */
export function createApiHandler(router: Router, state: EmulatorState, inFlight: InFlight): ApiHandler {
  return async (req, res, path, query) => {
    const method = req.method ?? 'GET';
    const match = router.match(method, path);
    const started = performance.now();
    res.once('close', () => {
      state.log.record({
        method,
        route: match.name,
        path,
        status: res.writableFinished ? res.statusCode : 0,
        ms: Math.round(performance.now() - started),
      });
    });

    const delayMs = state.latency.delayFor(method, path);
    if (delayMs > 0 && !(await inFlight.delay(delayMs, res))) return;

    // The body is read before faults are drawn: a fault may be limited to requests carrying
    // given form parameters (e.g. only calls from one caller id).
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, twilioErrorBody(413, TwilioCode.ENTITY_TOO_LARGE, `Request entity too large: the body exceeds ${MAX_BODY_BYTES} bytes`), { Connection: 'close' });
      }
      return;
    }
    const form = parseFormBody(body, req.headers['content-type']);

    const fault = state.faults.take(
      method,
      path,
      (kind) => kind !== 'conflict' || (match.kind === 'matched' && match.route.syncItemOperation !== undefined),
      form,
    );
    // A lost answer is drawn now but applied after the route has done its work.
    const lostAnswer = fault?.kind === '502-after-handling' ? fault : null;
    if (fault && !lostAnswer) {
      applyFault(fault, match, path, req, res, inFlight);
      return;
    }

    const credentials = parseBasicAuth(req.headers.authorization);
    const principal: Principal | null = credentials === null ? null : state.accounts.authenticate(credentials, state.clock.now());
    const requestId = newSid('RQ');
    const send = (error: TwilioApiError) => sendJson(res, error.status, error.toBody(), { ...error.headers, 'Twilio-Request-Id': requestId });
    if (!principal) return send(unauthorized());
    if (match.kind === 'unmatched') return send(notFound(toTwilioPath(path)));
    if (match.kind === 'method-not-allowed') {
      return send(new TwilioApiError(405, TwilioCode.METHOD_NOT_ALLOWED, `Method not allowed: ${method} ${toTwilioPath(path)} accepts ${match.allowed.join(', ')}`));
    }

    try {
      const response = match.route.handler({
        method: method as ApiMethod,
        path,
        twilioPath: toTwilioPath(path),
        params: match.params,
        query,
        form,
        headers: req.headers,
        principal,
        accounts: state.accounts,
        usage: state.usage,
        now: state.clock.now(),
      });
      if (lostAnswer) return applyFault(lostAnswer, match, path, req, res, inFlight);
      const headers = { ...response.headers, 'Twilio-Request-Id': requestId };
      if (response.body === undefined) sendEmpty(res, response.status, headers);
      else sendJson(res, response.status, response.body, headers);
    } catch (error) {
      if (error instanceof TwilioApiError) return send(error);
      // A bug in the emulator: answer like Twilio's 500 and make it loud.
      console.error(`[emulator] internal error on ${method} ${path}:`, error);
      send(new TwilioApiError(500, TwilioCode.INTERNAL_ERROR, `Internal error in the emulator: ${(error as Error).message}`));
    }
  };
}
