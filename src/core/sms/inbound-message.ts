import type { RequestParams } from '../http/params';

/** The parts of Twilio's "A message comes in" webhook parameters the gate reads. */
export interface InboundMessage {
  from: string;
  to: string;
  body: string;
  /** Attachments (MMS), 0..10. */
  numMedia: number;
  messageSid: string | undefined;
}

/** Twilio allows at most 10 media per message. */
const MAX_MEDIA = 10;

function param(params: RequestParams, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Reads an inbound message webhook. A webhook never answers 400 (Twilio would treat it as an
 * application error and retry), so odd input is read as what it safely is: a missing or
 * non-string body is empty, an odd `NumMedia` counts the `MediaUrlN` parameters present.
 */
export function readInboundMessage(params: RequestParams): InboundMessage {
  const declared = Number(param(params, 'NumMedia'));
  const present = Object.keys(params).filter((key) => /^MediaUrl\d+$/.test(key)).length;
  const numMedia = Math.min(MAX_MEDIA, Math.max(Number.isInteger(declared) && declared >= 0 ? declared : 0, present));
  const sid = param(params, 'MessageSid');
  return {
    from: param(params, 'From').slice(0, 64),
    to: param(params, 'To').slice(0, 64),
    body: param(params, 'Body'),
    numMedia,
    messageSid: /^(SM|MM)[0-9a-f]{32}$/.test(sid) ? sid : undefined,
  };
}
