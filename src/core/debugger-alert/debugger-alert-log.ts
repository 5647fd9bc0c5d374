import type { LogFields, LogLevel } from '../log';
import { resourceKind, type DebuggerAlertProblem } from './debugger-alert-request';
import type { DebuggerAlertOutcome } from './handle-debugger-alert';

const BYPASS_NOTE = 'traffic through a SIP trunk or domain does not pass through the gate: lock it with IP ACLs, credentials and geo permissions (gatekeeper audit)';

/**
 * The log record of an alert: `debugger.alert`, warn when a burst tripped (an operator must see it
 * at the default level), info otherwise. Error code, resource SID and counts; never the payload.
 */
export function debuggerAlertLog(outcome: DebuggerAlertOutcome): { level: Exclude<LogLevel, 'silent' | 'debug'>; event: string; fields: LogFields } {
  const { alert } = outcome;
  const kind = resourceKind(alert.resourceSid);
  const base = {
    outcome: outcome.kind,
    errorCode: alert.errorCode,
    resourceSid: alert.resourceSid,
    resource: kind,
    accountSid: alert.accountSid,
    parentAccountSid: alert.parentAccountSid,
    alertSid: alert.sid,
    ...(kind === 'trunk' || kind === 'sip-domain' ? { note: BYPASS_NOTE } : {}),
  };
  if (outcome.kind === 'ignored') return { level: 'info', event: 'debugger.alert', fields: base };
  const rule = { threshold: outcome.rule.threshold, per: outcome.rule.per, action: outcome.rule.action };
  if (outcome.kind === 'counted') return { level: 'info', event: 'debugger.alert', fields: { ...base, rule, counted: outcome.count.counted, overThreshold: outcome.count.over } };
  const deny = outcome.deny && (outcome.deny.kind === 'denied' ? { denied: outcome.deny.prefix, forSeconds: outcome.deny.forSeconds } : { notDenied: outcome.deny.kind });
  return {
    level: outcome.modeError ? 'error' : 'warn',
    event: 'debugger.alert',
    fields: { ...base, rule, gateMode: outcome.mode?.mode, modeFailed: outcome.modeError ? true : undefined, deny },
  };
}

/** The log record of a delivery that could not be read. */
export function malformedDebuggerAlertLog(problem: DebuggerAlertProblem): { level: 'warn'; event: string; fields: LogFields } {
  return { level: 'warn', event: 'debugger.alert', fields: { outcome: 'malformed', problem } };
}
