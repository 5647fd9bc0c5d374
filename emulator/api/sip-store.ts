import { AccountTable } from '../core/account-table';
import { MAX_SIP_ENTRIES_PER_LIST, MAX_SIP_RESOURCES_PER_ACCOUNT } from '../core/limits';

interface Dated {
  sid: string;
  accountSid: string;
  friendlyName: string;
  dateCreated: number;
  dateUpdated: number;
}

/** An IP Access Control List (AL...). */
export type IpAcl = Dated;

/** One address range of an IP ACL (IP...). */
export interface IpAddressEntry extends Dated {
  aclSid: string;
  ipAddress: string;
  cidrPrefixLength: number;
}

/** A credential list (CL...). */
export type CredentialList = Dated;

/** A username of a credential list (CR...); the password is never kept or readable. */
export interface SipCredential extends Dated {
  listSid: string;
  username: string;
}

/** A SIP Domain (SD...) and the lists mapped to it for calls. */
export interface SipDomain extends Dated {
  domainName: string;
  voiceUrl: string | null;
  voiceMethod: 'GET' | 'POST';
  voiceFallbackUrl: string | null;
  voiceFallbackMethod: 'GET' | 'POST';
  voiceStatusCallbackUrl: string | null;
  voiceStatusCallbackMethod: 'GET' | 'POST';
  sipRegistration: boolean;
  secure: boolean;
  emergencyCallingEnabled: boolean;
  byocTrunkSid: string | null;
  aclSids: string[];
  credentialListSids: string[];
}

/** `auth_type` as Twilio derives it from what is mapped: `IP_ACL`, `CREDENTIAL_LIST`, both, or empty. */
export function authTypeOf(aclSids: readonly string[], credentialListSids: readonly string[]): string {
  return [aclSids.length > 0 ? 'IP_ACL' : null, credentialListSids.length > 0 ? 'CREDENTIAL_LIST' : null].filter(Boolean).join(',');
}

/**
 * The 2010 API's SIP resources of every account: IP ACLs and their addresses, credential lists
 * and their usernames, and SIP Domains. Elastic SIP Trunks (trunking.twilio.com) refer to the
 * same ACLs and credential lists.
 */
export class SipStore {
  readonly acls = new AccountTable<IpAcl>('IP access control lists', MAX_SIP_RESOURCES_PER_ACCOUNT);
  readonly addresses = new AccountTable<IpAddressEntry>('IP addresses', MAX_SIP_RESOURCES_PER_ACCOUNT * MAX_SIP_ENTRIES_PER_LIST);
  readonly credentialLists = new AccountTable<CredentialList>('credential lists', MAX_SIP_RESOURCES_PER_ACCOUNT);
  readonly credentials = new AccountTable<SipCredential>('credentials', MAX_SIP_RESOURCES_PER_ACCOUNT * MAX_SIP_ENTRIES_PER_LIST);
  readonly domains = new AccountTable<SipDomain>('SIP domains', MAX_SIP_RESOURCES_PER_ACCOUNT);

  addressesOf(accountSid: string, aclSid: string): IpAddressEntry[] {
    return this.addresses.forAccount(accountSid).filter((a) => a.aclSid === aclSid);
  }

  credentialsOf(accountSid: string, listSid: string): SipCredential[] {
    return this.credentials.forAccount(accountSid).filter((c) => c.listSid === listSid);
  }

  snapshot(): Record<string, unknown> {
    return {
      acls: this.acls.all(),
      addresses: this.addresses.all(),
      credentialLists: this.credentialLists.all(),
      credentials: this.credentials.all(),
      domains: this.domains.all(),
    };
  }

  reset(): void {
    for (const table of [this.acls, this.addresses, this.credentialLists, this.credentials, this.domains]) table.reset();
  }
}
