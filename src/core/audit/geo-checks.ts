import type { AccountSnapshot, VoicePermissions } from './account-snapshot';
import { accountFailure, failures, part, type AuditContext, type CheckDefinition, type CheckOutcome } from './finding';

const VOICE_CONSOLE = 'https://console.twilio.com/us1/develop/voice/settings/geo-permissions';
const SMS_CONSOLE = 'https://console.twilio.com/us1/develop/sms/settings/geo-permissions';
/** Countries listed in evidence at most; the count is always given. */
const EVIDENCE_COUNTRIES = 20;

/** One finding for an account's countries outside the policy (the count, the first few, the rule). */
function outsideThePolicy(account: AccountSnapshot, outside: string[], context: AuditContext): CheckOutcome {
  if (outside.length === 0) return failures([]);
  return failures([accountFailure(account, { countries: outside.length, examples: outside.slice(0, EVIDENCE_COUNTRIES), policy: context.countries.describe })]);
}

/** The countries a subaccount's own dialing permissions open beyond the main account's. */
export function widerThanParent(voice: VoicePermissions): string[] {
  if (voice.inherits || voice.parentCountries === null) return [];
  const parent = new Map(voice.parentCountries.map((c) => [c.isoCode, c]));
  return voice.countries
    .filter((c) => {
      const p = parent.get(c.isoCode);
      return (c.lowRisk && !p?.lowRisk) || (c.highRiskSpecial && !p?.highRiskSpecial) || (c.highRiskTollfraud && !p?.highRiskTollfraud);
    })
    .map((c) => c.isoCode);
}

/** A subaccount that inherits its parent's dialing permissions is audited through the parent. */
const inheritsNote = { inherits: true, note: "uses the main account's Voice Dialing Permissions" };

function highRiskVoiceCheck(id: string, flag: 'highRiskSpecial' | 'highRiskTollfraud', label: string, filter: string): CheckDefinition {
  return {
    id,
    title: `Voice ${label} numbers are enabled`,
    severity: 'critical',
    reads: `voice ListDialingPermissionsCountry (${filter}=true)`,
    fix: { text: `Switch ${label} dialing off in every country (the gate already refuses premium destinations).`, harden: 'voice.high-risk-off', console: VOICE_CONSOLE },
    run: (account) => {
      const voice = part(account.voice);
      if (voice.inherits) return failures([], inheritsNote);
      return failures(voice.countries.filter((c) => c[flag]).map((c) => ({ resource: { type: 'country', iso: c.isoCode }, evidence: { [filter]: true } })));
    },
  };
}

/** Voice and Messaging geo permission checks. */
export const GEO_CHECKS: CheckDefinition[] = [
  highRiskVoiceCheck('VOICE-HR-SPECIAL', 'highRiskSpecial', 'high-risk special (premium, shared cost)', 'HighRiskSpecialNumbersEnabled'),
  highRiskVoiceCheck('VOICE-HR-TOLLFRAUD', 'highRiskTollfraud', 'high-risk toll fraud', 'HighRiskTollfraudNumbersEnabled'),
  {
    id: 'VOICE-COUNTRIES',
    title: "Voice dialing is enabled to countries the policy refuses",
    severity: 'high',
    reads: 'voice ListDialingPermissionsCountry (LowRiskNumbersEnabled=true)',
    fix: { text: 'Switch off every country outside the policy (guarded: a PBX or app calling outside the gate may need them).', harden: 'voice.countries', console: VOICE_CONSOLE },
    run: (account, context) => {
      const voice = part(account.voice);
      if (voice.inherits) return failures([], inheritsNote);
      return outsideThePolicy(account, voice.countries.filter((c) => (c.lowRisk || c.highRiskSpecial || c.highRiskTollfraud) && !context.countries.voice(c.isoCode)).map((c) => c.isoCode), context);
    },
  },
  {
    id: 'VOICE-INHERIT',
    title: "A subaccount's own dialing permissions are wider than the main account's",
    severity: 'medium',
    reads: 'voice FetchDialingPermissionsSettings and ListDialingPermissionsCountry per subaccount',
    fix: { text: "Let the subaccount inherit the main account's Voice Dialing Permissions (guarded: it may call countries the main account does not).", harden: 'voice.inherit', console: VOICE_CONSOLE },
    run: (account) => {
      if (account.role !== 'subaccount') return { kind: 'not-applicable' };
      const voice = part(account.voice);
      if (voice.inherits || voice.parentCountries === null) return failures([], voice.inherits ? inheritsNote : {});
      const wider = widerThanParent(voice);
      if (wider.length === 0) return failures([]);
      return failures([accountFailure(account, { inherits: false, widerCountries: wider.length, examples: wider.slice(0, EVIDENCE_COUNTRIES) })]);
    },
  },
  {
    id: 'SMS-COUNTRIES',
    title: 'SMS is enabled to countries the policy refuses',
    severity: 'high',
    reads: 'accounts FetchMessagingGeopermissions',
    fix: { text: 'Switch off every non-high-risk country outside the policy (guarded unless the policy has an SMS allow-list).', harden: 'sms.countries', console: SMS_CONSOLE },
    run: (account, context) => {
      return outsideThePolicy(account, part(account.sms).filter((p) => p.enabled && !p.highRisk && !context.countries.sms(p.isoCode)).map((p) => p.isoCode), context);
    },
  },
  {
    id: 'SMS-HIGHRISK',
    title: 'SMS is enabled to a country Twilio marks high risk',
    severity: 'critical',
    reads: 'accounts FetchMessagingGeopermissions (message "High Risk Country")',
    fix: { text: 'Only the console can change these 11 countries (the API ignores them, error 30649): switch them off there.', harden: null, console: SMS_CONSOLE },
    run: (account) => failures(part(account.sms).filter((p) => p.enabled && p.highRisk).map((p) => ({ resource: { type: 'country', iso: p.isoCode }, evidence: { enabled: true, message: 'High Risk Country' } }))),
  },
];
