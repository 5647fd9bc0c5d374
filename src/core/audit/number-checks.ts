import { maskPhoneNumber } from '../log/mask';
import type { NumberInfo } from './account-snapshot';
import { failures, gateUrlOf, part, type CheckDefinition, type CheckFailure } from './finding';
import { isGateUrl, isInsecureUrl, redactUrl } from './url-rules';

const NUMBERS_CONSOLE = 'https://console.twilio.com/us1/develop/phone-numbers/manage/incoming';

function numberFailure(n: NumberInfo, evidence: Record<string, unknown>): CheckFailure {
  return { resource: { type: 'number', sid: n.sid }, evidence: { number: maskPhoneNumber(n.phoneNumber), ...evidence } };
}

/** Which handler answers a number's calls: a trunk beats an application beats the voice URL. */
export function voiceHandler(n: NumberInfo): { kind: 'trunk' | 'application' | 'url' | 'none'; target: string | null } {
  if (n.trunkSid) return { kind: 'trunk', target: n.trunkSid };
  if (n.voiceApplicationSid) return { kind: 'application', target: n.voiceApplicationSid };
  if (n.voiceUrl) return { kind: 'url', target: n.voiceUrl };
  return { kind: 'none', target: null };
}

/** Which handler answers a number's messages: an application beats the SMS URL. */
export function smsHandler(n: NumberInfo): { kind: 'application' | 'url' | 'none'; target: string | null } {
  if (n.smsApplicationSid) return { kind: 'application', target: n.smsApplicationSid };
  if (n.smsUrl) return { kind: 'url', target: n.smsUrl };
  return { kind: 'none', target: null };
}

/** True when a number's calls or messages are handled by something other than the gate (trunk-routed numbers are reported under SIP). */
export function isUngated(n: NumberInfo, gateUrl: string): boolean {
  const voice = voiceHandler(n);
  const sms = smsHandler(n);
  const outside = (h: { kind: string; target: string | null }) => h.kind === 'application' || (h.kind === 'url' && !isGateUrl(h.target as string, gateUrl));
  return (voice.kind !== 'trunk' && outside(voice)) || outside(sms);
}

/** Incoming number checks: transport security and routing through the gate. */
export const NUMBER_CHECKS: CheckDefinition[] = [
  {
    id: 'NUM-HTTP',
    title: 'A number sends webhooks over http',
    severity: 'high',
    reads: 'api ListIncomingPhoneNumber',
    fix: { text: 'Serve the handler over https first, then change the URL (never automatic).', harden: null, console: NUMBERS_CONSOLE },
    run: (account) =>
      failures(
        part(account.numbers).flatMap((n) => {
          const fields = Object.entries({ voiceUrl: n.voiceUrl, voiceFallbackUrl: n.voiceFallbackUrl, smsUrl: n.smsUrl, smsFallbackUrl: n.smsFallbackUrl, statusCallback: n.statusCallback })
            .filter(([, url]) => url !== null && isInsecureUrl(url))
            .map(([field]) => field);
          return fields.length === 0 ? [] : [numberFailure(n, { fields })];
        }),
      ),
  },
  {
    id: 'NUM-UNGATED',
    title: "A number's calls or messages are handled outside the gate",
    severity: 'medium',
    reads: 'api ListIncomingPhoneNumber',
    fix: { text: "Point its voice and SMS URLs at the gate's voice/inbound and sms/inbound (lockdown re-points them in an incident).", harden: null, console: NUMBERS_CONSOLE },
    run: (account, context) => {
      const gateUrl = gateUrlOf(context);
      return failures(
        part(account.numbers)
          .filter((n) => isUngated(n, gateUrl))
          .map((n) => {
            const voice = voiceHandler(n);
            const sms = smsHandler(n);
            const show = (h: { kind: string; target: string | null }) => (h.kind === 'url' ? redactUrl(h.target as string) : h.kind === 'none' ? null : `${h.kind} ${h.target}`);
            return numberFailure(n, { voice: show(voice), sms: show(sms) });
          }),
      );
    },
  },
  {
    id: 'NUM-FALLBACK',
    title: 'A fallback URL points outside the gate or uses http',
    severity: 'low',
    reads: 'api ListIncomingPhoneNumber',
    fix: { text: 'Remove the fallback or point it at the gate over https.', harden: null, console: NUMBERS_CONSOLE },
    run: (account, context) => {
      const gateUrl = gateUrlOf(context);
      return failures(
        part(account.numbers).flatMap((n) => {
          const fields = Object.entries({ voiceFallbackUrl: n.voiceFallbackUrl, smsFallbackUrl: n.smsFallbackUrl })
            .filter(([, url]) => url !== null && (isInsecureUrl(url) || !isGateUrl(url, gateUrl)))
            .map(([field, url]) => ({ field, url: redactUrl(url as string) }));
          return fields.length === 0 ? [] : [numberFailure(n, { fallbacks: fields })];
        }),
      );
    },
  },
];
