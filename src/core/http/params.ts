import { GateError } from './gate-error';

/** The parameters of a request: the Functions `event` without the runtime's `request` key. */
export type RequestParams = Readonly<Record<string, unknown>>;

/** Parameter names the runtime uses itself: a request carrying one is refused. */
export const RESERVED_PARAMETERS: readonly string[] = ['request'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `event.request` is the object the runtime builds: exactly `headers` (string or
 * string-list values) and `cookies` (string values). Anything else there was put by the client.
 */
function isRuntimeRequest(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value).sort();
  if (keys.length !== 2 || keys[0] !== 'cookies' || keys[1] !== 'headers') return false;
  const { headers, cookies } = value as { headers: unknown; cookies: unknown };
  if (!isPlainObject(headers) || !isPlainObject(cookies)) return false;
  const headerValueOk = (item: unknown) => typeof item === 'string' || (Array.isArray(item) && item.every((entry) => typeof entry === 'string'));
  return Object.values(headers).every(headerValueOk) && Object.values(cookies).every((item) => typeof item === 'string');
}

/**
 * Refuses a request whose parameters took the runtime's reserved names. Twilio Functions spread
 * query, form and JSON body parameters over `event` after adding `event.request` (headers,
 * cookies), so a parameter named `request` replaces the headers the runtime passed: the Origin
 * and Authorization the gate would read become the client's choice. A `request` that is not
 * shaped exactly like the runtime's is therefore refused with 400. (One forged to the exact shape
 * cannot be told apart; it can only claim headers its sender could send anyway, see
 * docs/threat-model.md.)
 */
export function assertRuntimeRequest(event: unknown): void {
  if (!isPlainObject(event)) return;
  if (Object.hasOwn(event, 'request') && !isRuntimeRequest(event.request)) {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'request' is reserved by the runtime; rename it.", { logDetail: { reason: 'reserved_parameter' } });
  }
}

/**
 * Twilio Functions merge query, form and JSON body parameters into `event` and add
 * `event.request` (headers, cookies); that key is never read as a parameter (see
 * `assertRuntimeRequest`).
 */
export function readParams(event: unknown): RequestParams {
  if (typeof event !== 'object' || event === null) return {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key !== 'request') params[key] = value;
  }
  return params;
}

/**
 * Lower-cased request headers with string values, from the runtime's `event.request.headers`
 * only: nothing when `event.request` is not the runtime's (call `assertRuntimeRequest` first).
 */
export function readHeaders(event: unknown): Record<string, string> {
  const request = (event as { request?: unknown } | null)?.request;
  if (!isRuntimeRequest(request)) return {};
  const raw = (request as { headers: unknown }).headers;
  if (typeof raw !== 'object' || raw === null) return {};
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') headers[key.toLowerCase()] = value[0];
  }
  return headers;
}

export interface StringRule {
  /** Maximum length in characters (default 256): bounds the work done on hostile input. */
  maxLength?: number;
  /** A pattern the whole value must match. */
  pattern?: RegExp;
  /** Says what a valid value looks like, for the error message ("an E.164 number like +447700900123"). */
  expected?: string;
}

const DEFAULT_MAX_LENGTH = 256;

function invalid(name: string, problem: string): GateError {
  return new GateError('ERR_GATE_INVALID_PARAMETER', `Parameter '${name}' ${problem}.`);
}

/**
 * Reads an optional string parameter; `undefined` when absent or empty. Numbers are accepted
 * and turned into strings (a JSON client may send a code as a number); anything else is a 400.
 */
export function optionalString(params: RequestParams, name: string, rule: StringRule = {}): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: string;
  if (typeof raw === 'string') value = raw;
  else if (typeof raw === 'number' && Number.isFinite(raw)) value = String(raw);
  else if (Array.isArray(raw)) throw invalid(name, 'must be given once, not as a list');
  else throw invalid(name, 'must be a string');
  const maxLength = rule.maxLength ?? DEFAULT_MAX_LENGTH;
  if (value.length > maxLength) throw invalid(name, `must be at most ${maxLength} characters`);
  if (rule.pattern && !rule.pattern.test(value)) {
    throw invalid(name, rule.expected ? `must be ${rule.expected}` : 'has an invalid format');
  }
  return value;
}

/** Reads a required string parameter (see `optionalString`). */
export function requireString(params: RequestParams, name: string, rule: StringRule = {}): string {
  const value = optionalString(params, name, rule);
  if (value === undefined) throw invalid(name, 'is required');
  return value;
}

/** Reads an optional parameter that must be one of `allowed`. */
export function optionalOneOf<T extends string>(params: RequestParams, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(params, name, { maxLength: 64 });
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `must be one of ${allowed.join(', ')}`);
  return value as T;
}
