import type { AccountControlSettings, AccountRecord, AccountRegistry, AccountStatus } from '../api/account-registry';
import { onlyKeys, requireBoolean, validated, type ControlHandler } from './control-kit';
import { rfc2822Date } from '../core/dates';
import type { EmulatorState } from '../core/state';

/** An account as `GET /__emulator/accounts` shows it (the token included: the control API is test-only). */
export interface AccountControlView {
  sid: string;
  ownerSid: string;
  friendlyName: string;
  /** The status set on the account itself. */
  status: AccountStatus;
  /** The status that applies (a suspended parent suspends its subaccounts). */
  effectiveStatus: AccountStatus;
  suspendedByTwilio: boolean;
  authToken: string | null;
  dateCreated: string;
}

function view(account: AccountRecord, registry: AccountRegistry): AccountControlView {
  return {
    sid: account.sid,
    ownerSid: account.ownerSid,
    friendlyName: account.friendlyName,
    status: account.status,
    effectiveStatus: registry.effectiveStatus(account.sid),
    suspendedByTwilio: account.suspendedByTwilio,
    authToken: account.authToken,
    dateCreated: rfc2822Date(account.dateCreated),
  };
}

/**
 * Control routes for accounts and credentials: list accounts with their tokens, set an account's
 * token / name / status as Twilio itself would (creating a main account), and switch
 * strict-credentials mode.
 */
export function accountControlRoutes(state: EmulatorState): Record<string, ControlHandler> {
  const registry = state.accounts;
  return {
    'GET /accounts': () => ({ body: { strictCredentials: registry.strict, accounts: registry.all().map((a) => view(a, registry)) } }),
    'POST /accounts': ({ body }) => {
      const endpoint = 'POST /__emulator/accounts';
      onlyKeys(endpoint, body, ['sid', 'authToken', 'friendlyName', 'status']);
      const account = validated(endpoint, () => registry.configure(body as unknown as AccountControlSettings, state.clock.now()));
      return { body: { account: view(account, registry) } };
    },
    'GET /credentials': () => ({ body: { strict: registry.strict } }),
    'POST /credentials': ({ body }) => {
      onlyKeys('POST /__emulator/credentials', body, ['strict']);
      registry.setStrict(requireBoolean('POST /__emulator/credentials', body, 'strict'));
      return { body: { strict: registry.strict } };
    },
  };
}
