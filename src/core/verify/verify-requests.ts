import { optionalString, requireString, type RequestParams } from '../http/params';
import { GateError } from '../http/gate-error';
import { supportedVerifyLocale } from './verify-locales';

/** Channels a verification can be sent on; `call` is checked against the voice destination rules. */
export const VERIFY_CHANNELS = ['sms', 'call', 'whatsapp'] as const;
export type VerifyChannel = (typeof VERIFY_CHANNELS)[number];

export interface VerifyStartRequest {
  to: string;
  channel: VerifyChannel;
  locale?: string;
  identity?: string;
}

export interface VerifyCheckRequest {
  to: string;
  code: string;
  identity?: string;
}

// Printable ASCII without spaces: ids, emails, UUIDs, signed tokens. It is hashed before use.
const IDENTITY = /^[\x21-\x7e]{1,128}$/;
const CODE = /^\d{4,10}$/;

function readChannel(params: RequestParams): VerifyChannel {
  const channel = optionalString(params, 'channel', { maxLength: 16 }) ?? 'sms';
  if (!(VERIFY_CHANNELS as readonly string[]).includes(channel)) {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', `Parameter 'channel' must be one of ${VERIFY_CHANNELS.join(', ')}.`);
  }
  return channel as VerifyChannel;
}

function readLocale(params: RequestParams): string | undefined {
  const value = optionalString(params, 'locale', { maxLength: 8 });
  if (value === undefined) return undefined;
  const locale = supportedVerifyLocale(value);
  if (locale === undefined) {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'locale' must be a language Twilio Verify supports, such as en, en-GB, es or pt-BR (see docs/configuration.md).");
  }
  return locale;
}

/**
 * Reads and validates `verify/start` parameters; a `GateError` 400 names the first bad one. It
 * runs before any throttle counts the request, so a refused parameter costs the caller nothing.
 */
export function readVerifyStartRequest(params: RequestParams): VerifyStartRequest {
  return {
    to: requireString(params, 'to', { maxLength: 64 }),
    channel: readChannel(params),
    locale: readLocale(params),
    identity: optionalString(params, 'identity', { maxLength: 128, pattern: IDENTITY, expected: '1 to 128 printable characters without spaces' }),
  };
}

/** Reads and validates `verify/check` parameters. */
export function readVerifyCheckRequest(params: RequestParams): VerifyCheckRequest {
  return {
    to: requireString(params, 'to', { maxLength: 64 }),
    code: requireString(params, 'code', { maxLength: 10, pattern: CODE, expected: '4 to 10 digits' }),
    identity: optionalString(params, 'identity', { maxLength: 128, pattern: IDENTITY, expected: '1 to 128 printable characters without spaces' }),
  };
}
