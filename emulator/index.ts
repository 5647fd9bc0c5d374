/**
 * The local Twilio REST API emulator: a test bed the real `twilio` library talks real HTTP to.
 * See docs/emulator.md.
 */
export { startEmulator, EMULATOR_HOST, type EmulatorOptions, type RunningEmulator } from './core/server';
export type { EmulatorState } from './core/state';
export { EmulatorControl } from './control/control-client';
export type { RequestLogEntry, RequestLogSnapshot } from './core/request-log';
export type { FaultKind, FaultSpec, FaultView } from './core/faults';
export type { LatencySpec, LatencyView } from './core/latency';
export type { LookupOverride } from './lookup/lookup';
export type { SyncRateLimitConfig } from './sync/rate-limit';
export type { RecordedMessage } from './api/messaging';
export type { RecordedCall } from './api/voice';
export type { AccountSettings, AccountType, AccountView, OptOut } from './api/account-state';
export type { AccountControlSettings, AccountStatus } from './api/account-registry';
export type { AccountControlView } from './control/control-accounts';
export type { CallbackDelivery, CallbackKind } from './core/callbacks';
export type { UsageTotals } from './api/usage-ledger';
export type { UsageFiringConfig } from './api/usage-meter';
export type { DebuggerEventInput, DebuggerWebhook } from './monitor/debugger-events';
export type { AlertLevel } from './monitor/monitor-alerts';
