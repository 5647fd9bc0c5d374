import type { RequestParams } from '../http/params';

/** A Debugger webhook delivery, as far as the gate reads it. */
export interface DebuggerAlert {
  /** The alert's SID (`NO…`), when sent. */
  sid?: string;
  accountSid: string;
  /** Set for alerts of a subaccount when the webhook is configured on its parent (unverified). */
  parentAccountSid?: string;
  level?: string;
  /** The Twilio error code, as digits. */
  errorCode: string;
  /** What the alert is about: a trunk (`TK…`), a SIP domain (`SD…`), a call (`CA…`), a message (`SM…`)... */
  resourceSid?: string;
}

/** Why a delivery could not be read; logged and answered 200, so Twilio does not retry it. */
export type DebuggerAlertProblem = 'missing_account' | 'missing_payload' | 'payload_not_json' | 'missing_error_code';

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const RESOURCE_SID = /^[A-Z]{2}[0-9a-f]{32}$/;
/** The Payload is a JSON string; a larger one is not parsed (a hostile body must stay cheap). */
const MAX_PAYLOAD_LENGTH = 20_000;

const shortString = (value: unknown, pattern: RegExp) => (typeof value === 'string' && pattern.test(value) ? value : undefined);

/**
 * Reads a Debugger webhook form (`Sid`, `AccountSid`, `ParentAccountSid`, `Level`, `Payload`).
 * Only the error code and the resource are taken from the Payload; the rest of it (request and
 * response bodies, which may hold numbers and message text) is never read or logged.
 */
export function readDebuggerAlert(params: RequestParams): { ok: true; alert: DebuggerAlert } | { ok: false; problem: DebuggerAlertProblem } {
  const accountSid = shortString(params.AccountSid, ACCOUNT_SID);
  if (!accountSid) return { ok: false, problem: 'missing_account' };
  const raw = params.Payload;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_PAYLOAD_LENGTH) return { ok: false, problem: 'missing_payload' };
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'payload_not_json' };
  }
  if (typeof payload !== 'object' || payload === null) return { ok: false, problem: 'payload_not_json' };
  const { error_code: code, resource_sid: resource } = payload as Record<string, unknown>;
  const errorCode = typeof code === 'number' && Number.isInteger(code) ? String(code) : typeof code === 'string' ? code : undefined;
  if (!errorCode || !/^\d{4,6}$/.test(errorCode)) return { ok: false, problem: 'missing_error_code' };
  return {
    ok: true,
    alert: {
      accountSid,
      errorCode,
      sid: shortString(params.Sid, RESOURCE_SID),
      parentAccountSid: shortString(params.ParentAccountSid, ACCOUNT_SID),
      level: shortString(params.Level, /^[A-Za-z]{1,16}$/),
      resourceSid: shortString(resource, RESOURCE_SID),
    },
  };
}

/** What kind of resource raised it, for the log and for what the gate can do about it. */
export function resourceKind(resourceSid: string | undefined): 'trunk' | 'sip-domain' | 'call' | 'message' | 'other' | 'none' {
  if (!resourceSid) return 'none';
  const prefix = resourceSid.slice(0, 2);
  return prefix === 'TK' ? 'trunk' : prefix === 'SD' ? 'sip-domain' : prefix === 'CA' ? 'call' : prefix === 'SM' || prefix === 'MM' ? 'message' : 'other';
}
