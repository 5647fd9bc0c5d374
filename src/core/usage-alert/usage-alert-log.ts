import type { LogFields, LogLevel } from '../log';
import { storeErrorReason } from '../throttle/store';
import { classifyTwilioError } from '../twilio';
import type { UsageAlertOutcome } from './handle-usage-alert';

function failureKind(error: unknown): string {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'api') return `twilio_${failure.status}${failure.code ? `_${failure.code}` : ''}`;
  if (failure.kind === 'transport') return failure.errno;
  return storeErrorReason(error);
}

/**
 * The log record of a callback: `usage.alert` at warn when something acted or was refused (an
 * operator must see it at the default level), info for a duplicate, error for a failure. Category
 * and values as Twilio sent them; no numbers, no secrets.
 */
export function usageAlertLog(outcome: UsageAlertOutcome): { level: Exclude<LogLevel, 'silent' | 'debug'>; event: string; fields: LogFields } {
  const { alert } = outcome;
  const base = {
    outcome: outcome.kind,
    accountSid: alert.accountSid,
    usageTriggerSid: alert.usageTriggerSid,
    usageCategory: alert.usageCategory,
    triggerBy: alert.triggerBy,
    triggerValue: alert.triggerValue,
    currentValue: alert.currentValue,
    recurring: alert.recurring,
  };
  switch (outcome.kind) {
    case 'duplicate':
      return { level: 'info', event: 'usage.alert', fields: base };
    case 'handled':
      return {
        level: 'warn',
        event: 'usage.alert',
        fields: { ...base, action: outcome.action, source: outcome.source, ...(outcome.mode ? { gateMode: outcome.mode.mode, until: outcome.mode.until } : {}) },
      };
    case 'refused':
      return {
        level: 'warn',
        event: 'usage.alert',
        fields: {
          ...base,
          action: outcome.action,
          source: outcome.source,
          reason: outcome.reason,
          note: outcome.reason === 'own_account' ? 'the gate never suspends the account it runs in' : 'the account is not a subaccount of the gate account',
        },
      };
    case 'failed':
      return { level: 'error', event: 'usage.alert', fields: { ...base, action: outcome.action, step: outcome.step, error: failureKind(outcome.error) } };
  }
}

/** The JSON answer: Twilio only needs a 200; the body helps a person testing with curl. */
export function usageAlertReplyBody(outcome: UsageAlertOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'duplicate':
      return { handled: false, duplicate: true };
    case 'handled':
      return { handled: true, action: outcome.action };
    case 'refused':
      return { handled: false, action: outcome.action, refused: outcome.reason };
    case 'failed':
      return { handled: false, failed: outcome.step };
  }
}
