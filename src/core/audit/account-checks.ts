import type { AlertInfo } from './account-snapshot';
import { accountFailure, failures, part, type CheckDefinition } from './finding';

const DAY_MS = 24 * 3600 * 1000;
/** Keys older than this should be rotated. */
export const MAX_KEY_AGE_DAYS = 90;
/** Keys an account may hold beyond the keep-list before KEYS-COUNT fails. */
export const MAX_UNLISTED_KEYS = 2;
/** SIP authentication failures in 24 hours that suggest someone is trying the trunk. */
export const SIP_ALERT_THRESHOLD = 10;
const SIP_CODES = ['32200', '32201', '32202', '32203'];
const GEO_CODES = ['21215', '13227', '32205', '21408', '30450', '60410'];

/** How many alerts carry each of `codes`, in that order; codes with none are left out of the evidence. */
function countByCode(alerts: readonly AlertInfo[], codes: readonly string[]): Record<string, number> {
  return Object.fromEntries(codes.map((code) => [code, alerts.filter((a) => a.errorCode === code).length]).filter(([, n]) => n !== 0));
}

/** API key, Monitor alert and account status checks. */
export const ACCOUNT_CHECKS: CheckDefinition[] = [
  {
    id: 'KEYS-AGE',
    title: `An API key is older than ${MAX_KEY_AGE_DAYS} days`,
    severity: 'medium',
    reads: 'api ListKey (date_created)',
    fix: { text: 'Create a new key, move its users, delete the old one.', harden: null, console: 'https://console.twilio.com/us1/account/keys-credentials/api-keys' },
    run: (account, context) =>
      failures(
        part(account.keys)
          .filter((k) => context.now - k.dateCreated > MAX_KEY_AGE_DAYS * DAY_MS)
          .map((k) => ({ resource: { type: 'key', sid: k.sid }, evidence: { friendlyName: k.friendlyName, ageDays: Math.floor((context.now - k.dateCreated) / DAY_MS) } })),
      ),
  },
  {
    id: 'KEYS-COUNT',
    title: 'More API keys than the keep-list names',
    severity: 'low',
    reads: 'api ListKey',
    fix: { text: 'Delete keys nobody uses; name the ones you keep with --keep-key.', harden: null, console: 'https://console.twilio.com/us1/account/keys-credentials/api-keys' },
    run: (account, context) => {
      const unlisted = part(account.keys).filter((k) => !context.keepKeys.includes(k.sid));
      const allowed = context.keepKeys.length > 0 ? 0 : MAX_UNLISTED_KEYS;
      return failures(unlisted.length > allowed ? [accountFailure(account, { keys: unlisted.length, allowedWithoutKeepList: allowed })] : []);
    },
  },
  {
    id: 'ALERT-SIP',
    title: 'SIP authentication failures or blocked calls in the last 24 hours',
    severity: 'high',
    reads: 'monitor ListAlert (LogLevel=error, StartDate=now-24h)',
    fix: { text: `Investigate the trunk or domain named; at ${SIP_ALERT_THRESHOLD} or more 32200-32203 (or any 32203) consider 'gatekeeper lockdown'.`, harden: null, console: 'https://console.twilio.com/us1/monitor/logs/debugger/errors' },
    run: (account) => {
      const sip = part(account.alerts).filter((a) => SIP_CODES.includes(a.errorCode));
      const blocked = sip.some((a) => a.errorCode === '32203');
      if (sip.length < SIP_ALERT_THRESHOLD && !blocked) return failures([], { sipAlerts: sip.length });
      const resources = [...new Set(sip.map((a) => a.resourceSid).filter((s): s is string => s !== null))];
      return failures([{ resource: { type: 'alerts', sid: account.sid }, evidence: { byCode: countByCode(sip, SIP_CODES), resources } }]);
    },
  },
  {
    id: 'ALERT-GEO',
    title: 'Blocked geo-permission attempts in the last 24 hours',
    severity: 'medium',
    reads: 'monitor ListAlert (LogLevel=error, StartDate=now-24h)',
    fix: { text: 'Someone is trying destinations the account refuses: find the source (app, trunk, subaccount).', harden: null, console: 'https://console.twilio.com/us1/monitor/logs/debugger/errors' },
    run: (account) => {
      const geo = part(account.alerts).filter((a) => GEO_CODES.includes(a.errorCode));
      if (geo.length === 0) return failures([]);
      return failures([{ resource: { type: 'alerts', sid: account.sid }, evidence: { byCode: countByCode(geo, GEO_CODES) } }]);
    },
  },
  {
    id: 'ACC-SUSPENDED',
    title: 'A subaccount is suspended',
    severity: 'info',
    reads: 'api ListAccount',
    fix: { text: 'Nothing to do unless you did not suspend it: then ask Twilio support why (21478).', harden: null, console: null },
    run: (account) => (account.role === 'main' ? { kind: 'not-applicable' } : failures(account.status === 'suspended' ? [accountFailure(account, { status: account.status })] : [])),
  },
];

function manual(id: string, title: string, text: string, consoleUrl: string): CheckDefinition {
  return {
    id,
    title,
    severity: 'info',
    reads: 'nothing: console only',
    fix: { text, harden: null, console: consoleUrl },
    run: (account) => (account.role === 'main' ? { kind: 'manual', evidence: { reason: 'no API reports this setting' } } : { kind: 'not-applicable' }),
  };
}

/** Console-only settings: always listed as `manual`, once, on the main account. */
export const MANUAL_CHECKS: CheckDefinition[] = [
  manual('MANUAL-2FA', 'Two-factor authentication for every console user', 'Twilio now requires 2FA; check that every user has it and remove users who left.', 'https://console.twilio.com/us1/account/manage-account/user-settings'),
  manual('MANUAL-DEBUGGER', "The Debugger webhook calls the gate's alerts/debugger", "Set the Debugger webhook to https://<your-service>.twil.io/alerts/debugger.", 'https://console.twilio.com/us1/monitor/logs/debugger/webhook'),
  manual('MANUAL-SMS-PUMPING', 'SMS Pumping Protection is on', 'Switch on SMS Pumping Protection in Messaging settings.', 'https://console.twilio.com/us1/develop/sms/settings/general'),
  manual('MANUAL-FRAUD-GUARD', 'Verify Fraud Guard and Verify geo permissions are set', 'Set Fraud Guard to standard or higher and narrow the Verify geo permissions.', 'https://console.twilio.com/us1/develop/verify/settings'),
];
