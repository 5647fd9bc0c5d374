import type { EmulatedAccount } from './account-state';
import { API_2010_PREFIX, isHttpUrl, requireAccount, requireActiveAccount } from './api-2010';
import { BoundedList } from '../core/bounded-list';
import { rfc2822Date } from '../core/dates';
import { TwilioApiError, notFound } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_RECORDED_SENDS } from '../core/limits';
import type { EmulatorOutput } from '../core/output';
import { parsePageRequest, v2010Page } from '../core/paging';
import { parseNumber } from '../core/phone';
import type { RouteContext, RouteDefinition } from '../core/router';
import type { SendPermissions } from './send-permissions';

/** Programmable Voice error codes (Twilio error catalogue). */
export const VoiceCode = {
  /** Generic Calls resource error, used for an invalid TimeLimit. */
  CALLS_RESOURCE: 21200,
  TO_REQUIRED: 21201,
  INVALID_URL: 21205,
  INVALID_TIMEOUT: 21208,
  INVALID_TO: 21211,
  INVALID_FROM: 21212,
  FROM_REQUIRED: 21213,
  INVALID_APPLICATION_SID: 21218,
  TWIML_TOO_LONG: 32018,
} as const;

/** Longest `TimeLimit` accepted: 24 hours, the platform maximum. */
export const MAX_TIME_LIMIT_SECONDS = 86_400;
/** Longest inline `Twiml` Twilio accepts. */
export const MAX_TWIML_CHARACTERS = 4000;

/** A call as the emulator recorded it; `timeLimit` is kept for tests (the API response has no such field). */
export interface RecordedCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  url: string | null;
  twiml: string | null;
  applicationSid: string | null;
  timeLimit: number | null;
  timeout: number | null;
  statusCallback: string | null;
  statusCallbackEvents: string[];
  /** `queued` for calls created through the API; fixtures may seed live (ringing, in-progress) calls. */
  status: CallStatus;
  direction: 'outbound-api' | 'inbound';
  dateCreated: number;
}

/** Call states the emulator models; no call progresses by itself. */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'canceled';
export const CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'completed', 'canceled'];
/** Twilio's code for a call whose state does not allow the requested change. */
export const CALL_STATE_ERROR = 21220;

function voiceError(code: number, message: string): TwilioApiError {
  return new TwilioApiError(400, code, message);
}

/** `client:` and `sip:` addresses are not phone numbers; Twilio routes them differently. */
function isEndpoint(value: string): boolean {
  return /^(client|sip):\S+$/i.test(value);
}

function formatted(value: string): string {
  const parsed = parseNumber(value);
  return parsed.valid ? parsed.national : value;
}

function parseWhole(value: string | null, min: number, max: number): number | null | undefined {
  if (value === null) return null;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) return undefined;
  return number;
}

/** `api.v2010.account.call`: a call that was queued and never progressed. */
export function serializeCall(call: RecordedCall): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  const sub = (name: string) => `${uri}/${name}.json`;
  return {
    sid: call.sid,
    date_created: rfc2822Date(call.dateCreated),
    date_updated: rfc2822Date(call.dateCreated),
    parent_call_sid: null,
    account_sid: call.accountSid,
    to: call.to,
    to_formatted: formatted(call.to),
    from: call.from,
    from_formatted: formatted(call.from),
    phone_number_sid: null,
    status: call.status,
    start_time: call.status === 'queued' || call.status === 'ringing' ? null : rfc2822Date(call.dateCreated),
    end_time: null,
    duration: null,
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${uri}.json`,
    subresource_uris: {
      notifications: sub('Notifications'),
      recordings: sub('Recordings'),
      payments: sub('Payments'),
      events: sub('Events'),
      siprec: sub('Siprec'),
      streams: sub('Streams'),
      transcriptions: sub('Transcriptions'),
      user_defined_message_subscriptions: sub('UserDefinedMessageSubscriptions'),
      user_defined_messages: sub('UserDefinedMessages'),
    },
  };
}

/** Recorded calls, bounded; newest last. */
export class CallLog {
  private readonly calls = new BoundedList<RecordedCall>(MAX_RECORDED_SENDS);

  record(call: RecordedCall): void {
    this.calls.push(call);
  }

  all(): RecordedCall[] {
    return this.calls.toArray();
  }

  clear(): void {
    this.calls.clear();
  }
}

/**
 * Programmable Voice `Calls.json`: create (To, From, exactly one of Url / Twiml / ApplicationSid,
 * TimeLimit, Timeout, StatusCallback; refused where the emulated account would refuse it, see
 * `EmulatedAccount.checkCall`; recorded and printed), list (newest first, filter by `To`,
 * `From`, `Status`), fetch, and end (`Status=completed|canceled`). No call is placed: a created
 * call stays `queued`; fixtures seed live calls.
 */
export function voiceRoutes(log: CallLog, account: EmulatedAccount, output: EmulatorOutput, permissions: SendPermissions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Calls.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireActiveAccount(ctx);
        const form = ctx.form;
        const to = form.get('To');
        if (to === null || to.length === 0) throw voiceError(VoiceCode.TO_REQUIRED, "No 'To' number is specified.");
        if (!isEndpoint(to) && !parseNumber(to).valid) {
          throw voiceError(VoiceCode.INVALID_TO, `The phone number you are attempting to call, ${to.slice(0, 40)}, is not valid.`);
        }
        const from = form.get('From');
        if (from === null || from.length === 0) throw voiceError(VoiceCode.FROM_REQUIRED, "A 'From' phone number is required.");
        if (!isEndpoint(from) && !parseNumber(from).valid) {
          throw voiceError(VoiceCode.INVALID_FROM, `The 'From' number ${from.slice(0, 40)} is not a valid phone number or client/SIP address.`);
        }
        const url = form.get('Url');
        const twiml = form.get('Twiml');
        const applicationSid = form.get('ApplicationSid');
        const instructions = [url, twiml, applicationSid].filter((v) => v !== null).length;
        if (instructions === 0) throw voiceError(VoiceCode.INVALID_URL, 'Url parameter is required: give exactly one of Url, Twiml or ApplicationSid.');
        if (instructions > 1) throw voiceError(VoiceCode.INVALID_URL, 'Give exactly one of Url, Twiml or ApplicationSid.');
        if (url !== null && !isHttpUrl(url)) throw voiceError(VoiceCode.INVALID_URL, `Url ${url.slice(0, 80)} is not a valid URL.`);
        if (twiml !== null && (twiml.length === 0 || twiml.length > MAX_TWIML_CHARACTERS)) {
          throw voiceError(VoiceCode.TWIML_TOO_LONG, `Twiml must be 1..${MAX_TWIML_CHARACTERS} characters.`);
        }
        if (applicationSid !== null && !isSid(applicationSid, 'AP')) {
          throw voiceError(VoiceCode.INVALID_APPLICATION_SID, `ApplicationSid ${applicationSid.slice(0, 40)} is invalid.`);
        }
        const timeLimit = parseWhole(form.get('TimeLimit'), 1, MAX_TIME_LIMIT_SECONDS);
        if (timeLimit === undefined) throw voiceError(VoiceCode.CALLS_RESOURCE, `TimeLimit must be a whole number of seconds from 1 to ${MAX_TIME_LIMIT_SECONDS}.`);
        const timeout = parseWhole(form.get('Timeout'), 1, 600);
        if (timeout === undefined) throw voiceError(VoiceCode.INVALID_TIMEOUT, 'Timeout must be a whole number of seconds from 1 to 600.');
        const statusCallback = form.get('StatusCallback');
        if (statusCallback !== null && !isHttpUrl(statusCallback)) {
          throw voiceError(VoiceCode.INVALID_URL, `StatusCallback ${statusCallback.slice(0, 80)} is not a valid URL.`);
        }
        account.checkCall(to, from);
        if (!isEndpoint(to)) permissions.checkCall(accountSid, to);
        const call: RecordedCall = {
          sid: newSid('CA'),
          accountSid,
          to,
          from,
          url,
          twiml,
          applicationSid,
          timeLimit,
          timeout,
          statusCallback,
          statusCallbackEvents: form.getAll('StatusCallbackEvent'),
          status: 'queued',
          direction: 'outbound-api',
          dateCreated: ctx.now,
        };
        log.record(call);
        ctx.usage.charge(accountSid, 'call', 1, ctx.now);
        output.call(to, from, timeLimit);
        return { status: 201, body: serializeCall(call) };
      },
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Calls.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const to = ctx.query.get('To');
        const from = ctx.query.get('From');
        const status = ctx.query.get('Status');
        const matching = log
          .all()
          .filter((c) => c.accountSid === accountSid && (to === null || c.to === to) && (from === null || c.from === from) && (status === null || c.status === status))
          .reverse()
          .map(serializeCall);
        const filters: [string, string][] = [];
        if (to !== null) filters.push(['To', to]);
        if (from !== null) filters.push(['From', from]);
        if (status !== null) filters.push(['Status', status]);
        return {
          status: 200,
          body: v2010Page(matching, 'calls', `/2010-04-01/Accounts/${accountSid}/Calls.json`, filters, parsePageRequest(ctx.query)),
        };
      },
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Calls/:sid.json`,
      product: 'api',
      handler: (ctx) => ({ status: 200, body: serializeCall(foundCall(log, ctx)) }),
    },
    {
      method: 'POST',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Calls/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const call = foundCall(log, ctx);
        const status = ctx.form.get('Status');
        if (status !== null) endCall(call, status);
        return { status: 200, body: serializeCall(call) };
      },
    },
  ];
}

/** The call the path names, in the path's account, or 404. */
function foundCall(log: CallLog, ctx: RouteContext): RecordedCall {
  const accountSid = requireAccount(ctx);
  const call = log.all().find((c) => c.sid === ctx.params.sid && c.accountSid === accountSid);
  if (!call) throw notFound(ctx.twilioPath);
  return call;
}

/**
 * Ends a call as `Status=completed` (hang up; any live call) or `Status=canceled` (a queued or
 * ringing call only) does. A call that already ended cannot change (21220).
 */
function endCall(call: RecordedCall, status: string): void {
  if (status !== 'completed' && status !== 'canceled') throw voiceError(VoiceCode.CALLS_RESOURCE, 'Status must be completed or canceled');
  if (call.status === 'completed' || call.status === 'canceled') throw voiceError(CALL_STATE_ERROR, `Call ${call.sid} has already ended (${call.status})`);
  if (status === 'canceled' && call.status === 'in-progress') throw voiceError(CALL_STATE_ERROR, `Call ${call.sid} is in progress: end it with Status=completed`);
  call.status = status;
}
