import { GateError } from '../http/gate-error';
import type { RequestParams } from '../http/params';

/**
 * A Usage Trigger callback as Twilio posts it. Only `AccountSid` and `UsageTriggerSid` are relied
 * on: the field set is not in any spec (account-protection.md), so every other field is optional,
 * kept as the string it was, and never trusted for a decision.
 */
export interface UsageAlert {
  accountSid: string;
  usageTriggerSid: string;
  idempotencyToken?: string;
  usageCategory?: string;
  triggerBy?: string;
  triggerValue?: string;
  currentValue?: string;
  recurring?: string;
  dateFired?: string;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const TRIGGER_SID = /^UT[0-9a-f]{32}$/;
/**
 * The optional fields and the shape each must have to be kept; anything else is dropped, not cut
 * (a cut value would mislead). The shapes also keep the log clean: these fields are logged, and a
 * hostile "value" could otherwise carry a phone number or text into the log. Values are amounts
 * and counts, so 7 integer digits (ten million) is plenty and never a dialable number.
 */
const OPTIONAL_FIELDS = {
  idempotencyToken: ['IdempotencyToken', /^[\x21-\x7e]{1,128}$/],
  usageCategory: ['UsageCategory', /^(?!.*\d{4})[a-z][a-z0-9-]{0,63}$/],
  triggerBy: ['TriggerBy', /^(count|usage|price)$/],
  triggerValue: ['TriggerValue', /^\+?\d{1,7}(\.\d{1,6})?$/],
  currentValue: ['CurrentValue', /^\d{1,7}(\.\d{1,6})?$/],
  recurring: ['Recurring', /^(daily|monthly|yearly|alltime)$/],
  dateFired: ['DateFired', /^[\x20-\x7e]{1,64}$/],
} as const;

function required(params: RequestParams, name: string, pattern: RegExp, expected: string): string {
  const value = params[name];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new GateError('ERR_GATE_INVALID_PARAMETER', `Parameter '${name}' must be ${expected}.`, { logDetail: { reason: 'malformed_usage_alert', parameter: name } });
  }
  return value;
}

/**
 * Reads a callback defensively: the two SIDs must be well formed (400 otherwise: Twilio always
 * sends them), every other field is taken when it has its expected shape and ignored otherwise.
 */
export function readUsageAlert(params: RequestParams): UsageAlert {
  const alert: UsageAlert = {
    accountSid: required(params, 'AccountSid', ACCOUNT_SID, 'an Account SID (AC and 32 hex digits)'),
    usageTriggerSid: required(params, 'UsageTriggerSid', TRIGGER_SID, 'a Usage Trigger SID (UT and 32 hex digits)'),
  };
  for (const [field, [name, shape]] of Object.entries(OPTIONAL_FIELDS) as [keyof typeof OPTIONAL_FIELDS, readonly [string, RegExp]][]) {
    const value = params[name];
    if (typeof value === 'string' && shape.test(value)) alert[field] = value;
  }
  return alert;
}

/**
 * The key a delivery is deduplicated on: Twilio's idempotency token, or, without one, the trigger
 * and the moment it fired (one firing per period). Never the raw values: they are hashed by the
 * caller before they become a Sync key.
 */
export function usageAlertDedupeId(alert: UsageAlert): string {
  return alert.idempotencyToken ?? `${alert.usageTriggerSid}:${alert.dateFired ?? 'undated'}`;
}
