import { throttleLogFields } from '../reply/decision-log';
import type { GateConfig } from '../config';
import type { GateRuntime } from '../gate/gate-runtime';
import { throttleError, throttleHeaders } from '../reply/throttle-reply';
import { GateError } from '../http/gate-error';
import { jsonSuccess, type HttpReply } from '../http/reply';
import { loggedNumber, type LogFields } from '../log';
import { parsePhone } from '../phone/parse-phone';
import type { ThrottleDecision } from '../throttle';
import { mapVerifyError } from './map-verify-error';
import type { VerifyCheckRequest } from './verify-requests';
import { resolveRequestIdentity, type RequestIdentity } from '../identity/request-identity';

/** How a code check ended. */
export type VerifyCheckOutcome =
  | { kind: 'checked'; e164: string; valid: boolean; throttle: ThrottleDecision; rememberedAsVerified: boolean; conversionRecorded: boolean }
  | { kind: 'invalid_number' }
  /** The policy requires a signed identity (`identity.verify/check`) and the request has no valid one. */
  | { kind: 'identity_required'; identity: RequestIdentity }
  | { kind: 'throttled'; e164: string; throttle: ThrottleDecision }
  | { kind: 'failed'; e164: string; throttle: ThrottleDecision; error: GateError };

/**
 * Checks one code: the `verify-check` throttle per number (and identity) first, so guessing
 * codes is bounded across verifications and before Verify's own 5 attempts; then Verify. An
 * approved check remembers the number as verified (for the outbound SMS gate) and records a
 * conversion for the number, its range and its country (the `verify-conversion` logs, read
 * against the `verify-start` logs to spot ranges whose codes are never entered and to restart
 * the number's backoff), concurrently. Failing at
 * either is logged and does not turn a correct code into an error.
 */
export async function checkVerification(
  runtime: GateRuntime,
  config: GateConfig,
  request: VerifyCheckRequest,
  onRememberFailure: (error: unknown) => void,
): Promise<VerifyCheckOutcome> {
  if (!config.verifyServiceSid) {
    throw new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly. The operator can find details in the logs.', {
      logDetail: { setting: 'GATE_VERIFY_SERVICE_SID', problem: 'not set: verify endpoints refuse every request until it is' },
    });
  }
  const parsed = parsePhone(request.to, config.defaultCountry);
  if (!parsed.ok || parsed.extension !== undefined) return { kind: 'invalid_number' };
  const { e164 } = parsed;
  // As on verify/start: under GATE_IDENTITY_SECRET only a signed identity counts as itself, so
  // naming another user cannot spend their check budget; the rest share `anonymous`.
  const identity = resolveRequestIdentity(config.identitySecret, request.identity, runtime.now());
  if (identity.kind !== 'verified' && runtime.policy.policy.identity['verify/check'] === 'required') return { kind: 'identity_required', identity };

  const throttle = await runtime.throttle.evaluate('verify-check', { number: e164, country: parsed.country, identity: identity.subject });
  if (!throttle.allowed) return { kind: 'throttled', e164, throttle };

  let status: string;
  try {
    const check = await runtime.client.verify.v2.services(config.verifyServiceSid).verificationChecks.create({ to: e164, code: request.code });
    status = check.status;
  } catch (error) {
    return { kind: 'failed', e164, throttle, error: mapVerifyError(error, 'check') };
  }
  const valid = status === 'approved';
  if (!valid) return { kind: 'checked', e164, valid, throttle, rememberedAsVerified: false, conversionRecorded: false };
  const [remembered, conversion] = await Promise.all([
    runtime.verified.mark(e164).then(
      () => true,
      (error: unknown) => {
        onRememberFailure(error);
        return false;
      },
    ),
    // Never rejects: a store failure follows the rule sets' `open` policy.
    runtime.throttle.evaluate('verify-conversion', { number: e164, country: parsed.country }),
  ]);
  const conversionRecorded = conversion.rules.some((rule) => rule.committed);
  return { kind: 'checked', e164, valid, throttle, rememberedAsVerified: remembered, conversionRecorded };
}

/** Decision log fields: masked number, outcome, throttle facts. Never the code. */
export function verifyCheckLogFields(outcome: VerifyCheckOutcome): LogFields {
  if (outcome.kind === 'invalid_number') return { outcome: outcome.kind };
  if (outcome.kind === 'identity_required') return { outcome: outcome.kind, identity: outcome.identity.kind, problem: outcome.identity.kind === 'anonymous' ? outcome.identity.problem : undefined };
  const { throttle } = outcome;
  return {
    outcome: outcome.kind,
    to: loggedNumber(outcome.e164),
    valid: outcome.kind === 'checked' ? outcome.valid : undefined,
    rememberedAsVerified: outcome.kind === 'checked' ? outcome.rememberedAsVerified : undefined,
    conversionRecorded: outcome.kind === 'checked' ? outcome.conversionRecorded : undefined,
    throttle: throttleLogFields(throttle),
    error: outcome.kind === 'failed' ? { code: outcome.error.code, ...outcome.error.logDetail } : undefined,
  };
}

/** The response for an outcome: 200 `{ success: true, valid }`, or the documented error. */
export function renderVerifyCheck(outcome: VerifyCheckOutcome): HttpReply {
  switch (outcome.kind) {
    case 'checked':
      return jsonSuccess({ valid: outcome.valid }, 200, throttleHeaders(outcome.throttle));
    case 'identity_required':
      throw new GateError('ERR_GATE_IDENTITY_REQUIRED', "Parameter 'identity' must be a valid identity token signed for the signed-in user.", {
        logDetail: { reason: 'identity_required', identity: outcome.identity.kind, problem: outcome.identity.kind === 'anonymous' ? outcome.identity.problem : undefined },
      });
    case 'invalid_number':
      throw new GateError('ERR_GATE_INVALID_PHONE_NUMBER', "Parameter 'to' must be a valid phone number in international format, such as +447400123456.");
    case 'throttled':
      throw throttleError(outcome.throttle);
    case 'failed':
      throw outcome.error;
  }
}
