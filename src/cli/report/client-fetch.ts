import type { LogsFetch } from './serverless-log-source';

/** The part of a twilio client the report uses: one GET to an absolute Twilio URL. */
export interface RequestingClient {
  request(options: { method: 'get'; uri: string }): Promise<{ statusCode: number; body: unknown }>;
}

/**
 * A GET through the account's twilio client (so the emulator's base URL applies, and the
 * client's auth), resolving with any status instead of throwing on one.
 */
export function clientFetch(client: RequestingClient): LogsFetch {
  return async (url) => {
    const response = await client.request({ method: 'get', uri: url });
    return { status: response.statusCode, body: response.body };
  };
}

/** An answer's body as JSON: the client hands over parsed JSON, or text when it could not parse it. */
export function jsonBody<T>(body: unknown): T {
  return (typeof body === 'string' ? JSON.parse(body) : body) as T;
}
