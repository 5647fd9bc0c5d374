import { LoggedNumber, redactPhoneNumbers } from './mask';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** Default level: decisions are `info`, so they are logged unless switched off. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export type LogFields = Record<string, unknown>;

/** One structured JSON line per event. Numbers masked, message bodies and secrets never written. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the function name). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: `console.log` (Twilio Functions forward it to the console logs). */
  sink?: (line: string) => void;
  /** Clock for the `ts` field. Default `Date.now`. */
  now?: () => number;
  /** Fields on every line. */
  base?: LogFields;
  /**
   * Key of the short hash written beside each masked number (`+4479******56~a3f09c1e`): the
   * deployment's hash secret. Without it numbers are masked untagged.
   */
  numberKey?: string;
}

// Keys whose values must never reach a log, whatever they hold.
const SECRET_KEY = /token|secret|password|authorization|auth_token|api_key|cookie/i;
const CONTENT_KEY = /^(body|text|content|params)$/i;
const MAX_DEPTH = 4;
const MAX_STRING = 500;

function scrub(value: unknown, key: string, depth: number, numberKey: string | undefined): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (value instanceof LoggedNumber) return value.render(numberKey);
  if (CONTENT_KEY.test(key) && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean') {
    return '[omitted]';
  }
  if (typeof value === 'string') {
    const clipped = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    return redactPhoneNumbers(clipped, numberKey);
  }
  if (value instanceof Error) {
    // Only the error's kind, never its message: library messages quote what they choked on,
    // which can be a message body or a number.
    const { code, status } = value as Error & { code?: unknown; status?: unknown };
    return scrub({ name: value.name, code, status }, key, depth, numberKey);
  }
  if (Array.isArray(value)) {
    return depth >= MAX_DEPTH ? '[…]' : value.slice(0, 50).map((item) => scrub(item, key, depth + 1, numberKey));
  }
  if (typeof value === 'object' && value !== null) {
    if (depth >= MAX_DEPTH) return '[…]';
    const out: Record<string, unknown> = {};
    for (const [childKey, childValue] of Object.entries(value)) out[childKey] = scrub(childValue, childKey, depth + 1, numberKey);
    return out;
  }
  return value;
}

/**
 * Creates the structured logger every handler and core module receives.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.info('verify.start', { decision: 'allowed', to: maskPhoneNumber(e164) });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? DEFAULT_LOG_LEVEL);
  const sink = options.sink ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const base = options.base ?? {};

  const write = (level: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const record = scrub({ ...base, ...fields }, '', 0, options.numberKey) as LogFields;
    try {
      sink(JSON.stringify({ ts: new Date(now()).toISOString(), level, event, ...record }));
    } catch {
      // A failing sink must never break a request.
    }
  };

  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}
