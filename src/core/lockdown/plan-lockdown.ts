import type { AccountSnapshot, NumberInfo } from '../audit/account-snapshot';
import type { CountryPolicy } from '../audit/country-policy';
import { isUngated } from '../audit/number-checks';
import type { GateModeDocument } from '../gate-mode';
import type { NumberRouting, PlanStep } from '../harden/plan-step';
import { maskPhoneNumber } from '../log/mask';
import type { LiveCall, RecentCaller } from './read-lockdown';

/** The lockdown steps, in the order they run; `--skip` names them. */
export const LOCKDOWN_STEPS = ['gate-mode', 'suspend', 'end-calls', 'voice-geo', 'sms-geo', 'numbers', 'deny-callers', 'delete-keys'] as const;
export type LockdownStepId = (typeof LOCKDOWN_STEPS)[number];

/** Callers of the last hour put on the deny list: the busiest few, and only repeat callers. */
export const MAX_DENIED_CALLERS = 5;
export const MIN_CALLS_TO_DENY = 3;
/** How long lockdown's deny entries last. */
export const DENY_TTL_SECONDS = 24 * 3600;

/** What planning a lockdown reads besides the audit snapshots. */
export interface LockdownInput {
  now: number;
  mainSid: string;
  /** The account the gate is deployed in: never suspended. */
  hostingSid: string;
  countries: CountryPolicy;
  gateUrl: string | null;
  keepKeys: readonly string[];
  /** The gate mode document now (null: never set). */
  gateMode: GateModeDocument | null;
  liveCalls: Record<string, LiveCall[]>;
  recentCallers: RecentCaller[];
  reason: string;
  skip: readonly LockdownStepId[];
}

const routingOf = (n: NumberInfo): NumberRouting => ({ voiceUrl: n.voiceUrl, voiceApplicationSid: n.voiceApplicationSid, trunkSid: n.trunkSid, smsUrl: n.smsUrl, smsApplicationSid: n.smsApplicationSid });

function gateModeStep(input: LockdownInput): PlanStep {
  const after: GateModeDocument = { mode: 'lockdown', reason: input.reason, since: input.now, until: null, by: 'cli lockdown' };
  return {
    id: 'gate-mode',
    key: 'gate-mode',
    accountSid: input.mainSid,
    guarded: false,
    call: "Sync Document 'gate-mode' = lockdown (verify/start, voice/outbound and sms/outbound refuse; inbound calls are rejected)",
    before: input.gateMode ? input.gateMode.mode : 'normal (never set)',
    after: 'lockdown',
    action: { kind: 'gate-mode', before: input.gateMode, after },
  };
}

function accountSteps(account: AccountSnapshot, input: LockdownInput): PlanStep[] {
  const steps: PlanStep[] = [];
  const suspendable = account.role === 'subaccount' && account.sid !== input.hostingSid && account.status === 'active';
  if (suspendable) {
    steps.push({
      id: 'suspend',
      key: `suspend:${account.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: `POST api /2010-04-01/Accounts/${account.sid}.json Status=suspended (main credentials)`,
      before: 'active',
      after: 'suspended',
      action: { kind: 'account-status', subaccountSid: account.sid, before: 'active', after: 'suspended' },
    });
  }
  const live = input.liveCalls[account.sid] ?? [];
  if (live.length > 0) {
    steps.push({
      id: 'end-calls',
      key: `end-calls:${account.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: `POST api /Accounts/${account.sid}/Calls/{CA}.json Status=completed (in-progress) or canceled (queued, ringing); cannot be undone`,
      before: `${live.length} live calls`,
      after: 'ended',
      action: { kind: 'end-calls', calls: live.map((c) => ({ sid: c.sid, before: c.status, after: c.status === 'in-progress' ? 'completed' : 'canceled' })) },
    });
  }
  if (account.voice.ok && !account.voice.value.inherits) {
    const off = { lowRisk: false, highRiskSpecial: false, highRiskTollfraud: false };
    const changes = account.voice.value.countries.flatMap((c) => {
      const flags = { lowRisk: c.lowRisk, highRiskSpecial: c.highRiskSpecial, highRiskTollfraud: c.highRiskTollfraud };
      const after = input.countries.voice(c.isoCode) ? { ...flags, highRiskSpecial: false, highRiskTollfraud: false } : off;
      const same = after.lowRisk === flags.lowRisk && after.highRiskSpecial === flags.highRiskSpecial && after.highRiskTollfraud === flags.highRiskTollfraud;
      return same ? [] : [{ iso: c.isoCode, before: flags, after }];
    });
    if (changes.length > 0) {
      steps.push({ id: 'voice-geo', key: `voice-geo:${account.sid}`, accountSid: account.sid, guarded: false, call: 'POST voice /v1/DialingPermissions/BulkCountryUpdates', before: `${changes.length} countries wider than the policy`, after: `the policy's allow-list, high-risk ranges off`, action: { kind: 'voice-flags', changes } });
    }
  }
  if (account.sms.ok) {
    const changes = account.sms.value.filter((p) => p.enabled && !p.highRisk && !input.countries.sms(p.isoCode)).map((p) => ({ iso: p.isoCode, before: true, after: false }));
    if (changes.length > 0) {
      steps.push({ id: 'sms-geo', key: `sms-geo:${account.sid}`, accountSid: account.sid, guarded: false, call: 'PATCH accounts /v1/Messaging/GeoPermissions', before: `${changes.length} countries outside the policy`, after: 'off', action: { kind: 'sms-permissions', changes } });
    }
  }
  return [...steps, ...numberSteps(account, input), ...keySteps(account, input)];
}

function numberSteps(account: AccountSnapshot, input: LockdownInput): PlanStep[] {
  if (!account.numbers.ok) return [];
  const gate = input.gateUrl;
  const after: NumberRouting = { voiceUrl: gate ? `${gate}/voice/inbound` : null, voiceApplicationSid: null, trunkSid: null, smsUrl: gate ? `${gate}/sms/inbound` : null, smsApplicationSid: null };
  return account.numbers.value
    .filter((n) => n.trunkSid !== null || gate === null || isUngated(n, gate))
    .map((n) => ({
      id: 'numbers',
      key: `numbers:${n.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: `POST api /IncomingPhoneNumbers/${n.sid}.json VoiceUrl=${after.voiceUrl ?? ''} VoiceApplicationSid= TrunkSid= SmsUrl=${after.smsUrl ?? ''} SmsApplicationSid=`,
      before: `${maskPhoneNumber(n.phoneNumber)}${n.trunkSid ? ` on trunk ${n.trunkSid}: WARNING clearing trunk_sid takes this number off the PBX` : ''}${n.voiceApplicationSid ? ` via application ${n.voiceApplicationSid}` : ''}`,
      after: gate ? 'the gate (rejects calls and drops messages in lockdown)' : 'no handler (out of service)',
      action: { kind: 'number-routing', numberSid: n.sid, before: routingOf(n), after },
    }));
}

function keySteps(account: AccountSnapshot, input: LockdownInput): PlanStep[] {
  if (!account.keys.ok) return [];
  const keys = account.keys.value.filter((k) => !input.keepKeys.includes(k.sid));
  if (keys.length === 0) return [];
  return [
    {
      id: 'delete-keys',
      key: `delete-keys:${account.sid}`,
      accountSid: account.sid,
      guarded: false,
      call: `DELETE api /Accounts/${account.sid}/Keys/{SK}.json for ${keys.length} keys; cannot be undone`,
      before: keys.map((k) => `${k.sid} (${k.friendlyName || 'no name'})`).join(', '),
      after: 'deleted',
      action: { kind: 'delete-keys', keys: keys.map((k) => ({ sid: k.sid, friendlyName: k.friendlyName })) },
    },
  ];
}

function denyStep(input: LockdownInput): PlanStep | null {
  const callers = input.recentCallers.filter((c) => c.calls >= MIN_CALLS_TO_DENY).slice(0, MAX_DENIED_CALLERS);
  if (callers.length === 0) return null;
  return {
    id: 'deny-callers',
    key: 'deny-callers',
    accountSid: input.mainSid,
    guarded: false,
    call: `gatekeeper deny add NUMBER --for ${DENY_TTL_SECONDS / 3600}h, for each`,
    before: callers.map((c) => `${maskPhoneNumber(c.number)} (${c.calls} calls in the last hour)`).join(', '),
    after: 'on the deny list',
    action: { kind: 'deny-callers', ttlSeconds: DENY_TTL_SECONDS, entries: callers.map((c) => ({ display: maskPhoneNumber(c.number), id: null })), numbers: callers.map((c) => c.number) },
  };
}

/**
 * The lockdown plan, in the order the steps run: the gate to lockdown; per account in scope,
 * suspend it (subaccounts only, never the account hosting the gate), end its live calls, narrow
 * voice and SMS geo permissions to the policy, re-point numbers not routed through the gate
 * (clearing `trunk_sid` and `voice_application_sid`, which take precedence over the URL), and
 * delete its API keys except the kept ones; the busiest repeat callers of the last hour onto the
 * deny list. Pure: reads only its input.
 */
export function planLockdown(accounts: readonly AccountSnapshot[], input: LockdownInput): PlanStep[] {
  const deny = denyStep(input);
  const steps = [gateModeStep(input), ...accounts.flatMap((account) => accountSteps(account, input)), ...(deny ? [deny] : [])];
  const order = (id: string) => LOCKDOWN_STEPS.indexOf(id as LockdownStepId);
  return steps.filter((s) => !input.skip.includes(s.id as LockdownStepId)).sort((a, b) => order(a.id) - order(b.id));
}

/** What only people can do, printed with every lockdown plan (the Anti-Fraud guide's incident steps). */
export const HUMAN_STEPS = [
  'Email help@twilio.com to suspend the main account if it is compromised (the API cannot), and fraud@twilio.com to report the fraud.',
  'Change the passwords of every console user and review who has access.',
  'Review Monitor Events for API key and settings changes from unknown IP addresses.',
  'If a port-away notification arrives, dispute it in the console within 48 hours.',
  'Rotate the Auth Token once the incident is contained (deployed Functions follow after about a minute; update .env and CI secrets).',
];
