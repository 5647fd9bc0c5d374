import { EmulatedAccount } from '../api/account-state';
import { AccountRegistry } from '../api/account-registry';
import { CallbackSender } from './callbacks';
import { DebuggerEvents } from '../monitor/debugger-events';
import { MonitorAlertStore } from '../monitor/monitor-alerts';
import { EmulatorClock } from './clock';
import { FaultRegistry } from './faults';
import { LatencyRules } from './latency';
import { LookupOverrides } from '../lookup/lookup';
import { MessageLog } from '../api/messaging';
import { DEFAULT_SYNC_RATE_LIMITS, SyncRateLimiter } from '../sync/rate-limit';
import { RequestLog } from './request-log';
import { SyncDocumentStore } from '../sync/sync-documents';
import { SyncStore } from '../sync/sync-store';
import { VerifyRateLimitStore } from '../verify/verify-rate-limit-store';
import { VerifyStore } from '../verify/verify-store';
import { UsageLedger } from '../api/usage-ledger';
import { UsageMeter } from '../api/usage-meter';
import { UsageTriggerStore } from '../api/usage-triggers';
import { CallLog } from '../api/voice';
import { LogsRateLimiter } from '../serverless/serverless-logs';
import { ServerlessStore } from '../serverless/serverless-store';
import { MessagingGeoPermissionStore } from '../accounts/messaging-geo-permissions';
import { createApiKeyStore, type ApiKeyStore } from '../api/keys';
import { createIncomingNumberStore, type IncomingNumberStore } from '../api/incoming-numbers';
import { SendPermissions } from '../api/send-permissions';
import { SipStore } from '../api/sip-store';
import { createTrunkStore, type TrunkStore } from '../trunking/trunks';
import { DialingPermissionStore } from '../voice/dialing-permission-store';

/**
 * Everything the emulator holds in memory. Exposed on `RunningEmulator.state` so tests can look
 * inside (e.g. `state.calls.all()[0].timeLimit`) without going through HTTP.
 */
export interface EmulatorState {
  clock: EmulatorClock;
  /** When the emulator started (the emulated account's creation date). */
  startedAt: number;
  /** The switches the emulator was started with; reset returns to them. */
  initial: InitialSwitches;
  /** The account's numbers, services, type, Geo Permissions and opt-outs (one for every Account SID). */
  account: EmulatedAccount;
  /** Main accounts and subaccounts: tokens, statuses, who reaches whom. */
  accounts: AccountRegistry;
  /** Usage per account, category and GMT day. */
  usageLedger: UsageLedger;
  usageTriggers: UsageTriggerStore;
  /** Charges usage and fires Usage Triggers. */
  usage: UsageMeter;
  /** Outgoing callbacks (trigger firings, Debugger events) and their record. */
  callbacks: CallbackSender;
  monitorAlerts: MonitorAlertStore;
  /** Debugger webhooks and the events raised through the control API. */
  debuggerEvents: DebuggerEvents;
  sync: SyncStore;
  /** Sync Documents (the gate mode lives in one). */
  syncDocuments: SyncDocumentStore;
  syncRateLimits: SyncRateLimiter;
  verify: VerifyStore;
  /** Verify Service Rate Limits, their Buckets and the starts counted against them. */
  verifyRateLimits: VerifyRateLimitStore;
  lookupOverrides: LookupOverrides;
  /** Serverless Services, Environments and their function logs (npm start feeds them). */
  serverless: ServerlessStore;
  /** The Logs endpoint's 5 requests per second. */
  logsRateLimit: LogsRateLimiter;
  messages: MessageLog;
  calls: CallLog;
  /** Voice Dialing Permissions per account (voice.twilio.com). */
  dialingPermissions: DialingPermissionStore;
  /** Messaging Geo Permissions per account (accounts.twilio.com). */
  messagingGeoPermissions: MessagingGeoPermissionStore;
  /** Both geo permission tables, as sends and calls check them. */
  sendPermissions: SendPermissions;
  /** SIP IP ACLs, credential lists and domains (2010 API). */
  sip: SipStore;
  /** Elastic SIP Trunks (trunking.twilio.com). */
  trunks: TrunkStore;
  incomingNumbers: IncomingNumberStore;
  apiKeys: ApiKeyStore;
  faults: FaultRegistry;
  latency: LatencyRules;
  log: RequestLog;
}

/** The emulator's start-up switches (see `EmulatorOptions`). */
export interface InitialSwitches {
  syncRateLimits: boolean;
  strictCredentials: boolean;
  /** Lazy Sync item expiry: how long an expired item lingers (0: exact expiry). */
  syncExpiryGraceMs: number;
}

/** Creates fresh state with the given start-up switches. */
export function createEmulatorState(clock: EmulatorClock, initial: InitialSwitches): EmulatorState {
  const startedAt = clock.now();
  const accounts = new AccountRegistry(initial.strictCredentials);
  const sync = new SyncStore(startedAt);
  sync.setLazyExpiry(initial.syncExpiryGraceMs);
  const usageLedger = new UsageLedger();
  const usageTriggers = new UsageTriggerStore();
  const callbacks = new CallbackSender(() => clock.now());
  const monitorAlerts = new MonitorAlertStore();
  const dialingPermissions = new DialingPermissionStore();
  const messagingGeoPermissions = new MessagingGeoPermissionStore();
  return {
    clock,
    startedAt,
    initial,
    account: new EmulatedAccount(),
    accounts,
    usageLedger,
    usageTriggers,
    usage: new UsageMeter(usageLedger, usageTriggers, accounts, callbacks),
    callbacks,
    monitorAlerts,
    debuggerEvents: new DebuggerEvents(monitorAlerts, accounts, callbacks),
    sync,
    syncDocuments: new SyncDocumentStore(),
    syncRateLimits: new SyncRateLimiter(initial.syncRateLimits, { ...DEFAULT_SYNC_RATE_LIMITS }),
    verify: new VerifyStore(),
    verifyRateLimits: new VerifyRateLimitStore(),
    lookupOverrides: new LookupOverrides(),
    serverless: new ServerlessStore(),
    logsRateLimit: new LogsRateLimiter(),
    messages: new MessageLog(),
    calls: new CallLog(),
    dialingPermissions,
    messagingGeoPermissions,
    sendPermissions: new SendPermissions(dialingPermissions, messagingGeoPermissions, accounts),
    sip: new SipStore(),
    trunks: createTrunkStore(),
    incomingNumbers: createIncomingNumberStore(),
    apiKeys: createApiKeyStore(),
    faults: new FaultRegistry(),
    latency: new LatencyRules(),
    log: new RequestLog(),
  };
}

/**
 * Back to the emulator as it started: data, faults, latency, log, clock advance, and the Sync
 * rate limit and expiry switches and settings, and an unprovisioned account. The default Sync Service keeps its SID.
 */
export function resetEmulatorState(state: EmulatorState): void {
  state.clock.reset();
  state.account.reset();
  state.accounts.reset(state.initial.strictCredentials);
  state.usageLedger.reset();
  state.usageTriggers.reset();
  state.usage.reset();
  state.callbacks.reset();
  state.monitorAlerts.clear();
  state.debuggerEvents.reset();
  state.sync.reset();
  state.sync.setLazyExpiry(state.initial.syncExpiryGraceMs);
  state.syncDocuments.reset();
  state.syncRateLimits.configure(state.initial.syncRateLimits, { ...DEFAULT_SYNC_RATE_LIMITS });
  state.verify.reset();
  state.verifyRateLimits.reset();
  state.lookupOverrides.clear();
  state.serverless.reset();
  state.logsRateLimit.reset();
  state.messages.clear();
  state.calls.clear();
  state.dialingPermissions.reset();
  state.messagingGeoPermissions.reset();
  state.sip.reset();
  state.trunks.reset();
  state.incomingNumbers.reset();
  state.apiKeys.reset();
  state.faults.clear();
  state.latency.clear();
  state.log.reset();
}
