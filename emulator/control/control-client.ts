import type { MessyAccountManifest } from './messy-account';
import type { AccountSettings, AccountView } from '../api/account-state';
import type { AccountControlSettings } from '../api/account-registry';
import type { AccountControlView } from './control-accounts';
import type { CallbackDelivery } from '../core/callbacks';
import type { DebuggerEventInput, DebuggerWebhook } from '../monitor/debugger-events';
import type { UsageTotals } from '../api/usage-ledger';
import type { UsageFiringConfig } from '../api/usage-meter';
import type { FaultKind, FaultView } from '../core/faults';
import type { RecordedMessage } from '../api/messaging';
import type { RecordedCall } from '../api/voice';
import type { LatencySpec, LatencyView } from '../core/latency';
import type { LookupOverride } from '../lookup/lookup';
import type { SyncRateLimitConfig } from '../sync/rate-limit';
import type { RequestLogSnapshot } from '../core/request-log';

/** A verification as `GET /__emulator/verify/codes` lists it. */
export interface VerificationCodeView {
  sid: string;
  serviceSid: string;
  channel: string;
  status: string;
  code: string;
  sendCount: number;
  checkAttempts: number;
  dateCreated: string;
}

/** A recorded call as `GET /__emulator/calls` lists it: the emulator's record, with its time as ISO 8601. */
export type RecordedCallView = Omit<RecordedCall, 'dateCreated'> & { dateCreated: string };

/** A recorded message as `GET /__emulator/messages` lists it. */
export type RecordedMessageView = Omit<RecordedMessage, 'dateCreated'> & { dateCreated: string };

/** Latency to inject: fixed, or uniform in [minMs, maxMs]; optionally for one route selector only. */
export type LatencyOptions = LatencySpec;

/** Thrown when the control API answers with an error. */
export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorControlError';
  }
}

/**
 * A typed client for the emulator's control API (`/__emulator/...`), for tests and benchmarks
 * that run the emulator in this process or another one.
 *
 * @example
 * const control = new EmulatorControl(emulator.url);
 * await control.injectFault({ route: 'POST /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: 'conflict' });
 * const log = await control.requestLog();
 */
export class EmulatorControl {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Back to the emulator as it started (data, faults, latency, log, clock, rate limit settings). */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  async health(): Promise<boolean> {
    const body = await this.call<{ ok: boolean }>('GET', '/health');
    return body.ok;
  }

  /** The emulated API routes, named as the request log names them. */
  async routes(): Promise<string[]> {
    return (await this.call<{ routes: string[] }>('GET', '/routes')).routes;
  }

  async setLatency(options: LatencyOptions): Promise<LatencyView[]> {
    return (await this.call<{ rules: LatencyView[] }>('POST', '/latency', options)).rules;
  }

  async clearLatency(): Promise<void> {
    await this.call('DELETE', '/latency');
  }

  /**
   * Registers a fault; `route` is `"<METHOD> <path glob or /regex/>"`, `count` defaults to 1.
   * `twilio-error` needs `status` and `code`; `params` limits any kind to requests carrying
   * those form parameters.
   */
  async injectFault(fault: { route: string; kind: FaultKind; count?: number; status?: number; code?: number; params?: Record<string, string> }): Promise<FaultView> {
    return (await this.call<{ fault: FaultView }>('POST', '/faults', fault)).fault;
  }

  async faults(): Promise<FaultView[]> {
    return (await this.call<{ faults: FaultView[] }>('GET', '/faults')).faults;
  }

  /** Removes every fault and releases requests parked by `hang`. */
  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  async requestLog(): Promise<RequestLogSnapshot> {
    return this.call<RequestLogSnapshot>('GET', '/log');
  }

  async resetLog(): Promise<void> {
    await this.call('POST', '/log/reset');
  }

  /** Switches the Sync per-Map rate limit; omitted settings return to Twilio's 20/s, 10 s burst. */
  async setSyncRateLimits(enabled: boolean, options: Partial<SyncRateLimitConfig> = {}): Promise<SyncRateLimitConfig & { enabled: boolean }> {
    return this.call('POST', '/sync-rate-limits', { enabled, ...options });
  }

  /**
   * Empties every Map's read and write buckets (and those of Maps first used later), so load runs
   * at Sync's sustained 20/s per Map instead of starting with a fresh 200-request burst.
   */
  async drainBuckets(): Promise<void> {
    await this.call('POST', '/sync-rate-limits/drain');
  }

  /**
   * Lazy Sync item expiry: an expired item stays readable and its key taken (create answers 54208)
   * for `graceMs` milliseconds; 0 returns to exact expiry.
   */
  async setSyncExpiryGrace(graceMs: number): Promise<{ graceMs: number }> {
    return this.call('POST', '/sync-expiry', { graceMs });
  }

  /** The pending verification code sent to `to` (E.164 number or email), or null. */
  async verificationCode(to: string): Promise<string | null> {
    return (await this.verificationCodes(to)).code;
  }

  /** Every verification sent to `to`, newest first, and the pending code. */
  async verificationCodes(to: string): Promise<{ to: string; code: string | null; verifications: VerificationCodeView[] }> {
    return this.call('GET', `/verify/codes?to=${encodeURIComponent(to)}`);
  }

  /** Sets (or merges into) the Lookup answer for one number. */
  async setLookupOverride(override: LookupOverride): Promise<LookupOverride> {
    return (await this.call<{ override: LookupOverride }>('POST', '/lookup/overrides', override)).override;
  }

  /** Moves the emulator clock forward (TTL expiry, verification expiry, rate limit refill). */
  async advanceClock(ms: number): Promise<number> {
    return (await this.call<{ epochMs: number }>('POST', '/clock', { advanceMs: ms })).epochMs;
  }

  /**
   * Provisions the emulated account: owned numbers (then only they may send), verified numbers,
   * Messaging Services, `Trial` or `Full`, countries whose Geo Permissions are off, opt-outs.
   * Each given field replaces the current one.
   */
  async configureAccount(settings: AccountSettings): Promise<AccountView> {
    return (await this.call<{ account: AccountView }>('POST', '/account', settings)).account;
  }

  async account(): Promise<AccountView> {
    return (await this.call<{ account: AccountView }>('GET', '/account')).account;
  }

  /** Every account the emulator knows (main accounts and subaccounts), with tokens. */
  async accounts(): Promise<AccountControlView[]> {
    return (await this.call<{ accounts: AccountControlView[] }>('GET', '/accounts')).accounts;
  }

  /**
   * Sets an account's token, name or status as Twilio itself would, creating a main account if
   * the SID is new (e.g. to give the main account a token before strict credentials are on).
   */
  async setAccount(settings: AccountControlSettings): Promise<AccountControlView> {
    return (await this.call<{ account: AccountControlView }>('POST', '/accounts', settings)).account;
  }

  /** Switches strict-credentials mode: only known accounts, with their own token, authenticate. */
  async setStrictCredentials(strict: boolean): Promise<boolean> {
    return (await this.call<{ strict: boolean }>('POST', '/credentials', { strict })).strict;
  }

  async strictCredentials(): Promise<boolean> {
    return (await this.call<{ strict: boolean }>('GET', '/credentials')).strict;
  }

  /**
   * Adds usage to an account's category (also its parent categories, and its price to
   * `totalprice`), firing the Usage Triggers it makes cross. Answers the category's all-time total.
   */
  async addUsage(usage: { accountSid: string; category: string } & Partial<UsageTotals>): Promise<UsageTotals> {
    return (await this.call<{ total: UsageTotals }>('POST', '/usage', usage)).total;
  }

  /** An account's own all-time usage per category. */
  async usage(accountSid: string): Promise<Record<string, UsageTotals>> {
    return (await this.call<{ usage: Record<string, UsageTotals> }>('GET', `/usage?accountSid=${encodeURIComponent(accountSid)}`)).usage;
  }

  /** Sets the firing delay, the signing account and the subaccount scope of Usage Triggers. */
  async configureUsageFiring(config: Partial<UsageFiringConfig>): Promise<UsageFiringConfig> {
    return this.call('POST', '/usage/config', config);
  }

  async usageFiringConfig(): Promise<UsageFiringConfig> {
    return this.call('GET', '/usage/config');
  }

  /** Delivers a trigger's last firing again (same fields and IdempotencyToken); resolves once answered. */
  async redeliverTrigger(triggerSid: string): Promise<CallbackDelivery> {
    return (await this.call<{ delivery: CallbackDelivery }>('POST', '/usage/redeliver', { triggerSid })).delivery;
  }

  /** Every callback the emulator made or refused (trigger firings, Debugger events), oldest first. */
  async callbacks(): Promise<CallbackDelivery[]> {
    return (await this.call<{ callbacks: CallbackDelivery[] }>('GET', '/callbacks')).callbacks;
  }

  /** Sets an account's Debugger webhook (a loopback URL), or removes it with `url: null`. */
  async setDebuggerWebhook(accountSid: string, url: string | null, method: 'GET' | 'POST' = 'POST'): Promise<DebuggerWebhook[]> {
    return (await this.call<{ webhooks: DebuggerWebhook[] }>('POST', '/debugger/webhook', { accountSid, url, method })).webhooks;
  }

  async debuggerWebhooks(): Promise<DebuggerWebhook[]> {
    return (await this.call<{ webhooks: DebuggerWebhook[] }>('GET', '/debugger/webhook')).webhooks;
  }

  /**
   * Raises a debugger event: records a Monitor Alert and, when a Debugger webhook applies, POSTs
   * it signed with the account's token. Resolves once the webhook answered (delivery null if none).
   */
  async raiseDebuggerEvent(event: DebuggerEventInput): Promise<{ alertSid: string; delivery: CallbackDelivery | null }> {
    return this.call('POST', '/debugger/events', event);
  }

  /** Feeds function log lines into an Environment's Serverless logs (what `npm start` does). */
  async feedLogs(serviceSid: string, environmentSid: string, lines: { function: string; message: string; level?: string; requestSid?: string }[]): Promise<number> {
    return (await this.call<{ stored: number }>('POST', '/serverless/logs', { serviceSid, environmentSid, lines })).stored;
  }

  /** Seeds the messy-account scenario (one of each problem the account guard finds) and returns what it made. */
  async seedMessyAccount(options: { accountSid?: string; gateUrl?: string; authToken?: string } = {}): Promise<MessyAccountManifest> {
    return (await this.call<{ manifest: MessyAccountManifest }>('POST', '/scenarios/messy-account', options)).manifest;
  }

  /** The account configuration the account guard reads and writes, as one comparable value. */
  async accountConfig(): Promise<Record<string, unknown>> {
    return this.call('GET', '/account-config');
  }

  /** Changes a Messaging Geo Permission as the console does (high-risk countries included). */
  async setMessagingGeoPermission(accountSid: string, country: string, enabled: boolean): Promise<void> {
    await this.call('POST', '/messaging-geo-permissions', { accountSid, country, enabled });
  }

  async messages(): Promise<RecordedMessageView[]> {
    return (await this.call<{ messages: RecordedMessageView[] }>('GET', '/messages')).messages;
  }

  async calls(): Promise<RecordedCallView[]> {
    return (await this.call<{ calls: RecordedCallView[] }>('GET', '/calls')).calls;
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const request = () =>
      fetch(`${this.baseUrl}/__emulator${path}`, {
        method,
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A pooled connection the server closed while it sat idle fails the one request that picks it
    // up ("fetch failed", reset); control requests are safe to send again on a new connection.
    const response = await request().catch((error: unknown) => {
      const reset = (error as { cause?: { code?: unknown } }).cause?.code === 'ECONNRESET';
      if (!reset) throw error;
      return request();
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : {};
    } catch {
      throw new EmulatorControlError(response.status, `emulator control ${method} ${path}: answer is not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const message = (parsed as { error?: unknown }).error;
      throw new EmulatorControlError(response.status, `emulator control ${method} ${path}: ${typeof message === 'string' ? message : response.statusText}`);
    }
    return parsed as T;
  }
}
