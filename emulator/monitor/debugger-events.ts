import type { AccountRegistry } from '../api/account-registry';
import type { CallbackDelivery, CallbackSender } from '../core/callbacks';
import { isoDate } from '../core/dates';
import { isSid } from '../core/ids';
import { ALERT_LEVELS, type AlertLevel, type MonitorAlert, type MonitorAlertStore } from './monitor-alerts';

/** What `POST /__emulator/debugger/events` raises: one debugger event of an account. */
export interface DebuggerEventInput {
  accountSid: string;
  /** Twilio error code, e.g. `32201`. */
  errorCode: string | number;
  /** The resource the error is about: a trunk (`TK`), SIP domain (`SD`), call (`CA`), ... */
  resourceSid?: string | null;
  serviceSid?: string | null;
  /** Default `error`. */
  level?: AlertLevel;
  /** Extra `Payload.more_info` fields (their SIP contents are unverified: keep them minimal). */
  moreInfo?: Record<string, unknown>;
}

/** The Debugger webhook of an account (a console-only setting on real Twilio). */
export interface DebuggerWebhook {
  accountSid: string;
  url: string;
  method: 'GET' | 'POST';
}

/** What raising an event produced: the alert, and the webhook delivery if a webhook applied. */
export interface RaisedDebuggerEvent {
  alert: MonitorAlert;
  delivery: CallbackDelivery | null;
}

const SID_LIKE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** Validates an event; throws an Error naming the bad field. */
export function parseDebuggerEvent(input: DebuggerEventInput): Required<DebuggerEventInput> & { errorCode: string } {
  if (typeof input.accountSid !== 'string' || !isSid(input.accountSid, 'AC')) throw new Error('accountSid must be "AC" + 32 hex digits');
  const errorCode = String(input.errorCode ?? '');
  if (!/^\d{5}$/.test(errorCode)) throw new Error('errorCode must be a five-digit Twilio error code such as 32201');
  for (const key of ['resourceSid', 'serviceSid'] as const) {
    const value = input[key];
    if (value !== undefined && value !== null && (typeof value !== 'string' || !SID_LIKE.test(value))) throw new Error(`${key} must be a SID (two letters + 32 hex digits) or null`);
  }
  const level = input.level ?? 'error';
  if (!ALERT_LEVELS.includes(level)) throw new Error(`level must be one of ${ALERT_LEVELS.join(', ')}`);
  const moreInfo = input.moreInfo ?? {};
  if (typeof moreInfo !== 'object' || moreInfo === null || Array.isArray(moreInfo)) throw new Error('moreInfo must be a JSON object');
  return { accountSid: input.accountSid, errorCode, resourceSid: input.resourceSid ?? null, serviceSid: input.serviceSid ?? null, level, moreInfo };
}

/**
 * Debugger events: each one becomes a Monitor Alert and, when a Debugger webhook applies, a
 * form POST like Twilio's (`Sid`, `AccountSid`, `ParentAccountSid` for subaccounts, `Timestamp`,
 * `Level`, `PayloadType`, `Payload` JSON) signed with the event account's token. A subaccount's
 * event goes to its own webhook, else to its parent's (inferred: Twilio documents
 * `ParentAccountSid` but not which console setting receives subaccount events).
 */
export class DebuggerEvents {
  private readonly webhooks = new Map<string, DebuggerWebhook>();

  constructor(
    private readonly alerts: MonitorAlertStore,
    private readonly accounts: AccountRegistry,
    private readonly callbacks: CallbackSender,
  ) {}

  /** Sets (or, with a null URL, removes) an account's Debugger webhook. */
  setWebhook(accountSid: string, url: string | null, method: 'GET' | 'POST' = 'POST'): void {
    if (url === null) this.webhooks.delete(accountSid);
    else this.webhooks.set(accountSid, { accountSid, url, method });
  }

  listWebhooks(): DebuggerWebhook[] {
    return [...this.webhooks.values()];
  }

  reset(): void {
    this.webhooks.clear();
  }

  /** Records the event as an alert and delivers it to the applicable webhook, if any. */
  async raise(input: ReturnType<typeof parseDebuggerEvent>, now: number): Promise<RaisedDebuggerEvent> {
    const alert = this.alerts.record(
      { accountSid: input.accountSid, errorCode: input.errorCode, logLevel: input.level, resourceSid: input.resourceSid, serviceSid: input.serviceSid, requestMethod: null, requestUrl: null, dateGenerated: now },
      now,
    );
    const parent = this.accounts.parentOf(input.accountSid);
    const webhook = this.webhooks.get(input.accountSid) ?? (parent === null ? undefined : this.webhooks.get(parent));
    // The Debugger webhook carries Error and Warning events only.
    if (webhook === undefined || (input.level !== 'error' && input.level !== 'warning')) return { alert, delivery: null };
    const params: Record<string, string> = {
      Sid: alert.sid,
      AccountSid: input.accountSid,
      ...(parent === null ? {} : { ParentAccountSid: parent }),
      Timestamp: isoDate(now),
      Level: input.level === 'warning' ? 'Warning' : 'Error',
      PayloadType: 'application/json',
      Payload: JSON.stringify({
        resource_sid: input.resourceSid,
        service_sid: input.serviceSid,
        error_code: input.errorCode,
        more_info: input.moreInfo,
        webhook: { type: 'application/json', request: { url: null, method: null, headers: {}, parameters: {} }, response: { status_code: null, headers: {}, body: null } },
      }),
    };
    const delivery = await this.callbacks.deliver({
      kind: 'debugger',
      url: webhook.url,
      method: webhook.method,
      params,
      signingAccountSid: input.accountSid,
      authToken: this.accounts.tokenOf(input.accountSid),
    });
    return { alert, delivery };
  }
}
