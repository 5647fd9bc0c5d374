/**
 * The local Twilio REST API emulator: a test bed the real `twilio` library talks real HTTP to.
 * See docs/emulator.md.
 */
export { startEmulator, EMULATOR_HOST, type EmulatorOptions, type RunningEmulator } from './server';
export type { EmulatorState } from './state';
export { EmulatorControl } from './control-client';
export type { RequestLogEntry, RequestLogSnapshot } from './request-log';
export type { FaultKind, FaultSpec, FaultView } from './faults';
export type { LatencySpec, LatencyView } from './latency';
export type { LookupOverride } from './lookup';
export type { SyncRateLimitConfig } from './rate-limit';
export type { RecordedMessage } from './messaging';
export type { RecordedCall } from './voice';
export type { AccountSettings, AccountType, AccountView, OptOut } from './account-state';
export type { AccountControlSettings, AccountStatus } from './account-registry';
export type { AccountControlView } from './control-accounts';
export type { CallbackDelivery, CallbackKind } from './callbacks';
export type { UsageTotals } from './usage-ledger';
export type { UsageFiringConfig } from './usage-meter';
export type { DebuggerEventInput, DebuggerWebhook } from './debugger-events';
export type { AlertLevel } from './monitor-alerts';
