/**
 * What `gatekeeper audit` reads from one account, as plain data: the checks are pure functions of
 * it. Each part is read separately and may be unreadable (a 401 or 403 on a product host, a
 * timeout); a check that needs an unreadable part reports `error` with its reason, never a pass.
 */

/** A part of the snapshot: its value, or why it could not be read. */
export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string };

export const readable = <T>(value: T): Readable<T> => ({ ok: true, value });
export const unreadable = <T>(reason: string): Readable<T> => ({ ok: false, reason });

/** The three Voice Dialing Permission flags of a country. */
export interface DialingFlags {
  lowRisk: boolean;
  highRiskSpecial: boolean;
  highRiskTollfraud: boolean;
}

export interface DialingCountry extends DialingFlags {
  isoCode: string;
}

/** Voice Dialing Permissions: whether a subaccount inherits its parent's, and the table that applies. */
export interface VoicePermissions {
  inherits: boolean;
  countries: DialingCountry[];
  /** For a subaccount with its own table: the main account's table, to compare with (null otherwise). */
  parentCountries: DialingCountry[] | null;
}

export interface SmsPermission {
  isoCode: string;
  enabled: boolean;
  /** Twilio marks the 11 console-only countries "High Risk Country". */
  highRisk: boolean;
}

/** What a usage trigger is: the fields harden creates it with. */
export interface TriggerSpec {
  friendlyName: string | null;
  usageCategory: string;
  triggerBy: string;
  recurring: string;
  triggerValue: number;
  callbackUrl: string;
  callbackMethod: string;
}

export interface TriggerInfo extends TriggerSpec {
  sid: string;
  /** Epoch ms of the last firing, or null. */
  dateFired: number | null;
}

export interface NumberInfo {
  sid: string;
  phoneNumber: string;
  voiceUrl: string | null;
  voiceFallbackUrl: string | null;
  smsUrl: string | null;
  smsFallbackUrl: string | null;
  statusCallback: string | null;
  voiceApplicationSid: string | null;
  smsApplicationSid: string | null;
  trunkSid: string | null;
}

export interface AclEntry {
  sid: string;
  ipAddress: string;
  cidrPrefixLength: number;
}

export interface TrunkInfo {
  sid: string;
  friendlyName: string | null;
  secure: boolean;
  transferMode: string;
  disasterRecoveryUrl: string | null;
  symmetricRtpEnabled: boolean;
  aclSids: string[];
  credentialListSids: string[];
}

export interface DomainInfo {
  sid: string;
  domainName: string;
  secure: boolean;
  sipRegistration: boolean;
  aclSids: string[];
  credentialListSids: string[];
}

export interface KeyInfo {
  sid: string;
  friendlyName: string;
  /** Epoch ms. */
  dateCreated: number;
}

export interface AlertInfo {
  errorCode: string;
  resourceSid: string | null;
  /** Epoch ms. */
  dateGenerated: number;
}

/** Everything read from one account. */
export interface AccountSnapshot {
  sid: string;
  friendlyName: string;
  /** The main account the CLI authenticated as, or one of its subaccounts. */
  role: 'main' | 'subaccount';
  status: 'active' | 'suspended' | 'closed';
  voice: Readable<VoicePermissions>;
  sms: Readable<SmsPermission[]>;
  triggers: Readable<TriggerInfo[]>;
  /** Daily `totalprice` over the last 30 days, oldest first (days without usage count as 0). */
  dailySpend: Readable<number[]>;
  numbers: Readable<NumberInfo[]>;
  trunks: Readable<TrunkInfo[]>;
  domains: Readable<DomainInfo[]>;
  /** IP ACL entries by ACL SID (every ACL of the account). */
  aclEntries: Readable<Record<string, AclEntry[]>>;
  keys: Readable<KeyInfo[]>;
  /** Monitor alerts of level error in the last 24 hours. */
  alerts: Readable<AlertInfo[]>;
}
