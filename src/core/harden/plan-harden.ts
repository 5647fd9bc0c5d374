import type { AccountSnapshot, DialingCountry, TriggerInfo } from '../audit/account-snapshot';
import type { CountryPolicy } from '../audit/country-policy';
import { widerThanParent } from '../audit/geo-checks';
import { isDailySmsVolumeTrigger, isDailySpendTrigger, isDisarmed, p95, suggestedDailySpendThreshold } from '../audit/trigger-checks';
import { isInsecureUrl, redactUrl, usageAlertUrl } from '../audit/url-rules';
import type { DialingFlags, PlanStep, TriggerSpec } from './plan-step';

/** The daily outbound SMS count harden's volume trigger fires at (no history to derive it from). */
export const DEFAULT_DAILY_SMS_COUNT_THRESHOLD = 1000;

/** Names of the triggers harden creates: matched on re-runs, so creating is idempotent. */
export const SPEND_TRIGGER_NAME = 'gatekeeper:spend:daily';
export const SMS_VOLUME_TRIGGER_NAME = 'gatekeeper:sms-volume:daily';

/** What planning needs besides the snapshots. */
export interface HardenContext {
  now: number;
  countries: CountryPolicy;
  /** The gate's base URL; trigger steps need it (they are left out without it). */
  gateUrl: string | null;
  /** True when the policy names SMS countries explicitly (then sms.countries is not guarded). */
  smsAllowListed: boolean;
}

const flagText = (f: DialingFlags) => `low=${f.lowRisk} special=${f.highRiskSpecial} tollfraud=${f.highRiskTollfraud}`;
const flagsOf = (c: DialingCountry): DialingFlags => ({ lowRisk: c.lowRisk, highRiskSpecial: c.highRiskSpecial, highRiskTollfraud: c.highRiskTollfraud });
const isoList = (isos: string[]) => (isos.length > 12 ? `${isos.slice(0, 12).join(',')} and ${isos.length - 12} more` : isos.join(','));

function voiceSteps(account: AccountSnapshot, context: HardenContext): PlanStep[] {
  if (!account.voice.ok || account.voice.value.inherits) return [];
  const countries = account.voice.value.countries;
  const steps: PlanStep[] = [];
  const highRisk = countries.filter((c) => c.highRiskSpecial || c.highRiskTollfraud);
  if (highRisk.length > 0) {
    const changes = highRisk.map((c) => ({ iso: c.isoCode, before: flagsOf(c), after: { ...flagsOf(c), highRiskSpecial: false, highRiskTollfraud: false } }));
    steps.push({
      id: 'voice.high-risk-off',
      key: `voice.high-risk-off:${account.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: 'POST voice /v1/DialingPermissions/BulkCountryUpdates (high_risk_special and high_risk_tollfraud false)',
      before: `${isoList(highRisk.map((c) => c.isoCode))}: high-risk on`,
      after: 'high-risk off',
      action: { kind: 'voice-flags', changes },
    });
  }
  const wider = widerThanParent(account.voice.value);
  if (wider.length > 0) {
    steps.push({
      id: 'voice.inherit',
      key: `voice.inherit:${account.sid}`,
      accountSid: account.sid,
      guarded: true,
      call: "POST voice /v1/Settings DialingPermissionsInheritance=true (the subaccount's own credentials)",
      before: `own dialing permissions, wider in ${isoList(wider)}`,
      after: "the main account's",
      action: { kind: 'voice-inherit', before: false, after: true },
    });
  }
  const outside = countries.filter((c) => (c.lowRisk || c.highRiskSpecial || c.highRiskTollfraud) && !context.countries.voice(c.isoCode));
  if (outside.length > 0) {
    const off = { lowRisk: false, highRiskSpecial: false, highRiskTollfraud: false };
    steps.push({
      id: 'voice.countries',
      key: `voice.countries:${account.sid}`,
      accountSid: account.sid,
      guarded: true,
      call: 'POST voice /v1/DialingPermissions/BulkCountryUpdates (all three flags false)',
      before: `${outside.length} countries outside the policy on (${isoList(outside.map((c) => c.isoCode))}); e.g. ${flagText(flagsOf(outside[0]))}`,
      after: 'off',
      action: { kind: 'voice-flags', changes: outside.map((c) => ({ iso: c.isoCode, before: flagsOf(c), after: off })) },
    });
  }
  return steps;
}

function smsSteps(account: AccountSnapshot, context: HardenContext): PlanStep[] {
  if (!account.sms.ok) return [];
  const outside = account.sms.value.filter((p) => p.enabled && !p.highRisk && !context.countries.sms(p.isoCode));
  if (outside.length === 0) return [];
  return [
    {
      id: 'sms.countries',
      key: `sms.countries:${account.sid}`,
      accountSid: account.sid,
      guarded: !context.smsAllowListed,
      call: 'PATCH accounts /v1/Messaging/GeoPermissions (enabled false; high-risk countries are console-only and left out)',
      before: `${outside.length} countries outside the policy on (${isoList(outside.map((p) => p.isoCode))})`,
      after: 'off',
      action: { kind: 'sms-permissions', changes: outside.map((p) => ({ iso: p.isoCode, before: true, after: false })) },
    },
  ];
}

function specOf(t: TriggerInfo): TriggerSpec {
  return { friendlyName: t.friendlyName, usageCategory: t.usageCategory, triggerBy: t.triggerBy, recurring: t.recurring, triggerValue: t.triggerValue, callbackUrl: t.callbackUrl, callbackMethod: t.callbackMethod };
}

function createStep(account: AccountSnapshot, spec: TriggerSpec): PlanStep {
  return {
    id: 'triggers.create',
    key: `triggers.create:${account.sid}:${spec.friendlyName}`,
    accountSid: account.sid,
    guarded: false,
    call: `POST api /2010-04-01/Accounts/${account.sid}/Usage/Triggers.json UsageCategory=${spec.usageCategory} TriggerBy=${spec.triggerBy} Recurring=${spec.recurring} TriggerValue=${spec.triggerValue} CallbackUrl=${spec.callbackUrl}`,
    before: 'none',
    after: `${spec.friendlyName} at ${spec.triggerValue}`,
    action: { kind: 'trigger-create', create: spec },
  };
}

/** A trigger harden repairs: re-pointed when only its URL is wrong, re-created when it fired or its threshold is off. */
function repairStep(account: AccountSnapshot, t: TriggerInfo, callbackUrl: string, spend: number[], now: number): PlanStep | null {
  const suggested = suggestedDailySpendThreshold(spend);
  const badThreshold = isDailySpendTrigger(t) && (t.triggerValue > 3 * suggested || t.triggerValue < p95(spend));
  const badUrl = isInsecureUrl(t.callbackUrl) || redactUrl(t.callbackUrl) !== callbackUrl;
  const fired = isDisarmed(t, now);
  if (fired || badThreshold) {
    const after = { ...specOf(t), callbackUrl, triggerValue: badThreshold ? suggested : t.triggerValue };
    return {
      id: 'triggers.rearm',
      key: `triggers.rearm:${t.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: `DELETE api /Usage/Triggers/${t.sid}.json, then POST api /Usage/Triggers.json (a threshold cannot be updated; a fired trigger stays silent until the next period)`,
      before: `${t.usageCategory} at ${t.triggerValue}${fired ? ', fired this period' : ''}, calling ${redactUrl(t.callbackUrl)}`,
      after: `${t.usageCategory} at ${after.triggerValue}, armed, calling ${callbackUrl}`,
      action: { kind: 'trigger-rearm', triggerSid: t.sid, before: specOf(t), after },
    };
  }
  if (!badUrl) return null;
  return {
    id: 'triggers.callback',
    key: `triggers.callback:${t.sid}`,
    accountSid: account.sid,
    guarded: false,
    call: `POST api /Usage/Triggers/${t.sid}.json CallbackUrl=${callbackUrl}`,
    before: redactUrl(t.callbackUrl),
    after: callbackUrl,
    action: { kind: 'trigger-callback', triggerSid: t.sid, before: t.callbackUrl, after: callbackUrl },
  };
}

function triggerSteps(account: AccountSnapshot, context: HardenContext): PlanStep[] {
  if (context.gateUrl === null || account.status !== 'active' || !account.triggers.ok) return [];
  const callbackUrl = usageAlertUrl(context.gateUrl);
  const triggers = account.triggers.value;
  const spend = account.dailySpend.ok ? account.dailySpend.value : [];
  const base = { recurring: 'daily', callbackUrl, callbackMethod: 'POST' };
  const steps: PlanStep[] = [];
  if (!triggers.some(isDailySpendTrigger)) steps.push(createStep(account, { ...base, friendlyName: SPEND_TRIGGER_NAME, usageCategory: 'totalprice', triggerBy: 'price', triggerValue: suggestedDailySpendThreshold(spend) }));
  if (!triggers.some(isDailySmsVolumeTrigger)) steps.push(createStep(account, { ...base, friendlyName: SMS_VOLUME_TRIGGER_NAME, usageCategory: 'sms-outbound', triggerBy: 'count', triggerValue: DEFAULT_DAILY_SMS_COUNT_THRESHOLD }));
  for (const t of triggers) {
    const step = repairStep(account, t, callbackUrl, spend, context.now);
    if (step) steps.push(step);
  }
  return steps;
}

function trunkSteps(account: AccountSnapshot): PlanStep[] {
  if (!account.trunks.ok) return [];
  return account.trunks.value
    .filter((t) => t.transferMode === 'enable-all')
    .map((t) => ({
      id: 'sip.transfer',
      key: `sip.transfer:${t.sid}`,
      accountSid: account.sid,
      guarded: true,
      call: `POST trunking /v1/Trunks/${t.sid} TransferMode=disable-all`,
      before: 'enable-all',
      after: 'disable-all',
      action: { kind: 'trunk-transfer' as const, trunkSid: t.sid, before: t.transferMode, after: 'disable-all' },
    }));
}

/**
 * The harden plan for the audited accounts: high-risk voice ranges off; voice and SMS countries
 * outside the policy off (guarded); daily spend and SMS volume triggers created, and triggers
 * re-pointed at the gate or re-created when fired or badly set; trunk transfers off (guarded).
 * Pure: it only reads the snapshots. Parts that could not be read produce no steps (audit
 * reports them).
 */
export function planHarden(accounts: readonly AccountSnapshot[], context: HardenContext): PlanStep[] {
  return accounts.flatMap((account) => [...voiceSteps(account, context), ...smsSteps(account, context), ...triggerSteps(account, context), ...trunkSteps(account)]);
}
