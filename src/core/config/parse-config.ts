import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import { MIN_API_TOKEN_LENGTH } from '../http/bearer-auth';
import { parseAllowedOrigins } from '../http/cors';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from '../log/logger';
import { parseDuration } from '../throttle/duration';
import { DEFAULT_SYNC_SERVICE, DEFAULT_SYNC_STORE_SHARDS, MAX_SYNC_STORE_SHARDS } from '../throttle/sync-store';
import { resolveApiBaseUrl } from '../twilio/api-base-url';
import { resolveTimeoutMs } from '../twilio/create-client';
import { MIN_IDENTITY_SECRET_LENGTH } from '../identity/identity-token';
import { ConfigError } from './config-error';

/** Environment as Twilio Functions give it to `context`: every value a string or absent. */
export type Environment = Readonly<Record<string, unknown>>;

/** Default Sync service: `default` is the account's default Sync service, as `Runtime.getSync()` uses. */
export const DEFAULT_SYNC_SERVICE_SID = DEFAULT_SYNC_SERVICE;
/** Default number of Sync Maps throttle items are spread over (see docs/throttling.md). */
export const DEFAULT_SYNC_SHARDS = DEFAULT_SYNC_STORE_SHARDS;
export const MAX_SYNC_SHARDS = MAX_SYNC_STORE_SHARDS;
/** How long a number stays verified after an approved check (outbound SMS goes only to verified numbers). */
export const DEFAULT_VERIFIED_TTL_SECONDS = 30 * 24 * 3600;
/** Shortest accepted `GATE_HASH_SECRET`. */
export const MIN_HASH_SECRET_LENGTH = 32;

/** The deployment's settings, validated and complete. */
export interface GateConfig {
  accountSid: string | undefined;
  /**
   * Local mode: Twilio API requests go to this base URL (the emulator). Only a loopback host,
   * unless `GATE_ALLOW_REMOTE_API_BASE_URL=true`; never in a deployed service (`*.twil.io`).
   */
  apiBaseUrl: string | undefined;
  twilioTimeoutMs: number;
  /** The bearer token app endpoints require; `undefined` means app endpoints refuse every call. */
  apiToken: string | undefined;
  allowedOrigins: string[];
  syncServiceSid: string;
  syncShards: number;
  logLevel: LogLevel;
  /**
   * HMAC secret that turns phone numbers and identities into Sync keys (`GATE_HASH_SECRET`);
   * `undefined` when unset, and then every gate that keeps state refuses to run. Never derived
   * from `AUTH_TOKEN`: rotating a leaked token, the first step of an incident, would otherwise
   * reset every throttle, the conversion history and the verified numbers mid-attack.
   */
  hashSecret: string | undefined;
  /**
   * The secret identity tokens are signed with (`GATE_IDENTITY_SECRET`, see src/core/identity).
   * When set, `verify/start` counts only signed identities as themselves; requests without a
   * valid token share one anonymous identity. `undefined`: identities are used as given.
   */
  identitySecret: string | undefined;
  /** Verify service used by verify/start and verify/check. */
  verifyServiceSid: string | undefined;
  /** Seconds a number stays verified after an approved check. */
  verifiedTtlSeconds: number;
  /** Country for numbers written without `+` (national format); none by default. */
  defaultCountry: CountryCode | undefined;
  /**
   * Whether verify/start passes `RateLimits` keys to Verify (`GATE_VERIFY_RATE_LIMITS`). Off by
   * default: Verify refuses keys naming Rate Limits the service does not have, so it is switched
   * on after `gatekeeper verify-limits apply` has created them.
   */
  verifyRateLimits: boolean;
  /**
   * Accounts besides `accountSid` whose webhooks the gate serves (`GATE_WEBHOOK_ACCOUNT_SIDS`,
   * e.g. subaccounts whose numbers point at this deployment). Empty by default.
   */
  webhookAccountSids: string[];
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

function parseVerifyRateLimits(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ConfigError('GATE_VERIFY_RATE_LIMITS', `'${value}' is not true or false; set true after 'gatekeeper verify-limits apply'`);
}

function parseWebhookAccountSids(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((entry) => {
    const sid = entry.trim();
    if (!/^AC[0-9a-f]{32}$/.test(sid)) {
      throw new ConfigError('GATE_WEBHOOK_ACCOUNT_SIDS', `'${sid}' is not an account SID (AC followed by 32 hex digits); list subaccount SIDs separated by commas`);
    }
    return sid;
  });
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

const COUNTRIES = new Set<string>(getCountries());

function parseVerifiedTtl(value: string | undefined): number {
  if (value === undefined) return DEFAULT_VERIFIED_TTL_SECONDS;
  const seconds = (parseDuration(value) ?? NaN) / 1000;
  // Sync item TTLs stop at one year.
  if (!Number.isFinite(seconds) || seconds < 60 || seconds > 365 * 86400) {
    throw new ConfigError('GATE_VERIFIED_TTL', `'${value}' is not a duration from 1m to 365d; use e.g. 30d, 12h or 90m`);
  }
  return seconds;
}

function parseVerifyServiceSid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^VA[0-9a-f]{32}$/.test(value)) {
    throw new ConfigError('GATE_VERIFY_SERVICE_SID', `'${value}' is not a Verify service SID (VA followed by 32 hex digits)`);
  }
  return value;
}

function parseDefaultCountry(value: string | undefined): CountryCode | undefined {
  if (value === undefined) return undefined;
  if (!COUNTRIES.has(value)) throw new ConfigError('GATE_DEFAULT_COUNTRY', `'${value}' is not an ISO 3166 alpha-2 country code such as GB or US`);
  return value as CountryCode;
}

function parseIdentitySecret(value: string | undefined): string | undefined {
  if (value !== undefined && value.length < MIN_IDENTITY_SECRET_LENGTH) {
    throw new ConfigError('GATE_IDENTITY_SECRET', `is ${value.length} characters; use at least ${MIN_IDENTITY_SECRET_LENGTH}, e.g. from \`openssl rand -hex 32\``);
  }
  return value;
}

function parseHashSecret(value: string | undefined): string | undefined {
  if (value !== undefined && value.length < MIN_HASH_SECRET_LENGTH) {
    throw new ConfigError('GATE_HASH_SECRET', `is ${value.length} characters; use at least ${MIN_HASH_SECRET_LENGTH}, e.g. from \`openssl rand -hex 32\``);
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
    apiBaseUrl: guard('TWILIO_API_BASE_URL', () =>
      resolveApiBaseUrl(text(env, 'TWILIO_API_BASE_URL'), { allowRemote: text(env, 'GATE_ALLOW_REMOTE_API_BASE_URL'), domainName: text(env, 'DOMAIN_NAME') }),
    ),
    twilioTimeoutMs: guard('GATE_TWILIO_TIMEOUT_MS', () => resolveTimeoutMs(text(env, 'GATE_TWILIO_TIMEOUT_MS'))),
    apiToken: parseApiToken(text(env, 'GATE_API_TOKEN')),
    allowedOrigins: guard('GATE_ALLOWED_ORIGINS', () => parseAllowedOrigins(text(env, 'GATE_ALLOWED_ORIGINS'))),
    syncServiceSid: parseSyncServiceSid(text(env, 'GATE_SYNC_SERVICE_SID')),
    syncShards: parseShards(text(env, 'GATE_SYNC_SHARDS')),
    logLevel: parseLogLevel(text(env, 'GATE_LOG_LEVEL')),
    hashSecret: parseHashSecret(text(env, 'GATE_HASH_SECRET')),
    identitySecret: parseIdentitySecret(text(env, 'GATE_IDENTITY_SECRET')),
    verifyServiceSid: parseVerifyServiceSid(text(env, 'GATE_VERIFY_SERVICE_SID')),
    verifiedTtlSeconds: parseVerifiedTtl(text(env, 'GATE_VERIFIED_TTL')),
    defaultCountry: parseDefaultCountry(text(env, 'GATE_DEFAULT_COUNTRY')),
    verifyRateLimits: parseVerifyRateLimits(text(env, 'GATE_VERIFY_RATE_LIMITS')),
    webhookAccountSids: parseWebhookAccountSids(text(env, 'GATE_WEBHOOK_ACCOUNT_SIDS')),
  };
}
