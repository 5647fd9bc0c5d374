import { throttleLogFields } from '../reply/decision-log';
import { parsePhone } from '../phone/parse-phone';
import type { GateConfig, SmsConfig } from '../config';
import type { DenyCheck } from '../deny-list';
import { enterGate, gateModeLogFields } from '../gate/enter-gate';
import type { GateRuntime } from '../gate/gate-runtime';
import type { GateModeState } from '../gate-mode';
import type { HttpReply } from '../http/reply';
import { maskPhoneNumber, type LogFields } from '../log';
import type { ThrottleDecision } from '../throttle';
import { screenInboundSender, type CallerIdentity, type InboundRejection } from '../inbound';
import { buildForwardText, type ForwardText } from './forward-text';
import { postForward, type ForwardPostResult } from './forward-webhook';
import type { InboundMessage } from './inbound-message';
import { emptyMessagingReply, forwardMessageReply } from './sms-twiml';

/** The throttle action of the per-sender rule sets (sender, sender range, anonymous senders). */
export const SMS_INBOUND_ACTION = 'sms-inbound';
/** The throttle action of the overall inbound SMS rate (see `SenderScreeningOptions.overallAction`). */
export const SMS_INBOUND_GLOBAL_ACTION = 'sms-inbound-global';

/** How an inbound message was handled. */
export type InboundSmsOutcome =
  | { kind: 'forwarded'; message: InboundMessage; sender: CallerIdentity; forward: ForwardText; viaTwiml: string | undefined; webhook: ForwardPostResult | undefined; denyList: DenyCheck | null; throttle: ThrottleDecision; wouldDrop?: string }
  | { kind: 'empty'; message: InboundMessage; sender: CallerIdentity; forward: ForwardText; throttle: ThrottleDecision }
  | { kind: 'dropped'; message: InboundMessage; sender: CallerIdentity; reason: InboundRejection; rule: string; denyList: DenyCheck | null; throttle: ThrottleDecision | null }
  /** The gate mode is lockdown: nothing is forwarded (a forward is a billed send) and nothing is counted. */
  | { kind: 'stopped'; message: InboundMessage; mode: GateModeState };

/**
 * Screens and forwards one inbound message:
 * 1-3. the sender is screened like a caller (`screenInboundSender`): `inbound.anonymous` for
 *    senders without a usable number (alphanumeric ids, withheld, junk), `inbound.deny`, the
 *    runtime deny list, then the `sms-inbound` throttles (per sender, per sender range, anonymous
 *    senders together) and the overall rate (`local` on store failure, so a Sync outage never
 *    turns the number into an open relay);
 * 4. the body is sanitized (links and phone numbers cut, attachments never forwarded, only
 *    counted), labelled with the masked sender, and forwarded to `GATE_SMS_FORWARD_TO` (TwiML)
 *    and/or `GATE_SMS_FORWARD_URL` (signed POST, awaited within its timeout, never failing the
 *    reply). A message with nothing left is not forwarded.
 * `monitor` mode notes refusals as `wouldDrop` and forwards (still sanitized).
 */
export async function screenInboundSms(runtime: GateRuntime, config: GateConfig, sms: SmsConfig, message: InboundMessage, now: () => number = Date.now): Promise<InboundSmsOutcome> {
  const entry = await enterGate(runtime, 'sms/inbound');
  if (entry.kind === 'stopped') return { kind: 'stopped', message, mode: entry.mode };
  const screening = await screenInboundSender(entry.runtime, message.from, { action: SMS_INBOUND_ACTION, overallAction: SMS_INBOUND_GLOBAL_ACTION });
  const { sender, denyList } = screening;
  if (screening.kind === 'rejected') {
    return { kind: 'dropped', message, sender, reason: screening.reason, rule: screening.rule, denyList, throttle: screening.overall ?? screening.throttle };
  }
  const throttle = screening.throttle;
  const wouldDrop = screening.wouldReject && `${screening.wouldReject.reason}:${screening.wouldReject.rule}`;

  // National numbers in the text are read in the country of the number that received it.
  const to = parsePhone(message.to);
  const forward = buildForwardText(sender.kind === 'number' ? sender.e164 : '', message.body, message.numMedia, {
    defaultCountry: (to.ok ? to.country : undefined) ?? config.defaultCountry,
    extraCountries: sms.extraCountries,
    replacement: sms.replacement,
  });
  if (!forward.worthForwarding) return { kind: 'empty', message, sender, forward, throttle };

  const webhook = sms.forwardUrl
    ? await postForward({
        url: sms.forwardUrl,
        secret: sms.forwardSecret as string,
        timeoutMs: sms.forwardTimeoutMs,
        now,
        payload: {
          messageSid: message.messageSid ?? null,
          from: sender.kind === 'number' ? sender.e164 : null,
          fromMasked: sender.kind === 'number' ? maskPhoneNumber(sender.e164) : null,
          to: to.ok ? to.e164 : null,
          text: forward.sanitized,
          removed: forward.removed.map(({ kind, start, end }) => ({ kind, start, end })),
          attachmentsRemoved: forward.mediaRemoved,
          receivedAt: new Date(now()).toISOString(),
        },
      })
    : undefined;
  return { kind: 'forwarded', message, sender, forward, viaTwiml: sms.forwardTo, webhook, denyList, throttle, wouldDrop };
}

/** The TwiML for an outcome: `<Message to>` when forwarding by SMS, else an empty `<Response/>`. */
export function renderInboundSms(outcome: InboundSmsOutcome): HttpReply {
  if (outcome.kind === 'forwarded' && outcome.viaTwiml) return forwardMessageReply(outcome.viaTwiml, outcome.forward.text);
  return emptyMessagingReply();
}

/** Decision log fields: masked sender, counts of what was removed, never the body. */
export function inboundSmsLogFields(outcome: InboundSmsOutcome): LogFields {
  if (outcome.kind === 'stopped') return { outcome: 'dropped', messageSid: outcome.message.messageSid, reason: 'lockdown', rule: 'gate-mode', ...gateModeLogFields(outcome.mode) };
  const { sender, message } = outcome;
  const throttle = outcome.throttle;
  return {
    outcome: outcome.kind,
    messageSid: message.messageSid,
    from: sender.kind === 'number' ? maskPhoneNumber(sender.e164) : sender.reason,
    reason: outcome.kind === 'dropped' ? outcome.reason : undefined,
    rule: outcome.kind === 'dropped' ? outcome.rule : undefined,
    wouldDrop: outcome.kind === 'forwarded' ? outcome.wouldDrop : undefined,
    removed: outcome.kind !== 'dropped' ? { links: outcome.forward.removed.filter((s) => s.kind === 'url').length, numbers: outcome.forward.removed.filter((s) => s.kind === 'phone').length, attachments: outcome.forward.mediaRemoved } : undefined,
    forwardedBy: outcome.kind === 'forwarded' ? { sms: outcome.viaTwiml !== undefined, webhook: outcome.webhook && (outcome.webhook.ok ? 'ok' : outcome.webhook.problem) } : undefined,
    throttle: throttleLogFields(throttle),
  };
}
