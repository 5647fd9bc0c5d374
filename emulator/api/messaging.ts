import type { EmulatedAccount } from './account-state';
import { API_2010_PREFIX, isHttpUrl, requireAccount, requireActiveAccount } from './api-2010';
import { BoundedList } from '../core/bounded-list';
import { rfc2822Date } from '../core/dates';
import { TwilioApiError, notFound } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_RECORDED_SENDS } from '../core/limits';
import type { EmulatorOutput } from '../core/output';
import { parsePageRequest, v2010Page } from '../core/paging';
import { isValidE164 } from '../core/phone';
import type { RouteDefinition } from '../core/router';
import type { SendPermissions } from './send-permissions';

/** Messaging error codes (Twilio error catalogue). */
export const MessagingCode = {
  INVALID_TO: 21211,
  INVALID_FROM: 21212,
  BODY_REQUIRED: 21602,
  FROM_REQUIRED: 21603,
  TO_REQUIRED: 21604,
  INVALID_STATUS_CALLBACK: 21609,
  BODY_TOO_LONG: 21617,
  SERVICE_BODY_REQUIRED: 21619,
  INVALID_MESSAGING_SERVICE: 21705,
} as const;

/** Longest message body Twilio accepts, in characters (UTF-16 code units, so emoji count twice). */
export const MAX_BODY_CHARACTERS = 1600;

/** A message as the emulator recorded it. */
export interface RecordedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  status: 'queued' | 'accepted';
  numSegments: number;
  dateCreated: number;
}

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * SMS segments: GSM-7 bodies fit 160 septets (153 per part when concatenated, extension
 * characters take two); anything else is UCS-2 with 70 code units (67 per part).
 */
export function countSegments(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of body) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (body.length === 0) return 1;
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

function channelAddress(value: string): string {
  return value.replace(/^(whatsapp|messenger):/i, '');
}

/** A sender Twilio could accept: a valid number, a short code, or an alphanumeric sender ID. */
function isSender(value: string): boolean {
  const address = channelAddress(value);
  return isValidE164(address) || /^[0-9]{3,8}$/.test(address) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(address);
}

function messageError(code: number, message: string): TwilioApiError {
  return new TwilioApiError(400, code, message);
}

/** `api.v2010.account.message`. */
export function serializeMessage(message: RecordedMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    body: message.body,
    num_segments: String(message.numSegments),
    direction: 'outbound-api',
    from: message.from,
    to: message.to,
    date_updated: rfc2822Date(message.dateCreated),
    price: null,
    error_message: null,
    uri: `${uri}.json`,
    account_sid: message.accountSid,
    num_media: String(message.mediaUrls.length),
    status: message.status,
    messaging_service_sid: message.messagingServiceSid,
    sid: message.sid,
    date_sent: null,
    date_created: rfc2822Date(message.dateCreated),
    error_code: null,
    price_unit: 'USD',
    api_version: '2010-04-01',
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
}

/** Recorded messages, bounded; newest last. */
export class MessageLog {
  private readonly messages = new BoundedList<RecordedMessage>(MAX_RECORDED_SENDS);

  record(message: RecordedMessage): void {
    this.messages.push(message);
  }

  all(): RecordedMessage[] {
    return this.messages.toArray();
  }

  clear(): void {
    this.messages.clear();
  }
}

/**
 * Programmable Messaging `Messages.json`: create (validated as Twilio does, then refused where the
 * emulated account would refuse it: see `EmulatedAccount.checkMessage`; recorded, printed with
 * a masked number), list (newest first, filter by `To` and `From`) and fetch. Nothing is delivered:
 * a message stays `queued` (or `accepted` when sent through a Messaging Service).
 */
export function messagingRoutes(log: MessageLog, account: EmulatedAccount, output: EmulatorOutput, permissions: SendPermissions): RouteDefinition[] {
  return [
    {
      method: 'POST',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Messages.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireActiveAccount(ctx);
        const form = ctx.form;
        const to = form.get('To');
        if (to === null || to.length === 0) throw messageError(MessagingCode.TO_REQUIRED, "A 'To' phone number is required.");
        if (!isValidE164(channelAddress(to))) throw messageError(MessagingCode.INVALID_TO, `The 'To' number ${to.slice(0, 40)} is not a valid phone number.`);
        const from = form.get('From');
        const serviceSid = form.get('MessagingServiceSid');
        if ((from === null || from.length === 0) && (serviceSid === null || serviceSid.length === 0)) {
          throw messageError(MessagingCode.FROM_REQUIRED, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
        }
        if (serviceSid !== null && !isSid(serviceSid, 'MG')) {
          throw messageError(MessagingCode.INVALID_MESSAGING_SERVICE, `The Messaging Service Sid ${serviceSid.slice(0, 40)} is invalid.`);
        }
        if (from !== null && from.length > 0 && !isSender(from)) {
          throw messageError(MessagingCode.INVALID_FROM, `The 'From' number ${from.slice(0, 40)} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
        }
        const body = form.get('Body') ?? '';
        const mediaUrls = form.getAll('MediaUrl');
        if (body.length === 0 && mediaUrls.length === 0 && form.get('ContentSid') === null) {
          throw serviceSid !== null
            ? messageError(MessagingCode.SERVICE_BODY_REQUIRED, 'A Message Body, Media URL or Content SID is required.')
            : messageError(MessagingCode.BODY_REQUIRED, 'Message body is required.');
        }
        if (body.length > MAX_BODY_CHARACTERS) {
          throw messageError(MessagingCode.BODY_TOO_LONG, `The concatenated message body exceeds the ${MAX_BODY_CHARACTERS} character limit.`);
        }
        const statusCallback = form.get('StatusCallback');
        if (statusCallback !== null && !isHttpUrl(statusCallback)) {
          throw messageError(MessagingCode.INVALID_STATUS_CALLBACK, `The StatusCallback URL ${statusCallback.slice(0, 80)} is not a valid URL.`);
        }
        account.checkMessage(to, from && from.length > 0 ? from : null, serviceSid);
        permissions.checkMessage(accountSid, to);
        const message: RecordedMessage = {
          sid: newSid('SM'),
          accountSid,
          to,
          from: from && from.length > 0 ? from : null,
          messagingServiceSid: serviceSid,
          body,
          mediaUrls,
          statusCallback,
          // Twilio answers `accepted` while a Messaging Service still has to pick the sender.
          status: serviceSid !== null ? 'accepted' : 'queued',
          numSegments: countSegments(body),
          dateCreated: ctx.now,
        };
        log.record(message);
        ctx.usage.charge(accountSid, 'sms', message.numSegments, ctx.now);
        output.message(to, message.from ?? serviceSid ?? '', body);
        return { status: 201, body: serializeMessage(message) };
      },
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Messages.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const to = ctx.query.get('To');
        const from = ctx.query.get('From');
        const matching = log
          .all()
          .filter((m) => m.accountSid === accountSid && (to === null || m.to === to) && (from === null || m.from === from))
          .reverse()
          .map(serializeMessage);
        const filters: [string, string][] = [];
        if (to !== null) filters.push(['To', to]);
        if (from !== null) filters.push(['From', from]);
        return {
          status: 200,
          body: v2010Page(matching, 'messages', `/2010-04-01/Accounts/${accountSid}/Messages.json`, filters, parsePageRequest(ctx.query)),
        };
      },
    },
    {
      method: 'GET',
      pattern: `${API_2010_PREFIX}/Accounts/:account/Messages/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const message = log.all().find((m) => m.sid === ctx.params.sid && m.accountSid === accountSid);
        if (!message) throw notFound(ctx.twilioPath);
        return { status: 200, body: serializeMessage(message) };
      },
    },
  ];
}
