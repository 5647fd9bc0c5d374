import { MIN_API_TOKEN_LENGTH } from '../http/bearer-auth';
import { parseAllowedOrigins } from '../http/cors';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from '../log/logger';
import { resolveTimeoutMs } from '../twilio/create-client';
import { ConfigError } from './config-error';

/** Environment as Twilio Functions give it to `context`: every value a string or absent. */
export type Environment = Readonly<Record<string, unknown>>;

/** Default Sync service: `default` is the account's default Sync service, as `Runtime.getSync()` uses. */
export const DEFAULT_SYNC_SERVICE_SID = 'default';
/** Default number of Sync Maps throttle items are spread over (see docs/throttling.md). */
export const DEFAULT_SYNC_SHARDS = 8;
export const MAX_SYNC_SHARDS = 256;

/** The deployment's settings, validated and complete. */
export interface GateConfig {
  accountSid: string | undefined;
  /** Local mode: Twilio API requests go to this base URL (the emulator). */
  apiBaseUrl: string | undefined;
  twilioTimeoutMs: number;
  /** The bearer token app endpoints require; `undefined` means app endpoints refuse every call. */
  apiToken: string | undefined;
  allowedOrigins: string[];
  syncServiceSid: string;
  syncShards: number;
  logLevel: LogLevel;
}

function text(env: Environment, name: string): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function guard<T>(setting: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = error instanceof Error ? error.message.replace(new RegExp(`^${setting}: `), '') : String(error);
    throw new ConfigError(setting, message);
  }
}

function parseShards(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SYNC_SHARDS;
  const shards = Number(value);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SYNC_SHARDS) {
    throw new ConfigError('GATE_SYNC_SHARDS', `'${value}' is not a whole number from 1 to ${MAX_SYNC_SHARDS}; the default is ${DEFAULT_SYNC_SHARDS}`);
  }
  return shards;
}

function parseApiToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < MIN_API_TOKEN_LENGTH) {
    throw new ConfigError(
      'GATE_API_TOKEN',
      `is ${value.length} characters; use at least ${MIN_API_TOKEN_LENGTH} random characters, e.g. from \`openssl rand -hex 32\``,
    );
  }
  return value;
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return DEFAULT_LOG_LEVEL;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError('GATE_LOG_LEVEL', `'${value}' is not a level; use one of ${LOG_LEVELS.join(', ')}`);
  }
  return value as LogLevel;
}

function parseSyncServiceSid(value: string | undefined): string {
  if (value === undefined) return DEFAULT_SYNC_SERVICE_SID;
  if (value !== 'default' && !/^IS[0-9a-f]{32}$/.test(value)) {
    throw new ConfigError('GATE_SYNC_SERVICE_SID', `'${value}' is not a Sync service SID (IS followed by 32 hex digits) or 'default'`);
  }
  return value;
}

/**
 * Reads and validates every setting in one place. Throws a `ConfigError` naming the setting
 * and the fix; handlers turn that into a generic 500 for the client and log the message.
 *
 * @example
 * const config = parseConfig(context); // context holds the deployment's environment variables
 */
export function parseConfig(env: Environment): GateConfig {
  return {
    accountSid: text(env, 'ACCOUNT_SID'),
    apiBaseUrl: text(env, 'TWILIO_API_BASE_URL'),
    twilioTimeoutMs: guard('GATE_TWILIO_TIMEOUT_MS', () => resolveTimeoutMs(text(env, 'GATE_TWILIO_TIMEOUT_MS'))),
    apiToken: parseApiToken(text(env, 'GATE_API_TOKEN')),
    allowedOrigins: guard('GATE_ALLOWED_ORIGINS', () => parseAllowedOrigins(text(env, 'GATE_ALLOWED_ORIGINS'))),
    syncServiceSid: parseSyncServiceSid(text(env, 'GATE_SYNC_SERVICE_SID')),
    syncShards: parseShards(text(env, 'GATE_SYNC_SHARDS')),
    logLevel: parseLogLevel(text(env, 'GATE_LOG_LEVEL')),
  };
}
