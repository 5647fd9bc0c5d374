import { TwilioApiError } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { parseNumber } from '../core/phone';

/** Twilio's codes for sends the account itself refuses (Twilio error catalogue). */
export const AccountCode = {
  /** Calls: the `From` number is neither owned by the account nor one of its verified caller ids. */
  CALLER_ID_NOT_VERIFIED: 21210,
  /** Calls: the account's Voice Geo Permissions do not allow the destination country. */
  VOICE_GEO_PERMISSION: 21215,
  /** Calls on a trial account: the `To` number is not one of the account's verified numbers. */
  TRIAL_CALL_UNVERIFIED_TO: 21219,
  /** Messages: the account's Messaging Geo Permissions do not allow the destination country. */
  SMS_GEO_PERMISSION: 21408,
  /** Messages: the `From` number is not an SMS-capable number of this account. */
  FROM_NOT_OWNED: 21606,
  /** Messages on a trial account: the `To` number is not one of the account's verified numbers. */
  TRIAL_SMS_UNVERIFIED_TO: 21608,
  /** Messages: the recipient replied STOP to this sender (number or Messaging Service). */
  UNSUBSCRIBED: 21610,
  /** Messages: the Messaging Service SID is malformed or not a service of this account. */
  INVALID_MESSAGING_SERVICE: 21705,
} as const;

/** `Trial` accounts reach verified numbers only; `Full` (upgraded) accounts reach anyone. */
export type AccountType = 'Trial' | 'Full';

/** A Messaging Service of the emulated account and its sender pool. */
export interface EmulatedMessagingService {
  sid: string;
  friendlyName: string;
  /** Owned numbers in the service's sender pool. */
  senders: string[];
}

/** A recipient's STOP: to one sender number, or to every sender of a Messaging Service. */
export interface OptOut {
  /** The recipient, E.164. */
  number: string;
  /** An owned number or a Messaging Service SID (`MG...`). */
  sender: string;
}

/** What `POST /__emulator/account` accepts; every field is optional and replaces the current one. */
export interface AccountSettings {
  type?: AccountType;
  /** Numbers the account owns (E.164). Listing them (even none) turns on ownership checks. */
  phoneNumbers?: string[];
  /** Verified caller ids: numbers the account may call from, and a trial account may reach. */
  verifiedNumbers?: string[];
  /** Messaging Services; a missing `sid` is generated. Senders must be owned numbers. */
  messagingServices?: { sid?: string; friendlyName?: string; senders?: string[] }[];
  /** ISO country codes (GB, LV) whose SMS Geo Permission is off; every other country is on. */
  smsDisabledCountries?: string[];
  /** ISO country codes whose Voice Geo Permission is off; every other country is on. */
  voiceDisabledCountries?: string[];
  optOuts?: OptOut[];
}

/** The account as `GET /__emulator/account` shows it. */
export interface AccountView {
  type: AccountType;
  /** `any`: any well-formed sender is accepted (nothing provisioned yet); `owned`: only the account's. */
  senders: 'any' | 'owned';
  phoneNumbers: string[];
  verifiedNumbers: string[];
  messagingServices: EmulatedMessagingService[];
  smsDisabledCountries: string[];
  voiceDisabledCountries: string[];
  optOuts: OptOut[];
}

/** Most entries in any one list, so a control request cannot grow the emulator without bound. */
export const MAX_ACCOUNT_LIST = 1000;

function refuse(code: number, message: string, status = 400): TwilioApiError {
  return new TwilioApiError(status, code, message);
}

function countryOf(number: string): string | null {
  const parsed = parseNumber(number);
  return parsed.valid ? parsed.country : null;
}

function e164List(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_ACCOUNT_LIST) throw new Error(`${name} must be an array of at most ${MAX_ACCOUNT_LIST} E.164 numbers`);
  return value.map((entry, i) => {
    if (typeof entry !== 'string' || !parseNumber(entry).valid || !entry.startsWith('+')) {
      throw new Error(`${name}[${i}] is not a valid E.164 number, such as +14155550100`);
    }
    return entry;
  });
}

function countryList(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_ACCOUNT_LIST) throw new Error(`${name} must be an array of ISO country codes such as "LV"`);
  return value.map((entry, i) => {
    if (typeof entry !== 'string' || !/^[A-Za-z]{2}$/.test(entry)) throw new Error(`${name}[${i}] is not a two-letter ISO country code`);
    return entry.toUpperCase();
  });
}

/**
 * The emulated account's own limits: which numbers and Messaging Services it owns, which numbers
 * it verified, whether it is a trial, its Geo Permissions and its recipients' opt-outs. The
 * Messages and Calls routes ask it before recording a send, so the account's refusals (21606,
 * 21210, 21705, 21408, 21215, 21608, 21219, 21610) happen as they do on Twilio.
 *
 * Until `phoneNumbers` is set the account accepts any well-formed sender: tests that only
 * exercise the gate's own checks need not provision numbers. `npm start` provisions it.
 */
export class EmulatedAccount {
  private type: AccountType = 'Full';
  private ownership: 'any' | 'owned' = 'any';
  private phoneNumbers = new Set<string>();
  private verifiedNumbers = new Set<string>();
  private services = new Map<string, EmulatedMessagingService>();
  private smsDisabled = new Set<string>();
  private voiceDisabled = new Set<string>();
  private optOuts: OptOut[] = [];

  /** `Trial` or `Full`, as the Accounts resource reports it. */
  get accountType(): AccountType {
    return this.type;
  }

  /** Applies settings; throws an Error naming the bad field, changing nothing, on bad input. */
  configure(settings: AccountSettings): AccountView {
    const next = this.parse(settings);
    Object.assign(this, next);
    return this.view();
  }

  reset(): void {
    Object.assign(this, new EmulatedAccount());
  }

  view(): AccountView {
    return {
      type: this.type,
      senders: this.ownership,
      phoneNumbers: [...this.phoneNumbers],
      verifiedNumbers: [...this.verifiedNumbers],
      messagingServices: [...this.services.values()].map((s) => ({ ...s, senders: [...s.senders] })),
      smsDisabledCountries: [...this.smsDisabled],
      voiceDisabledCountries: [...this.voiceDisabled],
      optOuts: this.optOuts.map((o) => ({ ...o })),
    };
  }

  /** Refuses a message the account may not send (checked after the request's own validation). */
  checkMessage(to: string, from: string | null, serviceSid: string | null): void {
    if (serviceSid !== null && this.ownership === 'owned' && !this.services.has(serviceSid)) {
      throw refuse(AccountCode.INVALID_MESSAGING_SERVICE, `The Messaging Service Sid ${serviceSid} is invalid.`);
    }
    if (from !== null && this.ownership === 'owned' && !this.phoneNumbers.has(from)) {
      throw refuse(AccountCode.FROM_NOT_OWNED, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    }
    const country = countryOf(to);
    if (country !== null && this.smsDisabled.has(country)) {
      throw refuse(AccountCode.SMS_GEO_PERMISSION, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
    }
    if (this.type === 'Trial' && !this.verifiedNumbers.has(to)) {
      throw refuse(AccountCode.TRIAL_SMS_UNVERIFIED_TO, `The number ${to} is unverified. Trial accounts cannot send messages to unverified numbers.`);
    }
    if (this.optOuts.some((o) => o.number === to && (o.sender === from || o.sender === serviceSid))) {
      throw refuse(AccountCode.UNSUBSCRIBED, 'Attempt to send to unsubscribed recipient');
    }
  }

  /** Refuses a call the account may not place. `client:` and `sip:` addresses skip the number checks. */
  checkCall(to: string, from: string): void {
    const isNumber = (value: string) => !/^(client|sip):/i.test(value);
    if (isNumber(from) && this.ownership === 'owned' && !this.phoneNumbers.has(from) && !this.verifiedNumbers.has(from)) {
      throw refuse(AccountCode.CALLER_ID_NOT_VERIFIED, `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`);
    }
    if (!isNumber(to)) return;
    const country = countryOf(to);
    if (country !== null && this.voiceDisabled.has(country)) {
      throw refuse(AccountCode.VOICE_GEO_PERMISSION, `Account not authorized to call ${to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk`, 403);
    }
    if (this.type === 'Trial' && !this.verifiedNumbers.has(to)) {
      throw refuse(AccountCode.TRIAL_CALL_UNVERIFIED_TO, `The number ${to} is unverified. Trial accounts may only make calls to verified numbers.`);
    }
  }

  /** Validates settings into the fields they replace, without touching the current account. */
  private parse(settings: AccountSettings): Record<string, unknown> {
    const next: Record<string, unknown> = {};
    if (settings.type !== undefined) {
      if (settings.type !== 'Trial' && settings.type !== 'Full') throw new Error('type must be "Trial" or "Full"');
      next.type = settings.type;
    }
    const owned = settings.phoneNumbers !== undefined ? new Set(e164List('phoneNumbers', settings.phoneNumbers)) : this.phoneNumbers;
    if (settings.phoneNumbers !== undefined) {
      next.phoneNumbers = owned;
      next.ownership = 'owned';
    }
    if (settings.verifiedNumbers !== undefined) next.verifiedNumbers = new Set(e164List('verifiedNumbers', settings.verifiedNumbers));
    if (settings.messagingServices !== undefined) next.services = this.parseServices(settings.messagingServices, owned);
    if (settings.smsDisabledCountries !== undefined) next.smsDisabled = new Set(countryList('smsDisabledCountries', settings.smsDisabledCountries));
    if (settings.voiceDisabledCountries !== undefined) next.voiceDisabled = new Set(countryList('voiceDisabledCountries', settings.voiceDisabledCountries));
    if (settings.optOuts !== undefined) next.optOuts = this.parseOptOuts(settings.optOuts);
    return next;
  }

  private parseServices(value: unknown, owned: Set<string>): Map<string, EmulatedMessagingService> {
    if (!Array.isArray(value) || value.length > MAX_ACCOUNT_LIST) throw new Error('messagingServices must be an array of { sid?, friendlyName?, senders? }');
    const services = new Map<string, EmulatedMessagingService>();
    value.forEach((entry: { sid?: unknown; friendlyName?: unknown; senders?: unknown }, i) => {
      const sid = entry.sid ?? newSid('MG');
      if (typeof sid !== 'string' || !isSid(sid, 'MG')) throw new Error(`messagingServices[${i}].sid must be "MG" + 32 hex digits`);
      const senders = e164List(`messagingServices[${i}].senders`, entry.senders ?? []);
      const stranger = senders.find((n) => !owned.has(n));
      if (stranger !== undefined) throw new Error(`messagingServices[${i}].senders: ${stranger} is not one of the account's phoneNumbers`);
      const friendlyName = typeof entry.friendlyName === 'string' ? entry.friendlyName.slice(0, 64) : 'Emulated service';
      services.set(sid, { sid, friendlyName, senders });
    });
    return services;
  }

  private parseOptOuts(value: unknown): OptOut[] {
    if (!Array.isArray(value) || value.length > MAX_ACCOUNT_LIST) throw new Error('optOuts must be an array of { number, sender }');
    return value.map((entry: { number?: unknown; sender?: unknown }, i) => {
      const [number] = e164List(`optOuts[${i}].number`, [entry.number]);
      const sender = entry.sender;
      if (typeof sender !== 'string' || !(isSid(sender, 'MG') || parseNumber(sender).valid)) {
        throw new Error(`optOuts[${i}].sender must be a sender number or a Messaging Service SID`);
      }
      return { number, sender };
    });
  }
}
