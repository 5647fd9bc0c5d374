import { destinationRefusalError, isUnparseable } from '../reply/destination-reply';
import { destinationLogFields, throttleLogFields } from '../reply/decision-log';
import type { GateConfig, SmsConfig } from '../config';
import { withRuntimeDenyList } from '../deny-list';
import type { GateRuntime } from '../gate/gate-runtime';
import { throttleError, throttleHeaders } from '../reply/throttle-reply';
import { GateError } from '../http/gate-error';
import { jsonSuccess, type HttpReply } from '../http/reply';
import { loggedNumber, type LogFields } from '../log';
import type { DestinationDecision } from '../phone/evaluate-destination';
import { STORE_ERROR_RETRY_AFTER_MS, storeErrorReason, type ThrottleDecision } from '../throttle';
import { mapMessagesError } from './map-messages-error';
import { renderTemplate } from './render-template';
import type { SendSmsRequest } from './send-requests';

/** How an outbound SMS request ended. */
export type SendSmsOutcome =
  | { kind: 'sent'; sid: string; template: string; destination: DestinationDecision; throttle: ThrottleDecision; wouldRefuse?: string }
  | { kind: 'refused'; template: string; destination: DestinationDecision }
  | { kind: 'not_verified'; template: string; destination: DestinationDecision }
  | { kind: 'throttled'; template: string; destination: DestinationDecision; throttle: ThrottleDecision }
  | { kind: 'failed'; template: string; destination: DestinationDecision; throttle: ThrottleDecision; error: GateError };

const NOT_CONFIGURED = 'The gatekeeper is not configured correctly. The operator can find details in the logs.';

// Sending costs money: when the verified-numbers store cannot answer, refuse (503) like a
// `closed` throttle does, never a 500 and never an unchecked send.
async function isVerifiedOrUnavailable(runtime: GateRuntime, e164: string): Promise<boolean> {
  try {
    return await runtime.verified.isVerified(e164);
  } catch (error) {
    throw new GateError('ERR_GATE_UNAVAILABLE', 'The gatekeeper cannot check this recipient right now. Try again shortly.', {
      headers: { 'Retry-After': String(STORE_ERROR_RETRY_AFTER_MS / 1000) },
      logDetail: { check: 'verified', storeError: storeErrorReason(error) },
    });
  }
}

/**
 * Sends one templated SMS, if every check passes, in order: the template exists and its
 * parameters fit their types and smuggle no link or number (400); the destination policy for SMS
 * (403), including the runtime deny list's ranges; the recipient passed a verification within GATE_VERIFIED_TTL or is on
 * `destinations.numbers.allow` (403 `ERR_GATE_RECIPIENT_NOT_VERIFIED`); the `sms-outbound`
 * throttles per recipient, identity and overall (429); then Messages through the Messaging
 * Service, whose sender pool picks the number (no sender is hard-coded). `monitor` mode logs
 * refusals as `wouldRefuse` and sends.
 */
export async function sendTemplatedSms(runtime: GateRuntime, config: GateConfig, sms: SmsConfig, request: SendSmsRequest): Promise<SendSmsOutcome> {
  if (!sms.messagingServiceSid) {
    throw new GateError('ERR_GATE_CONFIG', NOT_CONFIGURED, { logDetail: { setting: 'GATE_MESSAGING_SERVICE_SID', problem: 'not set: sms/outbound refuses every request until it is' } });
  }
  const template = runtime.policy.templates.get(request.template);
  if (!template) throw new GateError('ERR_GATE_INVALID_PARAMETER', `Parameter 'template' names no template of this deployment.`);

  const monitor = runtime.policy.policy.mode === 'monitor';
  const byPolicy = runtime.policy.evaluateDestination(request.to, { channel: 'sms', defaultCountry: config.defaultCountry });
  if (!byPolicy.allowed && isUnparseable(byPolicy.reason)) return { kind: 'refused', template: template.name, destination: byPolicy };
  const body = renderTemplate(template, request.params, { defaultCountry: byPolicy.country ?? config.defaultCountry, extraCountries: sms.extraCountries });
  const destination = monitor ? byPolicy : await withRuntimeDenyList(runtime.denyList, byPolicy);

  let wouldRefuse: string | undefined;
  if (!destination.allowed) {
    if (!monitor) return { kind: 'refused', template: template.name, destination };
    wouldRefuse = destination.reason;
  }
  const e164 = destination.e164 as string;
  if (destination.reason !== 'number_allowed' && !(await isVerifiedOrUnavailable(runtime, e164))) {
    if (!monitor) return { kind: 'not_verified', template: template.name, destination };
    wouldRefuse ??= 'not_verified';
  }

  const throttle = await runtime.throttle.evaluate('sms-outbound', { number: e164, country: destination.country, identity: request.identity });
  if (!throttle.allowed) return { kind: 'throttled', template: template.name, destination, throttle };

  try {
    const message = await runtime.client.messages.create({ to: e164, body, messagingServiceSid: sms.messagingServiceSid });
    return { kind: 'sent', sid: message.sid, template: template.name, destination, throttle, wouldRefuse };
  } catch (error) {
    return { kind: 'failed', template: template.name, destination, throttle, error: mapMessagesError(error) };
  }
}

/** Decision log fields: masked recipient, template name, reasons and rules; never the body. */
export function sendSmsLogFields(outcome: SendSmsOutcome): LogFields {
  const { destination } = outcome;
  const throttle = 'throttle' in outcome ? outcome.throttle : undefined;
  return {
    outcome: outcome.kind,
    template: outcome.template,
    to: destination.e164 ? loggedNumber(destination.e164) : undefined,
    country: destination.country,
    destination: destinationLogFields(destination),
    wouldRefuse: outcome.kind === 'sent' ? outcome.wouldRefuse : undefined,
    throttle: throttleLogFields(throttle),
    sid: outcome.kind === 'sent' ? outcome.sid : undefined,
    error: outcome.kind === 'failed' ? { code: outcome.error.code, ...outcome.error.logDetail } : undefined,
  };
}

/** The response for an outcome: 200 `{ success: true, sid }`, or the documented error. */
export function renderSendSms(outcome: SendSmsOutcome): HttpReply {
  switch (outcome.kind) {
    case 'sent':
      return jsonSuccess({ sid: outcome.sid }, 200, throttleHeaders(outcome.throttle));
    case 'refused':
      throw destinationRefusalError(outcome.destination.reason, 'This destination cannot receive messages from this service.');
    case 'not_verified':
      throw new GateError('ERR_GATE_RECIPIENT_NOT_VERIFIED', 'This recipient has not verified their number. Verify it first (verify/start, verify/check).');
    case 'throttled':
      throw throttleError(outcome.throttle);
    case 'failed':
      throw outcome.error;
  }
}
