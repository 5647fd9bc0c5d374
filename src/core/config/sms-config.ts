import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { ConfigError } from './config-error';
import type { Environment } from './parse-config';

/** Default timeout of the signed forward POST: short, so a slow receiver never delays the TwiML reply much. */
export const DEFAULT_SMS_FORWARD_TIMEOUT_MS = 2000;
/** Shortest accepted `GATE_SMS_FORWARD_SECRET`. */
export const MIN_FORWARD_SECRET_LENGTH = 32;
/** Most countries in `GATE_SMS_EXTRA_COUNTRIES`: each one is another numbering plan read per digit run. */
export const MAX_SMS_EXTRA_COUNTRIES = 8;

/** Settings of the SMS gate (sms/inbound, sms/outbound). */
export interface SmsConfig {
  /** Inbound: forward sanitized messages to this number with TwiML `<Message to>`. */
  forwardTo: string | undefined;
  /** Inbound: POST sanitized messages as signed JSON to this URL. */
  forwardUrl: string | undefined;
  /** HMAC-SHA256 key of the forward POST's signature header. */
  forwardSecret: string | undefined;
  forwardTimeoutMs: number;
  /** Replacement texts for removed spans (`GATE_SMS_REPLACEMENT` for both, or per kind). */
  replacement: { url?: string; phone?: string };
  /**
   * Countries whose national-format numbers the sanitizer also looks for, besides the
   * recipient's (`GATE_SMS_EXTRA_COUNTRIES=IN,PH`): inbound message bodies and outbound template
   * parameters alike. Default: none.
   */
  extraCountries: CountryCode[];
  /** Outbound: the Messaging Service whose sender pool sends (no hard-coded sender). */
  messagingServiceSid: string | undefined;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function text(env: Environment, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// HTTPS only, except loopback for local testing: a plain-HTTP forward would expose messages.
function parseForwardUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GATE_SMS_FORWARD_URL', `'${value}' is not a URL; use e.g. https://example.com/sms-hook`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError('GATE_SMS_FORWARD_URL', 'must be an https:// URL (http:// only for 127.0.0.1 or localhost)');
  }
  if (url.username || url.password) throw new ConfigError('GATE_SMS_FORWARD_URL', 'must not contain credentials; the POST is signed with GATE_SMS_FORWARD_SECRET');
  return url.toString();
}

function parseReplacement(env: Environment): SmsConfig['replacement'] {
  const both = env.GATE_SMS_REPLACEMENT;
  const url = text(env, 'GATE_SMS_REPLACEMENT_LINK') ?? (typeof both === 'string' && both !== '' ? both : undefined);
  const phone = text(env, 'GATE_SMS_REPLACEMENT_NUMBER') ?? (typeof both === 'string' && both !== '' ? both : undefined);
  for (const [setting, value] of [['GATE_SMS_REPLACEMENT', url], ['GATE_SMS_REPLACEMENT', phone]] as const) {
    if (value !== undefined && (value.length > 40 || /[^\x20-\x7e]/.test(value))) {
      throw new ConfigError(setting, 'must be at most 40 plain printable characters, e.g. (link removed)');
    }
  }
  return { ...(url !== undefined ? { url } : {}), ...(phone !== undefined ? { phone } : {}) };
}

function parseExtraCountries(env: Environment): CountryCode[] {
  const value = text(env, 'GATE_SMS_EXTRA_COUNTRIES');
  if (value === undefined) return [];
  const countries: CountryCode[] = [];
  for (const entry of value.split(',')) {
    const code = entry.trim().toUpperCase();
    if (code === '') continue;
    if (!isSupportedCountry(code)) {
      throw new ConfigError('GATE_SMS_EXTRA_COUNTRIES', `'${entry.trim()}' is not an ISO 3166 alpha-2 country code; list them like IN,PH`);
    }
    if (!countries.includes(code)) countries.push(code);
  }
  if (countries.length > MAX_SMS_EXTRA_COUNTRIES) {
    throw new ConfigError('GATE_SMS_EXTRA_COUNTRIES', `lists ${countries.length} countries; keep it to ${MAX_SMS_EXTRA_COUNTRIES} or fewer (the countries your senders actually write from)`);
  }
  return countries;
}

/**
 * Reads the SMS gate's settings. `requireForward` (the inbound webhook) makes a missing forward
 * destination an error: a message with nowhere to go must be a configuration error at start,
 * not a silent drop.
 */
export function parseSmsConfig(env: Environment, options: { requireForward?: boolean } = {}): SmsConfig {
  const forwardTo = text(env, 'GATE_SMS_FORWARD_TO');
  if (forwardTo !== undefined && !E164.test(forwardTo)) {
    throw new ConfigError('GATE_SMS_FORWARD_TO', `'${forwardTo}' is not an E.164 number such as +447700900123`);
  }
  const forwardUrl = parseForwardUrl(text(env, 'GATE_SMS_FORWARD_URL'));
  const forwardSecret = text(env, 'GATE_SMS_FORWARD_SECRET');
  if (forwardUrl && (!forwardSecret || forwardSecret.length < MIN_FORWARD_SECRET_LENGTH)) {
    throw new ConfigError('GATE_SMS_FORWARD_SECRET', `must be set to at least ${MIN_FORWARD_SECRET_LENGTH} random characters when GATE_SMS_FORWARD_URL is set (openssl rand -hex 32)`);
  }
  if (options.requireForward && !forwardTo && !forwardUrl) {
    throw new ConfigError('GATE_SMS_FORWARD_TO', 'set GATE_SMS_FORWARD_TO (a number) and/or GATE_SMS_FORWARD_URL (a webhook): inbound messages have nowhere to go');
  }
  const timeout = text(env, 'GATE_SMS_FORWARD_TIMEOUT_MS');
  const forwardTimeoutMs = timeout === undefined ? DEFAULT_SMS_FORWARD_TIMEOUT_MS : Number(timeout);
  if (!Number.isInteger(forwardTimeoutMs) || forwardTimeoutMs < 100 || forwardTimeoutMs > 5000) {
    throw new ConfigError('GATE_SMS_FORWARD_TIMEOUT_MS', `'${timeout}' is not a whole number of milliseconds from 100 to 5000`);
  }
  const messagingServiceSid = text(env, 'GATE_MESSAGING_SERVICE_SID');
  if (messagingServiceSid !== undefined && !/^MG[0-9a-f]{32}$/.test(messagingServiceSid)) {
    throw new ConfigError('GATE_MESSAGING_SERVICE_SID', `'${messagingServiceSid}' is not a Messaging Service SID (MG followed by 32 hex digits)`);
  }
  return { forwardTo, forwardUrl, forwardSecret, forwardTimeoutMs, replacement: parseReplacement(env), extraCountries: parseExtraCountries(env), messagingServiceSid };
}
