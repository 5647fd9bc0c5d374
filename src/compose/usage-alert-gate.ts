import type { GateConfig } from '../core/config';
import type twilio from 'twilio';
import { createTtlCache, type TtlCache } from '../core/number-list/ttl-cache';
import type { RequestParams } from '../core/http/params';
import { classifyTwilioError } from '../core/twilio';
import { assertAlertSignature, createUsageAlertPorts, functionUrl, handleUsageAlert, SUBACCOUNT_TOKEN_CACHE_MS, type UsageAlert, type UsageAlertOutcome } from '../core/usage-alert';
import type { GateRuntime } from '../core/gate/gate-runtime';

/**
 * Handles a Usage Trigger callback with the runtime's client, Sync service, secret and mode store.
 * After a mode switch this instance forgets its cached mode, so its own next decision follows at once.
 */
export async function runUsageAlert(runtime: GateRuntime, config: GateConfig, alert: UsageAlert): Promise<UsageAlertOutcome> {
  const ports = createUsageAlertPorts({
    client: runtime.client,
    serviceSid: config.syncServiceSid,
    secret: config.hashSecret as string,
    modeStore: runtime.gateModeStore,
    now: runtime.now,
  });
  const outcome = await handleUsageAlert(alert, { rules: runtime.policy.policy.usageAlerts, gateAccountSid: config.accountSid ?? '', now: runtime.now, ports });
  if (outcome.kind === 'handled' && outcome.mode) runtime.gateMode.forget();
  return outcome;
}

/** Subaccount tokens per warm runtime: a burst of callbacks costs one account read. */
const tokenCaches = new WeakMap<GateRuntime, TtlCache<string | null>>();

/** A subaccount's token as the gate's credentials read it (`auth_token` of the account), or null when it is not the gate's subaccount. */
async function readSubaccountToken(client: twilio.Twilio, gateAccountSid: string, accountSid: string): Promise<string | null> {
  try {
    const account = await client.api.v2010.accounts(accountSid).fetch();
    return account.ownerAccountSid === gateAccountSid && account.sid !== gateAccountSid ? account.authToken : null;
  } catch (error) {
    // Not an account the gate's credentials may read: no token of its own to check against.
    const failure = classifyTwilioError(error);
    if (failure.kind === 'api' && [401, 403, 404].includes(failure.status)) return null;
    throw error;
  }
}

/**
 * `usage/alert-sub`: checks the callback's signature (the subaccount's token, then the gate's),
 * then handles it like `usage/alert`. `url` is the function's own URL, which Twilio signed.
 */
export async function runSignedUsageAlert(
  runtime: GateRuntime,
  config: GateConfig,
  request: { alert: UsageAlert; params: RequestParams; signature: string | undefined; domainName: string | undefined; path: string; authToken: string | undefined },
): Promise<UsageAlertOutcome> {
  let cache = tokenCaches.get(runtime);
  if (!cache) tokenCaches.set(runtime, (cache = createTtlCache<string | null>({ ttlMs: SUBACCOUNT_TOKEN_CACHE_MS, now: runtime.now })));
  const tokens = cache;
  const gateAccountSid = config.accountSid ?? '';
  // Loaded only here: the library is large, and only this function checks signatures itself.
  const { validateRequest } = require('twilio') as typeof import('twilio');
  await assertAlertSignature({
    signature: request.signature,
    url: functionUrl(request.domainName, request.path) ?? '',
    params: request.params,
    accountSid: request.alert.accountSid,
    gateAccountSid,
    gateAuthToken: request.authToken,
    subaccounts: config.webhookAccountSids,
    subaccountToken: async (sid) => (await tokens.get(sid, () => readSubaccountToken(runtime.client, gateAccountSid, sid))).value,
    validate: (token, signature, url, params) => validateRequest(token, signature, url, params),
  });
  return runUsageAlert(runtime, config, request.alert);
}
