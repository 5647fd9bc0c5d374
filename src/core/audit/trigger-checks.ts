import type { AccountSnapshot, TriggerInfo } from './account-snapshot';
import { accountFailure, failures, gateUrlOf, part, type CheckDefinition, type CheckFailure, type Severity } from './finding';
import { isGateUrl, isInsecureUrl, redactUrl, usageAlertUrl } from './url-rules';

const TRIGGERS_CONSOLE = 'https://console.twilio.com/us1/billing/manage-billing/usage-triggers';

/** A daily spend trigger: what harden creates and TRIG-SPEND looks for. */
export function isDailySpendTrigger(t: TriggerInfo): boolean {
  return t.usageCategory === 'totalprice' && t.triggerBy === 'price' && t.recurring === 'daily';
}

/** A daily outbound SMS count trigger. */
export function isDailySmsVolumeTrigger(t: TriggerInfo): boolean {
  return t.usageCategory === 'sms-outbound' && t.triggerBy === 'count' && t.recurring === 'daily';
}

/** True when a trigger fired in the GMT period that contains `now`, so it will not fire again until the next one. */
export function isDisarmed(t: TriggerInfo, now: number): boolean {
  if (t.dateFired === null) return false;
  const period = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return { daily: iso.slice(0, 10), monthly: iso.slice(0, 7), yearly: iso.slice(0, 4) }[t.recurring] ?? 'once';
  };
  return period(t.dateFired) === period(now);
}

/** The 95th percentile of daily spend (nearest rank). */
export function p95(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

/** Lowest daily spend threshold harden sets, in USD, so a quiet account is not alarmed by pennies. */
export const MIN_DAILY_SPEND_THRESHOLD = 20;

/** The daily spend threshold harden sets: twice the 30-day p95, at least the minimum. */
export function suggestedDailySpendThreshold(dailySpend: readonly number[]): number {
  return Math.max(MIN_DAILY_SPEND_THRESHOLD, Math.ceil(2 * p95(dailySpend)));
}

const activeOnly = (account: AccountSnapshot) => account.status === 'active';

function triggerFailure(t: TriggerInfo, evidence: Record<string, unknown>): CheckFailure {
  return { resource: { type: 'trigger', sid: t.sid }, evidence: { usageCategory: t.usageCategory, recurring: t.recurring, ...evidence } };
}

/**
 * A check that fails an active account with no trigger of one kind (an account that is not
 * active cannot spend, so it needs none). `kind` completes the fix text ("Create a daily
 * totalprice trigger ..."); the evidence counts that kind, zero, under `evidenceKey`.
 */
function missingTriggerCheck(id: string, title: string, severity: Severity, kind: string, isKind: (t: TriggerInfo) => boolean, evidenceKey: string): CheckDefinition {
  return {
    id,
    title,
    severity,
    reads: 'api ListUsageTrigger',
    fix: { text: `Create ${kind} trigger calling the gate's usage/alert.`, harden: 'triggers.create', console: TRIGGERS_CONSOLE },
    run: (account) => {
      if (!activeOnly(account)) return { kind: 'not-applicable' };
      return failures(part(account.triggers).some(isKind) ? [] : [accountFailure(account, { [evidenceKey]: 0 })]);
    },
  };
}

/** Usage Trigger checks: present, pointing at the gate over https, armed, and sensibly set. */
export const TRIGGER_CHECKS: CheckDefinition[] = [
  missingTriggerCheck('TRIG-SPEND', 'No daily spend trigger', 'high', 'a daily totalprice', isDailySpendTrigger, 'dailyTotalpriceTriggers'),
  missingTriggerCheck('TRIG-VOLUME', 'No daily outbound SMS volume trigger', 'medium', 'a daily sms-outbound count', isDailySmsVolumeTrigger, 'dailySmsOutboundCountTriggers'),
  {
    id: 'TRIG-CALLBACK',
    title: 'A usage trigger calls an http URL, a URL outside the gate, or has fired and is disarmed',
    severity: 'high',
    reads: 'api ListUsageTrigger',
    fix: { text: "Point it at the gate's usage/alert over https (re-create it when it fired: a trigger fires once per period).", harden: 'triggers.callback', console: TRIGGERS_CONSOLE },
    run: (account, context) => {
      const gateUrl = gateUrlOf(context);
      return failures(
        part(account.triggers).flatMap((t) => {
          const problems = [
            isInsecureUrl(t.callbackUrl) ? 'http' : null,
            isGateUrl(t.callbackUrl, gateUrl) && redactUrl(t.callbackUrl) === usageAlertUrl(gateUrl) ? null : 'outside-gate',
            isDisarmed(t, context.now) ? 'fired-this-period' : null,
          ].filter((p): p is string => p !== null);
          return problems.length === 0 ? [] : [triggerFailure(t, { problems, callbackUrl: redactUrl(t.callbackUrl) })];
        }),
      );
    },
  },
  {
    id: 'TRIG-THRESHOLD',
    title: 'A daily spend trigger is far from the last 30 days of spend',
    severity: 'medium',
    reads: 'api ListUsageRecordDaily (Category=totalprice, last 30 days)',
    fix: { text: 'Re-create it at about twice the 30-day p95 of daily spend (thresholds cannot be updated).', harden: 'triggers.rearm', console: TRIGGERS_CONSOLE },
    run: (account) => {
      const spend = part(account.dailySpend);
      const typical = p95(spend);
      const suggested = suggestedDailySpendThreshold(spend);
      return failures(
        part(account.triggers)
          .filter(isDailySpendTrigger)
          .filter((t) => t.triggerValue > 3 * suggested || t.triggerValue < typical)
          .map((t) => triggerFailure(t, { triggerValue: t.triggerValue, p95DailySpend: typical, suggested })),
      );
    },
  },
];
