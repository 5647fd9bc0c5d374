import type { RequestParams } from './params';

/** Whether a webhook came for one of the gate's accounts, and if not, why (a stable word for the log). */
export type WebhookAccountDecision = { allowed: true } | { allowed: false; reason: 'account_missing' | 'account_not_allowed' | 'own_account_unknown' };

/**
 * Defence in depth for the webhooks: Twilio signs them, but a function deployed public by mistake
 * (or a signature check switched off) would take any request. A webhook's `AccountSid` must be
 * the deployment's own account (`ACCOUNT_SID`, set by Twilio for a deployed service) or one of
 * the accounts listed in `GATE_WEBHOOK_ACCOUNT_SIDS` (subaccounts whose numbers point here: a
 * function cannot tell a subaccount from a stranger without an API request per webhook, so the
 * operator lists them). Anything else is refused.
 *
 * @example
 * checkWebhookAccount({ AccountSid: 'AC…' }, 'AC…', []) // { allowed: true }
 */
export function checkWebhookAccount(params: RequestParams, ownAccountSid: string | undefined, extraAccountSids: readonly string[]): WebhookAccountDecision {
  if (!ownAccountSid) return { allowed: false, reason: 'own_account_unknown' };
  const accountSid = params.AccountSid;
  if (typeof accountSid !== 'string' || accountSid === '') return { allowed: false, reason: 'account_missing' };
  if (accountSid === ownAccountSid || extraAccountSids.includes(accountSid)) return { allowed: true };
  return { allowed: false, reason: 'account_not_allowed' };
}
