import { isIP } from 'node:net';
import { API_2010_PREFIX, isHttpUrl, requireAccount } from './api-2010';
import type { AccountTable, OwnedRecord } from '../core/account-table';
import { rfc2822Date } from '../core/dates';
import { TwilioApiError, invalidParameter, notFound } from '../core/errors';
import { newSid } from '../core/ids';
import { MAX_SIP_ENTRIES_PER_LIST } from '../core/limits';
import { parsePageRequest, v2010Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import { authTypeOf, type SipDomain, type SipStore } from './sip-store';

const SIP = `${API_2010_PREFIX}/Accounts/:account/SIP`;
const MAX_NAME = 255;

function uriBase(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/SIP`;
}

function dates(record: { dateCreated: number; dateUpdated: number }) {
  return { date_created: rfc2822Date(record.dateCreated), date_updated: rfc2822Date(record.dateUpdated) };
}

function requiredName(ctx: RouteContext, field = 'FriendlyName'): string {
  const value = ctx.form.get(field);
  if (value === null || value.length === 0 || value.length > MAX_NAME) throw invalidParameter(`${field} is required (1 to ${MAX_NAME} characters)`);
  return value;
}

function found<T extends OwnedRecord>(table: AccountTable<T>, ctx: RouteContext, accountSid: string, sid: string): T {
  return table.found(accountSid, sid, ctx.twilioPath);
}

function page(ctx: RouteContext, records: unknown[], key: string, uri: string) {
  return { status: 200, body: v2010Page(records, key, uri, [], parsePageRequest(ctx.query)) };
}

function parseBool(ctx: RouteContext, field: string, fallback: boolean): boolean {
  const value = ctx.form.get(field);
  if (value === null) return fallback;
  if (value !== 'true' && value !== 'false') throw invalidParameter(`${field} must be true or false`);
  return value === 'true';
}

function parseUrl(ctx: RouteContext, field: string, fallback: string | null): string | null {
  const value = ctx.form.get(field);
  if (value === null) return fallback;
  if (value === '') return null;
  if (!isHttpUrl(value)) throw invalidParameter(`${field} must be an absolute http(s) URL`);
  return value;
}

function parseMethod(ctx: RouteContext, field: string, fallback: 'GET' | 'POST'): 'GET' | 'POST' {
  const value = ctx.form.get(field)?.toUpperCase() ?? fallback;
  if (value !== 'GET' && value !== 'POST') throw invalidParameter(`${field} must be GET or POST`);
  return value;
}

/**
 * A credential password as Twilio requires it: at least 12 characters with a digit, a lower-case
 * and an upper-case letter (https://twilio.com/docs/voice/sip/api/sip-credential-resource).
 */
function checkPassword(value: string | null): void {
  if (value === null || value.length < 12 || value.length > 255 || !/\d/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) {
    throw invalidParameter('Password must be at least 12 characters long and contain a digit, a lower-case and an upper-case letter');
  }
}

function ipAclRoutes(store: SipStore): RouteDefinition[] {
  const serialize = (acl: { sid: string; accountSid: string; friendlyName: string; dateCreated: number; dateUpdated: number }) => ({
    sid: acl.sid,
    account_sid: acl.accountSid,
    friendly_name: acl.friendlyName,
    ...dates(acl),
    subresource_uris: { ip_addresses: `${uriBase(acl.accountSid)}/IpAccessControlLists/${acl.sid}/IpAddresses.json` },
    uri: `${uriBase(acl.accountSid)}/IpAccessControlLists/${acl.sid}.json`,
  });
  const serializeAddress = (entry: ReturnType<SipStore['addresses']['all']>[number]) => ({
    sid: entry.sid,
    account_sid: entry.accountSid,
    friendly_name: entry.friendlyName,
    ip_address: entry.ipAddress,
    cidr_prefix_length: entry.cidrPrefixLength,
    ip_access_control_list_sid: entry.aclSid,
    ...dates(entry),
    uri: `${uriBase(entry.accountSid)}/IpAccessControlLists/${entry.aclSid}/IpAddresses/${entry.sid}.json`,
  });
  return [
    {
      method: 'GET',
      pattern: `${SIP}/IpAccessControlLists.json`,
      product: 'api',
      handler: (ctx) => {
        const account = requireAccount(ctx);
        return page(ctx, store.acls.forAccount(account).map(serialize), 'ip_access_control_lists', `${uriBase(account)}/IpAccessControlLists.json`);
      },
    },
    {
      method: 'POST',
      pattern: `${SIP}/IpAccessControlLists.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const acl = store.acls.add({ sid: newSid('AL'), accountSid, friendlyName: requiredName(ctx), dateCreated: ctx.now, dateUpdated: ctx.now });
        return { status: 201, body: serialize(acl) };
      },
    },
    {
      method: 'GET',
      pattern: `${SIP}/IpAccessControlLists/:sid.json`,
      product: 'api',
      handler: (ctx) => ({ status: 200, body: serialize(found(store.acls, ctx, requireAccount(ctx), ctx.params.sid)) }),
    },
    {
      method: 'DELETE',
      pattern: `${SIP}/IpAccessControlLists/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        found(store.acls, ctx, accountSid, ctx.params.sid);
        for (const entry of store.addressesOf(accountSid, ctx.params.sid)) store.addresses.delete(accountSid, entry.sid);
        store.acls.delete(accountSid, ctx.params.sid);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: `${SIP}/IpAccessControlLists/:acl/IpAddresses.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const acl = found(store.acls, ctx, accountSid, ctx.params.acl);
        return page(ctx, store.addressesOf(accountSid, acl.sid).map(serializeAddress), 'ip_addresses', `${uriBase(accountSid)}/IpAccessControlLists/${acl.sid}/IpAddresses.json`);
      },
    },
    {
      method: 'POST',
      pattern: `${SIP}/IpAccessControlLists/:acl/IpAddresses.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const acl = found(store.acls, ctx, accountSid, ctx.params.acl);
        const ipAddress = ctx.form.get('IpAddress') ?? '';
        if (isIP(ipAddress) !== 4) throw invalidParameter('IpAddress must be an IPv4 address without wildcards, such as 203.0.113.10');
        const prefix = ctx.form.get('CidrPrefixLength') ?? '32';
        if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) throw invalidParameter('CidrPrefixLength must be a whole number from 0 to 32');
        if (store.addressesOf(accountSid, acl.sid).length >= MAX_SIP_ENTRIES_PER_LIST) throw invalidParameter(`An IP access control list holds at most ${MAX_SIP_ENTRIES_PER_LIST} addresses`);
        const entry = store.addresses.add({ sid: newSid('IP'), accountSid, aclSid: acl.sid, friendlyName: requiredName(ctx), ipAddress, cidrPrefixLength: Number(prefix), dateCreated: ctx.now, dateUpdated: ctx.now });
        return { status: 201, body: serializeAddress(entry) };
      },
    },
  ];
}

function credentialListRoutes(store: SipStore): RouteDefinition[] {
  const serialize = (list: { sid: string; accountSid: string; friendlyName: string; dateCreated: number; dateUpdated: number }) => ({
    account_sid: list.accountSid,
    ...dates(list),
    friendly_name: list.friendlyName,
    sid: list.sid,
    subresource_uris: { credentials: `${uriBase(list.accountSid)}/CredentialLists/${list.sid}/Credentials.json` },
    uri: `${uriBase(list.accountSid)}/CredentialLists/${list.sid}.json`,
  });
  return [
    {
      method: 'GET',
      pattern: `${SIP}/CredentialLists.json`,
      product: 'api',
      handler: (ctx) => {
        const account = requireAccount(ctx);
        return page(ctx, store.credentialLists.forAccount(account).map(serialize), 'credential_lists', `${uriBase(account)}/CredentialLists.json`);
      },
    },
    {
      method: 'POST',
      pattern: `${SIP}/CredentialLists.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const list = store.credentialLists.add({ sid: newSid('CL'), accountSid, friendlyName: requiredName(ctx), dateCreated: ctx.now, dateUpdated: ctx.now });
        return { status: 201, body: serialize(list) };
      },
    },
    {
      method: 'GET',
      pattern: `${SIP}/CredentialLists/:sid.json`,
      product: 'api',
      handler: (ctx) => ({ status: 200, body: serialize(found(store.credentialLists, ctx, requireAccount(ctx), ctx.params.sid)) }),
    },
    {
      method: 'POST',
      pattern: `${SIP}/CredentialLists/:list/Credentials.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const list = found(store.credentialLists, ctx, accountSid, ctx.params.list);
        const username = ctx.form.get('Username') ?? '';
        if (username.length === 0 || username.length > 32) throw invalidParameter('Username is required (at most 32 characters)');
        checkPassword(ctx.form.get('Password'));
        if (store.credentialsOf(accountSid, list.sid).some((c) => c.username === username)) {
          throw new TwilioApiError(409, 20001, `Username ${username} already exists in this credential list`);
        }
        const credential = store.credentials.add({ sid: newSid('CR'), accountSid, listSid: list.sid, username, friendlyName: username, dateCreated: ctx.now, dateUpdated: ctx.now });
        return {
          status: 201,
          body: { sid: credential.sid, account_sid: accountSid, credential_list_sid: list.sid, username, ...dates(credential), uri: `${uriBase(accountSid)}/CredentialLists/${list.sid}/Credentials/${credential.sid}.json` },
        };
      },
    },
  ];
}

/** `api.v2010.account.sip.sip_domain`, with `auth_type` derived from its call mappings. */
function serializeDomain(domain: SipDomain): Record<string, unknown> {
  const base = `${uriBase(domain.accountSid)}/Domains/${domain.sid}`;
  return {
    account_sid: domain.accountSid,
    api_version: '2010-04-01',
    auth_type: authTypeOf(domain.aclSids, domain.credentialListSids),
    ...dates(domain),
    domain_name: domain.domainName,
    friendly_name: domain.friendlyName,
    sid: domain.sid,
    uri: `${base}.json`,
    voice_fallback_method: domain.voiceFallbackMethod,
    voice_fallback_url: domain.voiceFallbackUrl,
    voice_method: domain.voiceMethod,
    voice_status_callback_method: domain.voiceStatusCallbackMethod,
    voice_status_callback_url: domain.voiceStatusCallbackUrl,
    voice_url: domain.voiceUrl,
    subresource_uris: {
      credential_list_mappings: `${base}/CredentialListMappings.json`,
      ip_access_control_list_mappings: `${base}/IpAccessControlListMappings.json`,
    },
    sip_registration: domain.sipRegistration,
    emergency_calling_enabled: domain.emergencyCallingEnabled,
    secure: domain.secure,
    byoc_trunk_sid: domain.byocTrunkSid,
    emergency_caller_sid: null,
  };
}

/** Applies the writable domain fields of a create or update request. */
function applyDomainFields(ctx: RouteContext, domain: SipDomain): void {
  domain.friendlyName = ctx.form.get('FriendlyName') ?? domain.friendlyName;
  domain.voiceUrl = parseUrl(ctx, 'VoiceUrl', domain.voiceUrl);
  domain.voiceMethod = parseMethod(ctx, 'VoiceMethod', domain.voiceMethod);
  domain.voiceFallbackUrl = parseUrl(ctx, 'VoiceFallbackUrl', domain.voiceFallbackUrl);
  domain.voiceFallbackMethod = parseMethod(ctx, 'VoiceFallbackMethod', domain.voiceFallbackMethod);
  domain.voiceStatusCallbackUrl = parseUrl(ctx, 'VoiceStatusCallbackUrl', domain.voiceStatusCallbackUrl);
  domain.voiceStatusCallbackMethod = parseMethod(ctx, 'VoiceStatusCallbackMethod', domain.voiceStatusCallbackMethod);
  domain.sipRegistration = parseBool(ctx, 'SipRegistration', domain.sipRegistration);
  domain.secure = parseBool(ctx, 'Secure', domain.secure);
  domain.emergencyCallingEnabled = parseBool(ctx, 'EmergencyCallingEnabled', domain.emergencyCallingEnabled);
  domain.dateUpdated = ctx.now;
}

function domainRoutes(store: SipStore): RouteDefinition[] {
  const domainOf = (ctx: RouteContext, param = 'sid') => found(store.domains, ctx, requireAccount(ctx), ctx.params[param]);
  return [
    {
      method: 'GET',
      pattern: `${SIP}/Domains.json`,
      product: 'api',
      handler: (ctx) => {
        const account = requireAccount(ctx);
        return page(ctx, store.domains.forAccount(account).map(serializeDomain), 'domains', `${uriBase(account)}/Domains.json`);
      },
    },
    {
      method: 'POST',
      pattern: `${SIP}/Domains.json`,
      product: 'api',
      handler: (ctx) => {
        const accountSid = requireAccount(ctx);
        const domainName = requiredName(ctx, 'DomainName');
        if (!/^[a-z0-9-]+\.sip\.twilio\.com$/i.test(domainName)) throw invalidParameter('DomainName must be <name>.sip.twilio.com, with letters, digits and -');
        if (store.domains.all().some((d) => d.domainName.toLowerCase() === domainName.toLowerCase())) {
          throw new TwilioApiError(409, 20001, `DomainName ${domainName} is already taken`);
        }
        const domain: SipDomain = {
          sid: newSid('SD'),
          accountSid,
          friendlyName: domainName,
          domainName,
          voiceUrl: null,
          voiceMethod: 'POST',
          voiceFallbackUrl: null,
          voiceFallbackMethod: 'POST',
          voiceStatusCallbackUrl: null,
          voiceStatusCallbackMethod: 'POST',
          sipRegistration: false,
          secure: false,
          emergencyCallingEnabled: false,
          byocTrunkSid: null,
          aclSids: [],
          credentialListSids: [],
          dateCreated: ctx.now,
          dateUpdated: ctx.now,
        };
        applyDomainFields(ctx, domain);
        store.domains.add(domain);
        return { status: 201, body: serializeDomain(domain) };
      },
    },
    { method: 'GET', pattern: `${SIP}/Domains/:sid.json`, product: 'api', handler: (ctx) => ({ status: 200, body: serializeDomain(domainOf(ctx)) }) },
    {
      method: 'POST',
      pattern: `${SIP}/Domains/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const domain = domainOf(ctx);
        applyDomainFields(ctx, domain);
        return { status: 200, body: serializeDomain(domain) };
      },
    },
    ...mappingRoutes('IpAccessControlListMappings', 'ip_access_control_list_mappings', 'IpAccessControlListSid', 'aclSids', store.acls, domainOf),
    ...mappingRoutes('CredentialListMappings', 'credential_list_mappings', 'CredentialListSid', 'credentialListSids', store.credentialLists, domainOf),
  ];
}

/** A domain's legacy call-auth mappings of one kind: list, create (the list must exist), delete. */
function mappingRoutes(
  segment: string,
  key: string,
  field: string,
  property: 'aclSids' | 'credentialListSids',
  lists: AccountTable<OwnedRecord & { friendlyName: string; dateCreated: number; dateUpdated: number }>,
  domainOf: (ctx: RouteContext, param?: string) => SipDomain,
): RouteDefinition[] {
  const serialize = (domain: SipDomain, listSid: string) => {
    const list = lists.get(domain.accountSid, listSid);
    return {
      account_sid: domain.accountSid,
      date_created: rfc2822Date(list?.dateCreated ?? domain.dateCreated),
      date_updated: rfc2822Date(list?.dateUpdated ?? domain.dateUpdated),
      domain_sid: domain.sid,
      friendly_name: list?.friendlyName ?? null,
      sid: listSid,
      uri: `${uriBase(domain.accountSid)}/Domains/${domain.sid}/${segment}/${listSid}.json`,
    };
  };
  return [
    {
      method: 'GET',
      pattern: `${SIP}/Domains/:domain/${segment}.json`,
      product: 'api',
      handler: (ctx) => {
        const domain = domainOf(ctx, 'domain');
        return page(ctx, domain[property].map((sid) => serialize(domain, sid)), key, `${uriBase(domain.accountSid)}/Domains/${domain.sid}/${segment}.json`);
      },
    },
    {
      method: 'POST',
      pattern: `${SIP}/Domains/:domain/${segment}.json`,
      product: 'api',
      handler: (ctx) => {
        const domain = domainOf(ctx, 'domain');
        const listSid = ctx.form.get(field) ?? '';
        if (!lists.get(domain.accountSid, listSid)) throw notFound(`${ctx.twilioPath} (${field} ${listSid.slice(0, 34)})`);
        if (!domain[property].includes(listSid)) domain[property].push(listSid);
        return { status: 201, body: serialize(domain, listSid) };
      },
    },
    {
      method: 'DELETE',
      pattern: `${SIP}/Domains/:domain/${segment}/:sid.json`,
      product: 'api',
      handler: (ctx) => {
        const domain = domainOf(ctx, 'domain');
        if (!domain[property].includes(ctx.params.sid)) throw notFound(ctx.twilioPath);
        domain[property] = domain[property].filter((sid) => sid !== ctx.params.sid);
        return { status: 204 };
      },
    },
  ];
}

/**
 * The 2010 API's SIP resources: IP access control lists and their addresses (IPv4, CIDR prefix),
 * credential lists and their credentials (Twilio's password policy; passwords never readable),
 * SIP Domains (create, list, fetch, update) with their legacy IP ACL and credential list mappings,
 * from which `auth_type` is derived. The newer `Auth/Calls` and `Auth/Registrations` mappings are
 * not modelled.
 */
export function sipRoutes(store: SipStore): RouteDefinition[] {
  return [...ipAclRoutes(store), ...credentialListRoutes(store), ...domainRoutes(store)];
}
