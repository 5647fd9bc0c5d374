import type twilio from 'twilio';
import { resolveApiBaseUrl } from './api-base-url';

/** Default per-request timeout: short enough that a hung API never outlives the 10 s Functions limit. */
export const DEFAULT_TWILIO_TIMEOUT_MS = 3000;

/** The part of a Twilio Functions `context` the client factory reads. */
export interface TwilioClientContext {
  getTwilioClient(options?: { timeout?: number }): twilio.Twilio;
  ACCOUNT_SID?: string;
  AUTH_TOKEN?: string;
  /** When set (local mode), every Twilio API request goes to this base URL (the emulator); see `resolveApiBaseUrl`. */
  TWILIO_API_BASE_URL?: string;
  /** `true` lets `TWILIO_API_BASE_URL` name a host that is not loopback. */
  GATE_ALLOW_REMOTE_API_BASE_URL?: string;
  /** The service's domain; on `*.twil.io` no base URL is ever used. */
  DOMAIN_NAME?: string;
  /** Per-request timeout in milliseconds (default 3000). */
  GATE_TWILIO_TIMEOUT_MS?: string;
}

export interface TwilioClientOptions {
  /** Per-request timeout in milliseconds. Default: `GATE_TWILIO_TIMEOUT_MS` or 3000. */
  timeoutMs?: number;
}

/**
 * Parses a timeout setting, refusing values that would defeat its purpose: below 100 ms every
 * call would fail, above 9000 ms a hung request could outlive the Function itself.
 */
export function resolveTimeoutMs(value: string | number | undefined): number {
  if (value === undefined || value === '') return DEFAULT_TWILIO_TIMEOUT_MS;
  const ms = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 9000) {
    throw new Error(
      `GATE_TWILIO_TIMEOUT_MS: '${String(value)}' is not a whole number of milliseconds between 100 and 9000; use e.g. 3000`,
    );
  }
  return ms;
}

/**
 * The only place the bundle obtains a Twilio client.
 *
 * In production it is `context.getTwilioClient({ timeout })`. When `TWILIO_API_BASE_URL` is set
 * (local mode, tests) it is a real `twilio` client whose HTTP client sends every request to that
 * base URL, so the same library code makes the same HTTP requests against the emulator. The base
 * URL must pass `resolveApiBaseUrl` (loopback only, never when deployed), or this throws.
 *
 * @example
 * const client = createTwilioClient(context);
 * await client.sync.v1.services('default').fetch();
 */
export function createTwilioClient(context: TwilioClientContext, options: TwilioClientOptions = {}): twilio.Twilio {
  const timeout = options.timeoutMs ?? resolveTimeoutMs(context.GATE_TWILIO_TIMEOUT_MS);
  const baseUrl = resolveApiBaseUrl(context.TWILIO_API_BASE_URL, {
    allowRemote: context.GATE_ALLOW_REMOTE_API_BASE_URL,
    domainName: context.DOMAIN_NAME,
  });
  if (!baseUrl) return context.getTwilioClient({ timeout });
  // Loaded here, not at the top: the twilio library takes ~130 ms to load, and in production the
  // client comes from the runtime (which has loaded it already), so a function's cold start
  // should not pay for it again. esbuild bundles these requires as lazy initialisers.
  const createClient = require('twilio') as typeof import('twilio');
  const { BaseUrlRequestClient } = require('./base-url-request-client') as typeof import('./base-url-request-client');
  return createClient(context.ACCOUNT_SID, context.AUTH_TOKEN, {
    httpClient: new BaseUrlRequestClient(baseUrl, { timeout }),
    timeout,
  });
}
