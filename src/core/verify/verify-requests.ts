import { optionalString, requireString, type RequestParams } from '../http/params';
import { GateError } from '../http/gate-error';

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

const LOCALE = /^[a-z]{2}(-[A-Za-z]{2,4})?$/;
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

/** Reads and validates `verify/start` parameters; a `GateError` 400 names the first bad one. */
export function readVerifyStartRequest(params: RequestParams): VerifyStartRequest {
  return {
    to: requireString(params, 'to', { maxLength: 64 }),
    channel: readChannel(params),
    locale: optionalString(params, 'locale', { maxLength: 8, pattern: LOCALE, expected: 'a language tag such as en or pt-BR' }),
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
