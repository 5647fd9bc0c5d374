import { GateError } from '../http/gate-error';
import type { RequestParams } from '../http/params';

/** How long an instance keeps a subaccount's token after reading it: a rotation is seen within this. */
export const SUBACCOUNT_TOKEN_CACHE_MS = 5 * 60_000;

/** What a signature check needs from the outside. */
export interface AlertSignatureInput {
  /** `X-Twilio-Signature` as received. */
  signature: string | undefined;
  /** The URL Twilio signed: the trigger's CallbackUrl (this function's own URL). */
  url: string;
  params: RequestParams;
  /** The account the callback says it is about. */
  accountSid: string;
  gateAccountSid: string;
  gateAuthToken: string | undefined;
  /** Subaccounts whose callbacks the gate serves (`GATE_WEBHOOK_ACCOUNT_SIDS`). */
  subaccounts: readonly string[];
  /** A subaccount's token, read with the gate's credentials (cached by the caller). */
  subaccountToken(accountSid: string): Promise<string | null>;
  /** Twilio's own check (`twilio.validateRequest`). */
  validate(token: string, signature: string, url: string, params: Record<string, unknown>): boolean;
}

/** The URL a function is reached at: `https://` on Twilio, `http://` on a loopback dev server. */
export function functionUrl(domainName: string | undefined, path: string): string | undefined {
  if (!domainName) return undefined;
  const loopback = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(domainName);
  return `${loopback ? 'http' : 'https'}://${domainName}${path}`;
}

const forbidden = (reason: string) =>
  new GateError('ERR_GATE_SIGNATURE_INVALID', 'This request is not signed by Twilio for an account this gate serves.', { logDetail: { event: 'usage.alert', reason } });

/**
 * Checks `X-Twilio-Signature` the way the platform does for `.protected` functions, for the
 * callbacks it cannot check: a Usage Trigger on a subaccount is signed with the subaccount's token
 * (inferred: account-protection.md), which the platform would reject. Only the gate's own account
 * and the subaccounts of `GATE_WEBHOOK_ACCOUNT_SIDS` are served (no API request is spent on any
 * other account a forger names); the subaccount's token is tried first, then the gate's, so both
 * signing conventions work. Throws a 403 otherwise.
 */
export async function assertAlertSignature(input: AlertSignatureInput): Promise<void> {
  if (!input.signature) throw forbidden('signature_missing');
  const own = input.accountSid === input.gateAccountSid;
  if (!own && !input.subaccounts.includes(input.accountSid)) throw forbidden('account_not_served');
  const params = { ...input.params };
  const tokens = [own ? undefined : await input.subaccountToken(input.accountSid), input.gateAuthToken].filter((token): token is string => Boolean(token));
  if (tokens.length === 0) throw forbidden('no_token');
  if (!tokens.some((token) => input.validate(token, input.signature as string, input.url, params))) throw forbidden('signature_invalid');
}
