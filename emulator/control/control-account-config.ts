import { ControlError, onlyKeys, requireBoolean, validated, type ControlHandler } from './control-kit';
import { seedMessyAccount } from './messy-account';
import { countryByIso } from '../core/countries';
import { isSid } from '../core/ids';
import type { EmulatorState } from '../core/state';

/** The local account `npm start` provisions (kept equal to LOCAL_ACCOUNT.accountSid). */
const DEFAULT_SCENARIO_ACCOUNT = `AC${'0'.repeat(31)}1`;

/**
 * The account configuration the account guard reads and writes, as one JSON value: geo
 * permissions, usage triggers, numbers, SIP, trunks, keys and account statuses. Tests compare it
 * before and after `harden` and its undo.
 */
export function accountConfigSnapshot(state: EmulatorState): Record<string, unknown> {
  return {
    accounts: state.accounts.all().map((a) => ({ sid: a.sid, ownerSid: a.ownerSid, status: a.status })),
    dialingPermissions: state.dialingPermissions.snapshot(),
    messagingGeoPermissions: state.messagingGeoPermissions.snapshot(),
    usageTriggers: state.accounts.all().flatMap((a) => state.usageTriggers.forAccount(a.sid)),
    incomingNumbers: state.incomingNumbers.snapshot(),
    sip: state.sip.snapshot(),
    trunks: state.trunks.snapshot(),
    apiKeys: state.apiKeys.snapshot(),
  };
}

/**
 * Control routes for account configuration: seed the messy-account scenario, read the whole
 * account configuration, and change a Messaging Geo Permission as the console does (the only way
 * to change the 11 high-risk countries).
 */
export function accountConfigControlRoutes(state: EmulatorState): Record<string, ControlHandler> {
  return {
    'POST /scenarios/messy-account': ({ body }) => {
      const endpoint = 'POST /__emulator/scenarios/messy-account';
      onlyKeys(endpoint, body, ['accountSid', 'gateUrl', 'authToken']);
      const accountSid = body.accountSid ?? DEFAULT_SCENARIO_ACCOUNT;
      if (typeof accountSid !== 'string' || !isSid(accountSid, 'AC')) throw new ControlError(400, `${endpoint}: accountSid must be "AC" + 32 hex digits`);
      const gateUrl = body.gateUrl ?? 'http://127.0.0.1:3000';
      if (typeof gateUrl !== 'string' || !/^https?:\/\/[^/\s]+$/.test(gateUrl)) throw new ControlError(400, `${endpoint}: gateUrl must be the gate's base URL, e.g. https://gatekeeper-1234-dev.twil.io`);
      if (body.authToken !== undefined && typeof body.authToken !== 'string') throw new ControlError(400, `${endpoint}: authToken must be a string`);
      const manifest = validated(endpoint, () => seedMessyAccount(state, { accountSid, gateUrl, authToken: body.authToken as string | undefined }));
      return { status: 201, body: { scenario: 'messy-account', manifest } };
    },
    'GET /account-config': () => ({ body: accountConfigSnapshot(state) }),
    'POST /messaging-geo-permissions': ({ body }) => {
      const endpoint = 'POST /__emulator/messaging-geo-permissions';
      onlyKeys(endpoint, body, ['accountSid', 'country', 'enabled']);
      if (typeof body.accountSid !== 'string' || !isSid(body.accountSid, 'AC')) throw new ControlError(400, `${endpoint}: accountSid must be "AC" + 32 hex digits`);
      const country = typeof body.country === 'string' ? body.country.toUpperCase() : '';
      if (!countryByIso(country)) throw new ControlError(400, `${endpoint}: country must be an ISO country code such as PK`);
      state.messagingGeoPermissions.set(body.accountSid, country, requireBoolean(endpoint, body, 'enabled'));
      return { body: { accountSid: body.accountSid, country, enabled: state.messagingGeoPermissions.enabled(body.accountSid, country) } };
    },
  };
}
