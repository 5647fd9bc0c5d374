import { API_2010_PREFIX, isHttpUrl, requireAccount } from './api-2010';
import { AccountTable } from '../core/account-table';
import { rfc2822Date } from '../core/dates';
import { TwilioApiError, invalidParameter } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_NUMBERS_PER_ACCOUNT } from '../core/limits';
import { parsePageRequest, v2010Page } from '../core/paging';
import { parseNumber } from '../core/phone';
import type { RouteContext, RouteDefinition } from '../core/router';
import { deleteRecordRoute, fetchRecordRoute, pathRecord } from './owned-record-routes';

type Method = 'GET' | 'POST';

/** The webhook URL fields of a number, by their form parameter names. */
const URL_FIELDS = ['VoiceUrl', 'VoiceFallbackUrl', 'SmsUrl', 'SmsFallbackUrl', 'StatusCallback'] as const;
const METHOD_FIELDS = ['VoiceMethod', 'VoiceFallbackMethod', 'SmsMethod', 'SmsFallbackMethod', 'StatusCallbackMethod'] as const;
type UrlField = (typeof URL_FIELDS)[number];
type MethodField = (typeof METHOD_FIELDS)[number];

/** An incoming phone number (PN...) with its routing fields. */
export interface IncomingNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  urls: Record<UrlField, string | null>;
  methods: Record<MethodField, Method>;
  voiceApplicationSid: string | null;
  smsApplicationSid: string | null;
  /** When set, Twilio ignores the voice URLs and application ("If a trunk_sid is present, we ignore all of the voice urls and voice applications"). */
  trunkSid: string | null;
  dateCreated: number;
  dateUpdated: number;
}

/** Incoming phone numbers of every account. */
export type IncomingNumberStore = AccountTable<IncomingNumber>;

export function createIncomingNumberStore(): IncomingNumberStore {
  return new AccountTable<IncomingNumber>('incoming phone numbers', MAX_NUMBERS_PER_ACCOUNT);
}

/** A number with defaults (no handler), for the API's create and for fixtures. */
export function newIncomingNumber(accountSid: string, phoneNumber: string, now: number): IncomingNumber {
  const parsed = parseNumber(phoneNumber);
  return {
    sid: newSid('PN'),
    accountSid,
    phoneNumber,
    friendlyName: parsed.valid ? parsed.national : phoneNumber,
    urls: { VoiceUrl: null, VoiceFallbackUrl: null, SmsUrl: null, SmsFallbackUrl: null, StatusCallback: null },
    methods: { VoiceMethod: 'POST', VoiceFallbackMethod: 'POST', SmsMethod: 'POST', SmsFallbackMethod: 'POST', StatusCallbackMethod: 'POST' },
    voiceApplicationSid: null,
    smsApplicationSid: null,
    trunkSid: null,
    dateCreated: now,
    dateUpdated: now,
  };
}

/** `api.v2010.account.incoming_phone_number`; unset URLs are null. */
function serializeNumber(n: IncomingNumber): Record<string, unknown> {
  return {
    account_sid: n.accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: rfc2822Date(n.dateCreated),
    date_updated: rfc2822Date(n.dateUpdated),
    friendly_name: n.friendlyName,
    identity_sid: null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: n.smsApplicationSid,
    sms_fallback_method: n.methods.SmsFallbackMethod,
    sms_fallback_url: n.urls.SmsFallbackUrl,
    sms_method: n.methods.SmsMethod,
    sms_url: n.urls.SmsUrl,
    status_callback: n.urls.StatusCallback,
    status_callback_method: n.methods.StatusCallbackMethod,
    trunk_sid: n.trunkSid,
    uri: `/2010-04-01/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: n.voiceApplicationSid,
    voice_caller_id_lookup: false,
    voice_fallback_method: n.methods.VoiceFallbackMethod,
    voice_fallback_url: n.urls.VoiceFallbackUrl,
    voice_method: n.methods.VoiceMethod,
    voice_url: n.urls.VoiceUrl,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
  };
}

function optionalSid(ctx: RouteContext, field: string, prefix: string): string | null | undefined {
  const value = ctx.form.get(field);
  if (value === null) return undefined;
  if (value === '') return null;
  if (!isSid(value, prefix)) throw invalidParameter(`${field} must be empty or a ${prefix} SID`);
  return value;
}

/**
 * Applies an update with Twilio's routing rules: setting `TrunkSid` or `VoiceApplicationSid`
 * clears the other ("Setting either one deletes the other" is inferred from the field docs);
 * empty values clear a field.
 */
function applyNumberFields(ctx: RouteContext, n: IncomingNumber): void {
  for (const field of URL_FIELDS) {
    const value = ctx.form.get(field);
    if (value === null) continue;
    if (value !== '' && !isHttpUrl(value)) throw new TwilioApiError(400, 21502, `${field} is not a valid URL`);
    n.urls[field] = value === '' ? null : value;
  }
  for (const field of METHOD_FIELDS) {
    const value = ctx.form.get(field)?.toUpperCase();
    if (value === undefined) continue;
    if (value !== 'GET' && value !== 'POST') throw invalidParameter(`${field} must be GET or POST`);
    n.methods[field] = value;
  }
  const trunkSid = optionalSid(ctx, 'TrunkSid', 'TK');
  const voiceApp = optionalSid(ctx, 'VoiceApplicationSid', 'AP');
  const smsApp = optionalSid(ctx, 'SmsApplicationSid', 'AP');
  if (trunkSid !== undefined) {
    n.trunkSid = trunkSid;
    if (trunkSid !== null) n.voiceApplicationSid = null;
  }
  if (voiceApp !== undefined) {
    n.voiceApplicationSid = voiceApp;
    if (voiceApp !== null) n.trunkSid = null;
  }
  if (smsApp !== undefined) n.smsApplicationSid = smsApp;
  n.friendlyName = ctx.form.get('FriendlyName') ?? n.friendlyName;
  n.dateUpdated = ctx.now;
}

/**
 * Incoming phone numbers: create (`PhoneNumber`, any valid E.164; nothing is bought), list
 * (`PhoneNumber`, `FriendlyName` filters), fetch, update (URLs, methods, applications, trunk,
 * with the routing precedence above) and release (delete).
 */
export function incomingNumberRoutes(store: IncomingNumberStore): RouteDefinition[] {
  const base = `${API_2010_PREFIX}/Accounts/:account/IncomingPhoneNumbers`;
  return [
    {
      method: 'GET',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const phone = ctx.query.get('PhoneNumber');
        const name = ctx.query.get('FriendlyName');
        const rows = store.forAccount(accountSid).filter((n) => (phone === null || n.phoneNumber === phone) && (name === null || n.friendlyName === name));
        const filters: [string, string][] = [];
        if (phone !== null) filters.push(['PhoneNumber', phone]);
        if (name !== null) filters.push(['FriendlyName', name]);
        return { status: 200, body: v2010Page(rows.map(serializeNumber), 'incoming_phone_numbers', `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`, filters, parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'POST',
      pattern: `${base}.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const phoneNumber = ctx.form.get('PhoneNumber') ?? '';
        if (!phoneNumber.startsWith('+') || !parseNumber(phoneNumber).valid) throw new TwilioApiError(400, 21421, 'PhoneNumber is invalid: give an E.164 number such as +14155550100');
        if (store.all().some((n) => n.phoneNumber === phoneNumber)) throw new TwilioApiError(400, 21422, `PhoneNumber ${phoneNumber} is not available`);
        const n = newIncomingNumber(accountSid, phoneNumber, ctx.now);
        applyNumberFields(ctx, n);
        store.add(n);
        return { status: 201, body: serializeNumber(n) };
      },
    },
    fetchRecordRoute(base, store, serializeNumber),
    {
      method: 'POST',
      pattern: `${base}/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const n = pathRecord(store, ctx);
        applyNumberFields(ctx, n);
        return { status: 200, body: serializeNumber(n) };
      },
    },
    deleteRecordRoute(base, store),
  ];
}
