import type { GateError } from './gate-error';

/** A response the handler wrapper renders into a `Twilio.Response`. Core code builds these, never responses. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | Record<string, unknown>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/** A JSON body with the given status. Bodies always carry `success`. */
export function jsonReply(status: number, body: { success: boolean } & Record<string, unknown>, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

/** `{ success: true, ...data }` with status 200 (or the given one). */
export function jsonSuccess(data: Record<string, unknown>, status = 200, headers: Record<string, string> = {}): HttpReply {
  return jsonReply(status, { success: true, ...data }, headers);
}

/** `{ success: false, error: { code, message } }` with the error's status and headers. */
export function jsonFailure(error: GateError): HttpReply {
  return {
    status: error.status,
    headers: { ...JSON_HEADERS, ...error.headers },
    body: { success: false, error: { code: error.code, message: error.message } },
  };
}

/**
 * TwiML built with the twilio library's classes (`twiml.VoiceResponse`, `twiml.MessagingResponse`),
 * never by string concatenation. Webhooks always answer 200: Twilio treats anything else as an
 * application error and plays or sends its own fallback.
 */
export function twimlReply(twiml: { toString(): string }): HttpReply {
  return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' }, body: twiml.toString() };
}
