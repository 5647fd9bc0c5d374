import { AccountTable } from '../core/account-table';
import { isoDate } from '../core/dates';
import { TwilioApiError, invalidParameter, notFound } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_TRUNKS_PER_ACCOUNT } from '../core/limits';
import { parsePageRequest, v1Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import { isHttpUrl } from '../api/api-2010';
import { authTypeOf, type SipStore } from '../api/sip-store';

const TRUNKING_BASE = 'https://trunking.twilio.com/v1';
const PREFIX = '/trunking/v1/Trunks';

export type TransferMode = 'disable-all' | 'enable-all' | 'sip-only';
const TRANSFER_MODES: readonly string[] = ['disable-all', 'enable-all', 'sip-only'];
const TRANSFER_CALLER_IDS: readonly string[] = ['from-transferee', 'from-transferor'];

/** An origination URL of a trunk (OU...). */
export interface OriginationUrl {
  sid: string;
  sipUrl: string;
  weight: number;
  priority: number;
  enabled: boolean;
  friendlyName: string;
  dateCreated: number;
}

/** An Elastic SIP Trunk (TK...) and its associations. */
export interface Trunk {
  sid: string;
  accountSid: string;
  friendlyName: string | null;
  domainName: string | null;
  disasterRecoveryUrl: string | null;
  disasterRecoveryMethod: 'GET' | 'POST';
  transferMode: TransferMode;
  transferCallerId: 'from-transferee' | 'from-transferor';
  secure: boolean;
  cnamLookupEnabled: boolean;
  /** Read-only through the API ("Disabling Symmetric RTP is considered to be more secure"); set by fixtures. */
  symmetricRtpEnabled: boolean;
  aclSids: string[];
  credentialListSids: string[];
  originationUrls: OriginationUrl[];
  dateCreated: number;
  dateUpdated: number;
}

/** Elastic SIP Trunks of every account. */
export type TrunkStore = AccountTable<Trunk>;

export function createTrunkStore(): TrunkStore {
  return new AccountTable<Trunk>('trunks', MAX_TRUNKS_PER_ACCOUNT);
}

function serializeTrunk(trunk: Trunk): Record<string, unknown> {
  const url = `${TRUNKING_BASE}/Trunks/${trunk.sid}`;
  const authType = authTypeOf(trunk.aclSids, trunk.credentialListSids);
  return {
    account_sid: trunk.accountSid,
    domain_name: trunk.domainName,
    disaster_recovery_method: trunk.disasterRecoveryMethod,
    disaster_recovery_url: trunk.disasterRecoveryUrl,
    friendly_name: trunk.friendlyName,
    secure: trunk.secure,
    recording: { mode: 'do-not-record', trim: 'do-not-trim' },
    transfer_mode: trunk.transferMode,
    transfer_caller_id: trunk.transferCallerId,
    cnam_lookup_enabled: trunk.cnamLookupEnabled,
    auth_type: authType,
    symmetric_rtp_enabled: trunk.symmetricRtpEnabled,
    auth_type_set: authType === '' ? [] : authType.split(','),
    date_created: isoDate(trunk.dateCreated),
    date_updated: isoDate(trunk.dateUpdated),
    sid: trunk.sid,
    url,
    links: {
      origination_urls: `${url}/OriginationUrls`,
      credential_lists: `${url}/CredentialLists`,
      ip_access_control_lists: `${url}/IpAccessControlLists`,
      phone_numbers: `${url}/PhoneNumbers`,
    },
  };
}

function oneOf<T extends string>(ctx: RouteContext, field: string, allowed: readonly string[], fallback: T): T {
  const value = ctx.form.get(field);
  if (value === null) return fallback;
  if (!allowed.includes(value)) throw invalidParameter(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function bool(ctx: RouteContext, field: string, fallback: boolean): boolean {
  const value = ctx.form.get(field);
  if (value === null) return fallback;
  if (value !== 'true' && value !== 'false') throw invalidParameter(`${field} must be true or false`);
  return value === 'true';
}

/** Applies the writable trunk fields of a create or update request. */
function applyTrunkFields(ctx: RouteContext, trunk: Trunk, store: TrunkStore): void {
  const domainName = ctx.form.get('DomainName');
  if (domainName !== null && domainName !== '') {
    if (!/^[a-z0-9-]+\.pstn\.twilio\.com$/i.test(domainName)) throw invalidParameter('DomainName must be <name>.pstn.twilio.com, with letters, digits and -');
    if (store.all().some((t) => t.sid !== trunk.sid && t.domainName?.toLowerCase() === domainName.toLowerCase())) {
      throw new TwilioApiError(409, 20001, `DomainName ${domainName} is already taken`);
    }
  }
  const drUrl = ctx.form.get('DisasterRecoveryUrl');
  if (drUrl !== null && drUrl !== '' && !isHttpUrl(drUrl)) throw invalidParameter('DisasterRecoveryUrl must be an absolute http(s) URL');
  const method = ctx.form.get('DisasterRecoveryMethod')?.toUpperCase() ?? trunk.disasterRecoveryMethod;
  if (method !== 'GET' && method !== 'POST') throw invalidParameter('DisasterRecoveryMethod must be GET or POST');
  trunk.friendlyName = ctx.form.get('FriendlyName') ?? trunk.friendlyName;
  if (domainName !== null) trunk.domainName = domainName === '' ? null : domainName;
  if (drUrl !== null) trunk.disasterRecoveryUrl = drUrl === '' ? null : drUrl;
  trunk.disasterRecoveryMethod = method;
  trunk.transferMode = oneOf(ctx, 'TransferMode', TRANSFER_MODES, trunk.transferMode);
  trunk.transferCallerId = oneOf(ctx, 'TransferCallerId', TRANSFER_CALLER_IDS, trunk.transferCallerId);
  trunk.secure = bool(ctx, 'Secure', trunk.secure);
  trunk.cnamLookupEnabled = bool(ctx, 'CnamLookupEnabled', trunk.cnamLookupEnabled);
  trunk.dateUpdated = ctx.now;
}

function trunkCrudRoutes(store: TrunkStore, found: (ctx: RouteContext, param?: string) => Trunk): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: PREFIX,
      product: 'trunking',
      handler: (ctx) => ({ status: 200, body: v1Page(store.forAccount(ctx.principal.accountSid).map(serializeTrunk), 'trunks', `${TRUNKING_BASE}/Trunks`, [], parsePageRequest(ctx.query)) }),
    },
    {
      method: 'POST',
      pattern: PREFIX,
      product: 'trunking',
      handler: (ctx) => {
        const trunk: Trunk = {
          sid: newSid('TK'),
          accountSid: ctx.principal.accountSid,
          friendlyName: null,
          domainName: null,
          disasterRecoveryUrl: null,
          disasterRecoveryMethod: 'POST',
          transferMode: 'disable-all',
          transferCallerId: 'from-transferee',
          secure: false,
          cnamLookupEnabled: false,
          symmetricRtpEnabled: false,
          aclSids: [],
          credentialListSids: [],
          originationUrls: [],
          dateCreated: ctx.now,
          dateUpdated: ctx.now,
        };
        applyTrunkFields(ctx, trunk, store);
        store.add(trunk);
        return { status: 201, body: serializeTrunk(trunk) };
      },
    },
    { method: 'GET', pattern: `${PREFIX}/:sid`, product: 'trunking', handler: (ctx) => ({ status: 200, body: serializeTrunk(found(ctx)) }) },
    {
      method: 'POST',
      pattern: `${PREFIX}/:sid`,
      product: 'trunking',
      handler: (ctx) => {
        const trunk = found(ctx);
        applyTrunkFields(ctx, trunk, store);
        return { status: 200, body: serializeTrunk(trunk) };
      },
    },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/:sid`,
      product: 'trunking',
      handler: (ctx) => {
        store.delete(ctx.principal.accountSid, found(ctx).sid);
        return { status: 204 };
      },
    },
  ];
}

/** A trunk's associations of one kind (IP ACLs or credential lists): list, add (the list must exist in the account), fetch, remove. */
function associationRoutes(
  segment: 'IpAccessControlLists' | 'CredentialLists',
  key: string,
  field: string,
  property: 'aclSids' | 'credentialListSids',
  lookup: (accountSid: string, sid: string) => { friendlyName: string; dateCreated: number; dateUpdated: number } | undefined,
  found: (ctx: RouteContext, param?: string) => Trunk,
): RouteDefinition[] {
  const serialize = (trunk: Trunk, sid: string) => {
    const list = lookup(trunk.accountSid, sid);
    return {
      account_sid: trunk.accountSid,
      sid,
      trunk_sid: trunk.sid,
      friendly_name: list?.friendlyName ?? null,
      date_created: isoDate(list?.dateCreated ?? trunk.dateCreated),
      date_updated: isoDate(list?.dateUpdated ?? trunk.dateUpdated),
      url: `${TRUNKING_BASE}/Trunks/${trunk.sid}/${segment}/${sid}`,
    };
  };
  const associated = (ctx: RouteContext): [Trunk, string] => {
    const trunk = found(ctx, 'trunk');
    if (!trunk[property].includes(ctx.params.sid)) throw notFound(ctx.twilioPath);
    return [trunk, ctx.params.sid];
  };
  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/:trunk/${segment}`,
      product: 'trunking',
      handler: (ctx) => {
        const trunk = found(ctx, 'trunk');
        return { status: 200, body: v1Page(trunk[property].map((sid) => serialize(trunk, sid)), key, `${TRUNKING_BASE}/Trunks/${trunk.sid}/${segment}`, [], parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/:trunk/${segment}`,
      product: 'trunking',
      handler: (ctx) => {
        const trunk = found(ctx, 'trunk');
        const sid = ctx.form.get(field) ?? '';
        if (!lookup(trunk.accountSid, sid)) throw notFound(`${ctx.twilioPath} (${field} ${sid.slice(0, 34)})`);
        if (!trunk[property].includes(sid)) trunk[property].push(sid);
        return { status: 201, body: serialize(trunk, sid) };
      },
    },
    { method: 'GET', pattern: `${PREFIX}/:trunk/${segment}/:sid`, product: 'trunking', handler: (ctx) => ({ status: 200, body: serialize(...associated(ctx)) }) },
    {
      method: 'DELETE',
      pattern: `${PREFIX}/:trunk/${segment}/:sid`,
      product: 'trunking',
      handler: (ctx) => {
        const [trunk, sid] = associated(ctx);
        trunk[property] = trunk[property].filter((s) => s !== sid);
        return { status: 204 };
      },
    },
  ];
}

function originationUrlRoutes(found: (ctx: RouteContext, param?: string) => Trunk): RouteDefinition[] {
  const serialize = (trunk: Trunk, url: OriginationUrl) => ({
    account_sid: trunk.accountSid,
    sid: url.sid,
    trunk_sid: trunk.sid,
    weight: url.weight,
    enabled: url.enabled,
    sip_url: url.sipUrl,
    friendly_name: url.friendlyName,
    priority: url.priority,
    date_created: isoDate(url.dateCreated),
    date_updated: isoDate(url.dateCreated),
    url: `${TRUNKING_BASE}/Trunks/${trunk.sid}/OriginationUrls/${url.sid}`,
  });
  const whole = (ctx: RouteContext, field: string): number => {
    const value = ctx.form.get(field) ?? '';
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw invalidParameter(`${field} is required: a whole number from 0 to 65535`);
    return Number(value);
  };
  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/:trunk/OriginationUrls`,
      product: 'trunking',
      handler: (ctx) => {
        const trunk = found(ctx, 'trunk');
        return { status: 200, body: v1Page(trunk.originationUrls.map((u) => serialize(trunk, u)), 'origination_urls', `${TRUNKING_BASE}/Trunks/${trunk.sid}/OriginationUrls`, [], parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/:trunk/OriginationUrls`,
      product: 'trunking',
      handler: (ctx) => {
        const trunk = found(ctx, 'trunk');
        const sipUrl = ctx.form.get('SipUrl') ?? '';
        if (!/^sips?:[^\s]+$/.test(sipUrl)) throw invalidParameter('SipUrl is required and must be a sip: URI');
        const enabled = ctx.form.get('Enabled');
        if (enabled !== 'true' && enabled !== 'false') throw invalidParameter('Enabled is required: true or false');
        const friendlyName = ctx.form.get('FriendlyName');
        if (friendlyName === null || friendlyName.length === 0) throw invalidParameter('FriendlyName is required');
        const url: OriginationUrl = { sid: newSid('OU'), sipUrl, weight: whole(ctx, 'Weight'), priority: whole(ctx, 'Priority'), enabled: enabled === 'true', friendlyName, dateCreated: ctx.now };
        trunk.originationUrls.push(url);
        return { status: 201, body: serialize(trunk, url) };
      },
    },
  ];
}

/**
 * Elastic SIP Trunking (`trunking.twilio.com/v1`) of the credentials' own account (a subdomain
 * product: subaccounts need their own credentials): trunks (create, list, fetch, update, delete;
 * `auth_type` derived from the associations), their IP ACL and credential list associations
 * (which must name lists of the same account in the 2010 API), and origination URLs. No SIP
 * traffic is emulated.
 */
export function trunkRoutes(store: TrunkStore, sip: SipStore): RouteDefinition[] {
  const found = (ctx: RouteContext, param = 'sid'): Trunk => {
    const sid = ctx.params[param];
    const trunk = isSid(sid, 'TK') ? store.get(ctx.principal.accountSid, sid) : undefined;
    if (!trunk) throw notFound(ctx.twilioPath);
    return trunk;
  };
  return [
    ...trunkCrudRoutes(store, found),
    ...associationRoutes('IpAccessControlLists', 'ip_access_control_lists', 'IpAccessControlListSid', 'aclSids', (a, s) => sip.acls.get(a, s), found),
    ...associationRoutes('CredentialLists', 'credential_lists', 'CredentialListSid', 'credentialListSids', (a, s) => sip.credentialLists.get(a, s), found),
    ...originationUrlRoutes(found),
  ];
}
