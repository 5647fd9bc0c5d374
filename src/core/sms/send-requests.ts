import { GateError } from '../http/gate-error';
import { optionalString, requireString, type RequestParams } from '../http/params';

export interface SendSmsRequest {
  to: string;
  template: string;
  /** Template parameters: an object (JSON body) or a JSON text (form body). */
  params: unknown;
  identity?: string;
}

const IDENTITY = /^[\x21-\x7e]{1,128}$/;
const TEMPLATE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_PARAMS_JSON = 4096;

function readTemplateParams(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (raw.length > MAX_PARAMS_JSON) throw new GateError('ERR_GATE_INVALID_PARAMETER', `Parameter 'params' must be at most ${MAX_PARAMS_JSON} characters.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'params' must be an object, or its JSON text in a form body.");
  }
}

/** Reads and validates `sms/outbound` parameters. */
export function readSendSmsRequest(params: RequestParams): SendSmsRequest {
  return {
    to: requireString(params, 'to', { maxLength: 64 }),
    template: requireString(params, 'template', { maxLength: 64, pattern: TEMPLATE, expected: 'a template name from the policy file' }),
    params: readTemplateParams(params.params),
    identity: optionalString(params, 'identity', { maxLength: 128, pattern: IDENTITY, expected: '1 to 128 printable characters without spaces' }),
  };
}
