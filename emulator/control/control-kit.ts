/**
 * The pieces every control API route file shares: its error type, request shape and the small
 * validators that turn bad JSON into 400s naming the endpoint.
 */

/** A control API failure: answered as `{ "error": message }` with `status`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json;
}

/** A control route; it may answer asynchronously (e.g. after delivering a callback). */
export type ControlHandler = (request: ControlRequest) => ControlReply | Promise<ControlReply>;

export interface ControlReply {
  status?: number;
  body: unknown;
}

export function parseJsonBody(raw: Buffer): Json {
  if (raw.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ControlError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ControlError(400, 'request body must be a JSON object');
  }
  return value as Json;
}

/** Runs a validator that throws plain Errors, turning them into 400s that name the endpoint. */
export function validated<T>(endpoint: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ControlError) throw error;
    throw new ControlError(400, `${endpoint}: ${(error as Error).message}`);
  }
}

export function onlyKeys(endpoint: string, body: Json, allowed: string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ControlError(400, `${endpoint}: unknown key '${key}'; allowed: ${allowed.join(', ')}`);
  }
}

/** A boolean field, or a 400 naming it. */
export function requireBoolean(endpoint: string, body: Json, key: string): boolean {
  const value = body[key];
  if (typeof value !== 'boolean') throw new ControlError(400, `${endpoint}: ${key} must be true or false`);
  return value;
}
