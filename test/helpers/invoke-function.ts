import type { FunctionContext, FunctionHandler } from '../../src/core/http';

/** What a handler answered through the callback. */
export interface InvokedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Stands in for the runtime's `Twilio.Response` in handler tests. */
class RecordedResponse implements InvokedResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown = undefined;
  setStatusCode(code: number) {
    this.statusCode = code;
    return this;
  }
  setBody(body: unknown) {
    this.body = body;
    return this;
  }
  appendHeader(name: string, value: string) {
    this.headers[name] = value;
    return this;
  }
}

let policyText = '{}';

/** Sets the policy file function files read through `Runtime.getAssets()` (default `{}`). */
export function setPolicy(policy: unknown): void {
  policyText = typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/** Installs the globals function files use (`Twilio.Response`, `Runtime.getAssets`), as the Functions runtime does. */
export function installRuntimeGlobals(): void {
  const globals = globalThis as unknown as { Twilio: unknown; Runtime: unknown };
  globals.Twilio = { Response: RecordedResponse };
  globals.Runtime = { getAssets: () => ({ '/policy.json': { path: '/policy.json', open: () => policyText } }) };
}

/**
 * The event of a POST with a JSON body, as the runtime builds it: `event.request` with the given
 * headers plus `content-type: application/json` (unless given), then the parameters. A `request`
 * that is not the runtime's shape (a test of the reserved name) is left as it is.
 */
function asJsonPost(event: Record<string, unknown>): Record<string, unknown> {
  const request = event.request as { headers?: Record<string, unknown>; cookies?: unknown } | undefined;
  if (request === undefined) return { request: { headers: { 'content-type': 'application/json' }, cookies: {} }, ...event };
  const shaped = typeof request === 'object' && request !== null && typeof request.headers === 'object' && request.headers !== null && Object.keys(request).length === 2 && 'cookies' in request;
  if (!shaped) return event;
  return { ...event, request: { ...request, headers: { 'content-type': 'application/json', ...request.headers } } };
}

/**
 * Calls a function handler as the runtime would for a POST with a JSON body (see `asJsonPost`)
 * and resolves with its response; rejects if the callback is called twice or with an error, or
 * not within `timeoutMs`.
 */
export function invokeFunction(
  handler: FunctionHandler,
  context: FunctionContext,
  event: Record<string, unknown>,
  timeoutMs = 10000,
): Promise<InvokedResponse> {
  return invokeWithEvent(handler, context, asJsonPost(event), timeoutMs);
}

/** Calls a function handler with exactly this event (a GET's, a forged one), as `invokeFunction` does otherwise. */
export function invokeWithEvent(
  handler: FunctionHandler,
  context: FunctionContext,
  event: Record<string, unknown>,
  timeoutMs = 10000,
): Promise<InvokedResponse> {
  installRuntimeGlobals();
  return new Promise((resolve, reject) => {
    let calls = 0;
    const timer = setTimeout(() => reject(new Error(`handler did not call back within ${timeoutMs} ms`)), timeoutMs);
    handler(context, event, (error, payload) => {
      calls += 1;
      clearTimeout(timer);
      if (calls > 1) {
        const twice = new Error('callback called more than once');
        reject(twice);
        // The first call settled the promise already: throw back into the handler, so the extra
        // call surfaces as an error (an unhandled one fails the test) instead of going unseen.
        throw twice;
      }
      if (error) return reject(error);
      resolve(payload as InvokedResponse);
    });
  });
}
