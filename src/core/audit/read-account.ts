import type twilio from 'twilio';
import { readable, unreadable, type AccountSnapshot, type AclEntry, type AlertInfo, type DialingCountry, type DomainInfo, type NumberInfo, type Readable, type SmsPermission, type TrunkInfo } from './account-snapshot';

type Client = twilio.Twilio;

const DAY_MS = 24 * 3600 * 1000;
/** Days of usage records the threshold check compares a spend trigger with. */
export const SPEND_HISTORY_DAYS = 30;

/** Why a read failed, in words a person can act on (no secrets: Twilio's error bodies carry none). */
export function describeReadError(what: string, error: unknown): string {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e.status === 'number') {
    const hint = e.status === 401 || e.status === 403 ? ': the credentials may not reach this product (subdomain products need the account\'s own credentials; Standard API keys cannot read accounts or keys)' : '';
    return `${what}: HTTP ${e.status}${typeof e.code === 'number' ? ` (Twilio code ${e.code})` : ''}${hint}`;
  }
  return `${what}: ${typeof e.message === 'string' ? e.message.slice(0, 200) : 'no answer'}`;
}

async function attempt<T>(what: string, read: () => Promise<T>): Promise<Readable<T>> {
  try {
    return readable(await read());
  } catch (error) {
    return unreadable(describeReadError(what, error));
  }
}

function time(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

async function readVoice(client: Client, isSubaccount: boolean) {
  const settings = await client.voice.v1.dialingPermissions.settings().fetch();
  const inherits = isSubaccount && settings.dialingPermissionsInheritance === true;
  if (inherits) return { inherits, countries: [], parentCountries: null };
  const rows = await client.voice.v1.dialingPermissions.countries.list({ pageSize: 1000 });
  const countries: DialingCountry[] = rows.map((c) => ({
    isoCode: c.isoCode,
    lowRisk: c.lowRiskNumbersEnabled === true,
    highRiskSpecial: c.highRiskSpecialNumbersEnabled === true,
    highRiskTollfraud: c.highRiskTollfraudNumbersEnabled === true,
  }));
  return { inherits, countries, parentCountries: null };
}

async function readSms(client: Client): Promise<SmsPermission[]> {
  const result = await client.accounts.v1.messagingGeopermissions.fetch();
  const rows = (Array.isArray(result.permissions) ? result.permissions : []) as { country_code?: unknown; enabled?: unknown; message?: unknown }[];
  return rows.map((p) => ({ isoCode: String(p.country_code), enabled: p.enabled === true, highRisk: p.message === 'High Risk Country' }));
}

async function readTriggers(main: Client, sid: string) {
  const rows = await main.api.v2010.accounts(sid).usage.triggers.list({ pageSize: 1000 });
  return rows.map((t) => ({
    sid: t.sid,
    friendlyName: t.friendlyName ?? null,
    usageCategory: t.usageCategory,
    triggerBy: t.triggerBy,
    recurring: t.recurring,
    triggerValue: Number(t.triggerValue),
    callbackUrl: t.callbackUrl,
    callbackMethod: t.callbackMethod,
    dateFired: time(t.dateFired),
  }));
}

async function readDailySpend(main: Client, sid: string, now: number): Promise<number[]> {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const records = await main.api.v2010.accounts(sid).usage.records.daily.list({
    category: 'totalprice',
    startDate: new Date(now - SPEND_HISTORY_DAYS * DAY_MS),
    endDate: new Date(now - DAY_MS),
    pageSize: 1000,
  });
  const byDay = new Map(records.map((r) => [day(time(r.startDate as unknown as Date) ?? 0), Number(r.price ?? 0)]));
  return Array.from({ length: SPEND_HISTORY_DAYS }, (_, i) => byDay.get(day(now - (SPEND_HISTORY_DAYS - i) * DAY_MS)) ?? 0);
}

async function readNumbers(main: Client, sid: string): Promise<NumberInfo[]> {
  const rows = await main.api.v2010.accounts(sid).incomingPhoneNumbers.list({ pageSize: 1000 });
  const url = (value: string | null | undefined) => (value ? value : null);
  return rows.map((n) => ({
    sid: n.sid,
    phoneNumber: n.phoneNumber,
    voiceUrl: url(n.voiceUrl),
    voiceFallbackUrl: url(n.voiceFallbackUrl),
    smsUrl: url(n.smsUrl),
    smsFallbackUrl: url(n.smsFallbackUrl),
    statusCallback: url(n.statusCallback),
    voiceApplicationSid: url(n.voiceApplicationSid),
    smsApplicationSid: url(n.smsApplicationSid),
    trunkSid: url(n.trunkSid),
  }));
}

async function readTrunks(client: Client): Promise<TrunkInfo[]> {
  const trunks = await client.trunking.v1.trunks.list({ pageSize: 1000 });
  return Promise.all(
    trunks.map(async (t) => {
      const [acls, lists] = await Promise.all([client.trunking.v1.trunks(t.sid).ipAccessControlLists.list(), client.trunking.v1.trunks(t.sid).credentialsLists.list()]);
      return {
        sid: t.sid,
        friendlyName: t.friendlyName ?? null,
        secure: t.secure === true,
        transferMode: String(t.transferMode),
        disasterRecoveryUrl: t.disasterRecoveryUrl || null,
        symmetricRtpEnabled: t.symmetricRtpEnabled === true,
        aclSids: acls.map((a) => a.sid),
        credentialListSids: lists.map((l) => l.sid),
      };
    }),
  );
}

async function readDomains(main: Client, sid: string): Promise<DomainInfo[]> {
  const sip = main.api.v2010.accounts(sid).sip;
  const domains = await sip.domains.list({ pageSize: 1000 });
  return Promise.all(
    domains.map(async (d) => {
      const [acls, lists] = await Promise.all([sip.domains(d.sid).ipAccessControlListMappings.list(), sip.domains(d.sid).credentialListMappings.list()]);
      return { sid: d.sid, domainName: d.domainName, secure: d.secure === true, sipRegistration: d.sipRegistration === true, aclSids: acls.map((a) => a.sid), credentialListSids: lists.map((l) => l.sid) };
    }),
  );
}

async function readAclEntries(main: Client, sid: string): Promise<Record<string, AclEntry[]>> {
  const sip = main.api.v2010.accounts(sid).sip;
  const acls = await sip.ipAccessControlLists.list({ pageSize: 1000 });
  const entries = await Promise.all(acls.map((acl) => sip.ipAccessControlLists(acl.sid).ipAddresses.list({ pageSize: 1000 })));
  return Object.fromEntries(acls.map((acl, i) => [acl.sid, entries[i].map((e) => ({ sid: e.sid, ipAddress: e.ipAddress, cidrPrefixLength: e.cidrPrefixLength }))]));
}

async function readKeys(main: Client, sid: string) {
  const keys = await main.api.v2010.accounts(sid).keys.list({ pageSize: 1000 });
  return keys.map((k) => ({ sid: k.sid, friendlyName: k.friendlyName ?? '', dateCreated: time(k.dateCreated) ?? 0 }));
}

async function readAlerts(client: Client, now: number): Promise<AlertInfo[]> {
  const alerts = await client.monitor.v1.alerts.list({ logLevel: 'error', startDate: new Date(now - DAY_MS), pageSize: 1000 });
  return alerts.map((a) => ({ errorCode: a.errorCode, resourceSid: a.resourceSid ?? null, dateGenerated: time(a.dateGenerated) ?? 0 }));
}

/** One account to read: its identity, and the client for its subdomain products (its own credentials). */
export interface AccountToRead {
  sid: string;
  friendlyName: string;
  role: 'main' | 'subaccount';
  status: AccountSnapshot['status'];
  /** A client authenticated as the account itself (voice, trunking, monitor and accounts hosts). */
  own: Client;
}

/**
 * Reads everything the checks need from one account. 2010 API parts go through the main
 * account's client (main credentials reach subaccounts' 2010 paths); subdomain products through
 * the account's own client. Parts are read concurrently and independently: one failing part
 * leaves the others intact.
 */
export async function readAccount(main: Client, account: AccountToRead, now: number): Promise<AccountSnapshot> {
  const { sid, own } = account;
  const [voice, sms, triggers, dailySpend, numbers, trunks, domains, aclEntries, keys, alerts] = await Promise.all([
    attempt('Voice Dialing Permissions (voice.twilio.com)', () => readVoice(own, account.role === 'subaccount')),
    attempt('Messaging Geo Permissions (accounts.twilio.com)', () => readSms(own)),
    attempt('Usage Triggers', () => readTriggers(main, sid)),
    attempt('Usage Records', () => readDailySpend(main, sid, now)),
    attempt('Incoming phone numbers', () => readNumbers(main, sid)),
    attempt('Elastic SIP Trunks (trunking.twilio.com)', () => readTrunks(own)),
    attempt('SIP Domains', () => readDomains(main, sid)),
    attempt('SIP IP access control lists', () => readAclEntries(main, sid)),
    attempt('API keys', () => readKeys(main, sid)),
    attempt('Monitor Alerts (monitor.twilio.com)', () => readAlerts(own, now)),
  ]);
  return { sid, friendlyName: account.friendlyName, role: account.role, status: account.status, voice, sms, triggers, dailySpend, numbers, trunks, domains, aclEntries, keys, alerts };
}

/** Which subaccounts to audit: all, none, or the listed SIDs. */
export type SubaccountScope = { kind: 'all' } | { kind: 'none' } | { kind: 'list'; sids: string[] };

/** What the accounts list says about the main account and its subaccounts in scope, with their tokens (never printed). */
export interface ListedAccount {
  sid: string;
  friendlyName: string;
  status: AccountSnapshot['status'];
  authToken: string | null;
}

/**
 * The main account and the subaccounts in scope, as `GET /Accounts.json` lists them (main
 * credentials only: a subaccount's token comes from this answer). Throws the client's error when
 * the list cannot be read: without it nothing can be audited.
 */
export async function listAccounts(main: Client, mainSid: string, scope: SubaccountScope): Promise<{ main: ListedAccount; subaccounts: ListedAccount[] }> {
  const rows = await main.api.v2010.accounts.list({ pageSize: 1000 });
  const toListed = (a: (typeof rows)[number]): ListedAccount => ({ sid: a.sid, friendlyName: a.friendlyName, status: a.status as ListedAccount['status'], authToken: a.authToken ?? null });
  const mainRow = rows.find((a) => a.sid === mainSid);
  const main_ = mainRow ? toListed(mainRow) : { sid: mainSid, friendlyName: mainSid, status: 'active' as const, authToken: null };
  const subs = rows.filter((a) => a.sid !== mainSid && a.status !== 'closed').map(toListed);
  const inScope = scope.kind === 'all' ? subs : scope.kind === 'none' ? [] : subs.filter((s) => scope.sids.includes(s.sid));
  return { main: main_, subaccounts: inScope };
}
