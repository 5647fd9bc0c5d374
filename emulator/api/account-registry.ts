import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { principalOf, type BasicCredentials, type Principal } from '../core/auth';
import { TwilioApiError, capacityExceeded, invalidParameter, unauthorized } from '../core/errors';
import { isSid, newSid } from '../core/ids';
import { MAX_ACCOUNTS, MAX_SUBACCOUNTS_PER_ACCOUNT } from '../core/limits';

/** An account's lifecycle: `active` and `suspended` go both ways; `closed` is final. */
export type AccountStatus = 'active' | 'suspended' | 'closed';

const STATUSES: ReadonlySet<string> = new Set<AccountStatus>(['active', 'suspended', 'closed']);

/** Twilio's codes for account-level refusals (Twilio error catalogue). */
export const AccountStatusCode = {
  /** A send or call from a suspended or closed account. */
  ACCOUNT_NOT_ACTIVE: 10001,
  /** A 403 Twilio documents no more specific code for (used for the main account's own status). */
  FORBIDDEN: 20403,
  /** A subaccount's status cannot change while its parent is suspended. */
  PARENT_SUSPENDED: 21476,
  /** A subaccount Twilio suspended cannot be reactivated by its parent. */
  SUSPENDED_BY_TWILIO: 21478,
} as const;

/** Longest FriendlyName of an account (Twilio: "up to 64 characters"). */
export const MAX_ACCOUNT_FRIENDLY_NAME = 64;

/** One account the emulator knows: a main account or a subaccount. */
export interface AccountRecord {
  sid: string;
  /** The parent's SID; a main account's own SID (as Twilio's `owner_account_sid`). */
  ownerSid: string;
  friendlyName: string;
  /** The status set on this account itself; see `effectiveStatus` for what applies. */
  status: AccountStatus;
  /** True when Twilio (the control API) suspended it: its parent cannot reactivate it (21478). */
  suspendedByTwilio: boolean;
  /** Null for a main account whose token the emulator has not learned yet. Never logged. */
  authToken: string | null;
  /** A secondary token (accounts.twilio.com AuthTokens/Secondary), accepted beside the primary until promoted or deleted. */
  secondaryToken: string | null;
  dateCreated: number;
  dateUpdated: number;
}

/** What `POST /__emulator/accounts` sets on an account (creating a main account if new). */
export interface AccountControlSettings {
  sid: string;
  authToken?: string;
  friendlyName?: string;
  /** Set "by Twilio": a suspension this way cannot be lifted by the parent (21478). */
  status?: AccountStatus;
}

/** A change requested through `POST /2010-04-01/Accounts/{Sid}.json`. */
export interface AccountUpdate {
  status?: string | null;
  friendlyName?: string | null;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares two secrets in constant time (digests first, so lengths do not leak either). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** A generated auth token: 32 hex digits, the shape of Twilio's. */
export function newAuthToken(): string {
  return randomBytes(16).toString('hex');
}

function forbidden(message: string): TwilioApiError {
  return new TwilioApiError(403, AccountStatusCode.FORBIDDEN, message);
}

function parseFriendlyName(value: string): string {
  if (value.length > MAX_ACCOUNT_FRIENDLY_NAME) throw invalidParameter(`FriendlyName must be at most ${MAX_ACCOUNT_FRIENDLY_NAME} characters`);
  return value;
}

/**
 * Every account the emulator knows, their tokens and statuses, and who may reach whom.
 *
 * Main accounts appear by themselves: any `AC` username that authenticates becomes a main account,
 * and the first password it uses becomes its token (so callbacks can be signed with it). In
 * strict-credentials mode only known accounts authenticate, and only with their token.
 * Subaccounts are created through the API with a generated token. Main credentials reach their
 * subaccounts' 2010 API paths; a subaccount's credentials reach only itself.
 */
export class AccountRegistry {
  private readonly accounts = new Map<string, AccountRecord>();
  private strictMode: boolean;

  constructor(strict: boolean) {
    this.strictMode = strict;
  }

  get strict(): boolean {
    return this.strictMode;
  }

  setStrict(strict: boolean): void {
    this.strictMode = strict;
  }

  /** Forgets every account and returns to the given credentials mode. */
  reset(strict: boolean): void {
    this.accounts.clear();
    this.strictMode = strict;
  }

  /**
   * The principal of a request's credentials, or null (401). API keys (`SK`) are checked for
   * shape only: the emulator does not model keys. Learning a main account's token is the only
   * change this makes.
   */
  authenticate(credentials: BasicCredentials, now: number): Principal | null {
    const principal = principalOf(credentials.username);
    if (principal === null || principal.kind === 'api-key') return principal;
    const account = this.accounts.get(principal.username);
    if (account === undefined) {
      if (this.strictMode) return null;
      if (this.accounts.size < MAX_ACCOUNTS) this.addMain(principal.username, credentials.password, now);
      return principal;
    }
    if (account.authToken === null) {
      if (this.strictMode) return null;
      account.authToken = credentials.password;
      return principal;
    }
    const matches = sameSecret(account.authToken, credentials.password) || (account.secondaryToken !== null && sameSecret(account.secondaryToken, credentials.password));
    if (this.strictMode && !matches) return null;
    return principal;
  }

  get(sid: string): AccountRecord | undefined {
    return this.accounts.get(sid);
  }

  /** The token callbacks of this account are signed with, or null when unknown. */
  tokenOf(sid: string): string | null {
    return this.accounts.get(sid)?.authToken ?? null;
  }

  /** The parent of a subaccount, or null for a main (or unknown) account. */
  parentOf(sid: string): string | null {
    const account = this.accounts.get(sid);
    return account !== undefined && account.ownerSid !== sid ? account.ownerSid : null;
  }

  /** The subaccounts of an account, oldest first. */
  childrenOf(sid: string): AccountRecord[] {
    return [...this.accounts.values()].filter((a) => a.ownerSid === sid && a.sid !== sid);
  }

  /**
   * True when the principal may act on the account's 2010 API paths: its own account, or a
   * subaccount of it. An API key acts for the account in the path (keys are not modelled).
   */
  mayReach(principal: Principal, accountSid: string): boolean {
    if (principal.kind === 'api-key') return true;
    return principal.username === accountSid || this.parentOf(accountSid) === principal.username;
  }

  /**
   * The status that applies: a subaccount of a suspended or closed parent is suspended or closed
   * too ("If the main account is suspended, all subaccounts are too"). Unknown accounts (reached
   * through an API key) are active.
   */
  effectiveStatus(sid: string): AccountStatus {
    const account = this.accounts.get(sid);
    if (account === undefined || account.status === 'closed') return account?.status ?? 'active';
    const parent = this.parentOf(sid);
    const parentStatus = parent === null ? 'active' : this.effectiveStatus(parent);
    return parentStatus === 'active' ? account.status : parentStatus;
  }

  /** Refuses a send, call or verification of an account that is not active (10001). */
  requireActive(sid: string): void {
    if (this.effectiveStatus(sid) !== 'active') {
      throw new TwilioApiError(403, AccountStatusCode.ACCOUNT_NOT_ACTIVE, 'Account is not active');
    }
  }

  /** Creates a subaccount of a main account, with a generated token. */
  createSubaccount(parentSid: string, friendlyName: string | null, now: number): AccountRecord {
    if (this.parentOf(parentSid) !== null) throw forbidden('A subaccount cannot create subaccounts; use the main account\'s credentials');
    this.requireActive(parentSid);
    if (this.childrenOf(parentSid).length >= MAX_SUBACCOUNTS_PER_ACCOUNT || this.accounts.size >= MAX_ACCOUNTS) {
      throw capacityExceeded('subaccounts per account', MAX_SUBACCOUNTS_PER_ACCOUNT);
    }
    const name = friendlyName === null || friendlyName.length === 0 ? `SubAccount Created at ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')}` : parseFriendlyName(friendlyName);
    const account: AccountRecord = {
      sid: newSid('AC'),
      ownerSid: parentSid,
      friendlyName: name,
      status: 'active',
      suspendedByTwilio: false,
      authToken: newAuthToken(),
      secondaryToken: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.accounts.set(account.sid, account);
    return account;
  }

  /** The accounts a principal lists: its own and its subaccounts, filtered. */
  list(principalSid: string, filters: { friendlyName: string | null; status: string | null }): AccountRecord[] {
    if (filters.status !== null && !STATUSES.has(filters.status)) throw invalidParameter(`Status must be one of active, suspended, closed`);
    const own = this.accounts.get(principalSid);
    const visible = [...(own ? [own] : []), ...this.childrenOf(principalSid)];
    return visible.filter(
      (a) => (filters.friendlyName === null || a.friendlyName === filters.friendlyName) && (filters.status === null || this.effectiveStatus(a.sid) === filters.status),
    );
  }

  /**
   * Applies `POST /Accounts/{Sid}.json` with Twilio's refusals: only the parent changes a
   * subaccount's status; the main account cannot change its own (403 / 20403, code unverified);
   * `closed` is final; nothing changes while the parent is suspended (21476); a suspension by
   * Twilio cannot be lifted by the parent (21478).
   */
  update(principal: Principal, sid: string, change: AccountUpdate, now: number): AccountRecord {
    const account = this.accounts.get(sid);
    if (account === undefined || !this.mayReach(principal, sid)) throw unauthorized();
    const friendlyName = change.friendlyName === null || change.friendlyName === undefined ? undefined : parseFriendlyName(change.friendlyName);
    const status = change.status === null || change.status === undefined ? undefined : this.checkStatusChange(principal, account, change.status);
    if (friendlyName !== undefined) account.friendlyName = friendlyName;
    if (status !== undefined) {
      account.status = status;
      account.suspendedByTwilio = false;
    }
    account.dateUpdated = now;
    return account;
  }

  private checkStatusChange(principal: Principal, account: AccountRecord, requested: string): AccountStatus {
    if (!STATUSES.has(requested)) throw invalidParameter(`Status must be one of active, suspended, closed`);
    const parent = this.parentOf(account.sid);
    if (parent === null) throw forbidden('The main account cannot change its own status through the API; contact Twilio support');
    if (principal.kind === 'account' && principal.username !== parent) {
      throw forbidden("Only the parent account may change a subaccount's status; use the main account's credentials");
    }
    if (this.effectiveStatus(parent) !== 'active') {
      throw new TwilioApiError(400, AccountStatusCode.PARENT_SUSPENDED, 'Unable to update Status for subaccount, parent account is suspended');
    }
    if (account.status === 'closed') throw invalidParameter(`Account ${account.sid} is closed; closing cannot be undone`);
    if (account.suspendedByTwilio && requested === 'active') {
      throw new TwilioApiError(400, AccountStatusCode.SUSPENDED_BY_TWILIO, 'Unable to update Status, subaccount has been suspended by Twilio');
    }
    return requested as AccountStatus;
  }

  /** Creates (or replaces) the account's secondary token and returns it. */
  createSecondaryToken(sid: string, now: number): AccountRecord & { secondaryToken: string } {
    const account = this.ensureMain(sid, now);
    account.secondaryToken = newAuthToken();
    account.dateUpdated = now;
    return account as AccountRecord & { secondaryToken: string };
  }

  /** Deletes the secondary token; false when there was none. */
  deleteSecondaryToken(sid: string): boolean {
    const account = this.accounts.get(sid);
    if (account === undefined || account.secondaryToken === null) return false;
    account.secondaryToken = null;
    return true;
  }

  /**
   * Makes the secondary token the primary: "After promoting the new token, all requests to Twilio
   * using your old primary Auth Token will result in an error" (in strict-credentials mode here).
   * Returns null when there is no secondary token to promote.
   */
  promoteSecondaryToken(sid: string, now: number): AccountRecord | null {
    const account = this.accounts.get(sid);
    if (account === undefined || account.secondaryToken === null) return null;
    account.authToken = account.secondaryToken;
    account.secondaryToken = null;
    account.dateUpdated = now;
    return account;
  }

  /**
   * The control API's lever (what Twilio itself may do): sets an account's token, name or status,
   * creating a main account if the SID is new. Throws an Error naming the bad field.
   */
  configure(settings: AccountControlSettings, now: number): AccountRecord {
    if (typeof settings.sid !== 'string' || !isSid(settings.sid, 'AC')) throw new Error('sid must be "AC" + 32 hex digits');
    if (settings.authToken !== undefined && (typeof settings.authToken !== 'string' || settings.authToken.length === 0 || settings.authToken.length > 128)) {
      throw new Error('authToken must be a non-empty string of at most 128 characters');
    }
    if (settings.friendlyName !== undefined && (typeof settings.friendlyName !== 'string' || settings.friendlyName.length > MAX_ACCOUNT_FRIENDLY_NAME)) {
      throw new Error(`friendlyName must be a string of at most ${MAX_ACCOUNT_FRIENDLY_NAME} characters`);
    }
    if (settings.status !== undefined && !STATUSES.has(settings.status)) throw new Error('status must be "active", "suspended" or "closed"');
    let account = this.accounts.get(settings.sid);
    if (account === undefined) {
      if (this.accounts.size >= MAX_ACCOUNTS) throw new Error(`at most ${MAX_ACCOUNTS} accounts`);
      account = this.addMain(settings.sid, null, now);
    }
    if (settings.authToken !== undefined) account.authToken = settings.authToken;
    if (settings.friendlyName !== undefined) account.friendlyName = settings.friendlyName;
    if (settings.status !== undefined) {
      account.status = settings.status;
      account.suspendedByTwilio = settings.status === 'suspended' && this.parentOf(account.sid) !== null;
    }
    account.dateUpdated = now;
    return account;
  }

  /** The account, registered as a main account with no known token if it is new. */
  ensureMain(sid: string, now: number): AccountRecord {
    const known = this.accounts.get(sid);
    if (known !== undefined) return known;
    if (this.accounts.size >= MAX_ACCOUNTS) throw capacityExceeded('accounts', MAX_ACCOUNTS);
    return this.addMain(sid, null, now);
  }

  /** Every known account, main accounts and subaccounts, in creation order. */
  all(): AccountRecord[] {
    return [...this.accounts.values()];
  }

  private addMain(sid: string, token: string | null, now: number): AccountRecord {
    const account: AccountRecord = {
      sid,
      ownerSid: sid,
      friendlyName: 'Emulator account',
      status: 'active',
      suspendedByTwilio: false,
      authToken: token,
      secondaryToken: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.accounts.set(sid, account);
    return account;
  }
}
