import { destinationRefusalError, isUnparseable } from '../reply/destination-reply';
import { destinationLogFields, throttleLogFields } from '../reply/decision-log';
import type twilio from 'twilio';
import type { GateConfig, VoiceConfig } from '../config';
import { withRuntimeDenyList } from '../deny-list';
import type { GateRuntime } from '../gate/gate-runtime';
import { throttleError, throttleHeaders } from '../reply/throttle-reply';
import { GateError } from '../http/gate-error';
import { jsonSuccess, type HttpReply } from '../http/reply';
import { loggedNumber, type LogFields } from '../log';
import { refineWithLookup, type RefinedDecision } from '../lookup';
import type { ThrottleDecision } from '../throttle';
import { callerIdOrder } from './caller-id-pool';
import { mapCallError } from './map-call-error';
import { misconfigured } from '../reply/config-reply';
import type { OutboundCallRequest } from './voice-requests';
import { startRangeRepeatCheck } from './range-repeat-check';
import { rangeRepeatLogs } from './range-repeat-logs';
import type { RangeRepeatDecision } from './range-repeats';

/** One `calls.create` attempt, for the decision log (caller id masked). */
export interface CallAttempt {
  callerId: string;
  ok: boolean;
  twilioStatus?: number;
  twilioCode?: number;
  transport?: string;
}

/** How an outbound call request ended. Core decides; `renderPlaceCall` turns it into a response. */
export type PlaceCallOutcome =
  | {
      kind: 'placed';
      destination: RefinedDecision;
      throttle: ThrottleDecision;
      callSid: string;
      timeLimit: number;
      attempts: CallAttempt[];
      purpose?: string;
      wouldRefuse?: RefinedDecision['reason'];
      /** The range-repeat budget's judgement (a refusal here is one monitor mode logged and let through). */
      rangeRepeats?: RangeRepeatDecision;
    }
  | { kind: 'refused'; destination: RefinedDecision; purpose?: string }
  | { kind: 'range_repeats'; destination: RefinedDecision; throttle: ThrottleDecision; rangeRepeats: RangeRepeatDecision; purpose?: string }
  | { kind: 'throttled'; destination: RefinedDecision; throttle: ThrottleDecision; purpose?: string }
  | { kind: 'failed'; destination: RefinedDecision; throttle: ThrottleDecision; timeLimit: number; attempts: CallAttempt[]; error: GateError; purpose?: string };

type CallCreateOptions = Parameters<twilio.Twilio['calls']['create']>[0];


/**
 * The effective time limit: what the app asked for, never more than the configured cap.
 *
 * @example
 * effectiveTimeLimit(3600, 600) // 600
 * effectiveTimeLimit(undefined, 600) // 600
 */
export function effectiveTimeLimit(requested: number | undefined, cap: number): number {
  return requested === undefined ? cap : Math.min(requested, cap);
}

function instructions(voice: VoiceConfig, purpose: string | undefined): Pick<CallCreateOptions, 'url' | 'method' | 'twiml'> {
  const source = voice.callTwiml as NonNullable<VoiceConfig['callTwiml']>;
  if (source.kind === 'twiml') return { twiml: source.twiml };
  // The purpose is a validated slug, added through the URL API: request data never becomes markup.
  const url = new URL(source.url);
  if (purpose !== undefined) url.searchParams.set('purpose', purpose);
  return { url: url.toString(), method: 'POST' };
}

function attemptOf(callerId: string, error?: unknown): CallAttempt {
  if (error === undefined) return { callerId, ok: true };
  const failure = error as { status?: unknown; code?: unknown };
  return typeof failure.status === 'number'
    ? { callerId, ok: false, twilioStatus: failure.status, twilioCode: typeof failure.code === 'number' ? failure.code : undefined }
    : { callerId, ok: false, transport: typeof failure.code === 'string' ? failure.code : 'unknown' };
}

/**
 * Decides and, when allowed, places one outbound call: the voice destination policy (and the
 * optional Lookup line type; the SMS pumping score does not apply to calls), the `voice-outbound`
 * throttles (per destination, prefix, identity, country and overall, concurrently, failing
 * closed), then `calls.create` with a time limit that is always set, a caller id from the pool,
 * the configured TwiML and status callback. A create refused because of the caller id (21210,
 * 21212) is retried once with the next number of the pool; nothing else is, since after a 5xx or
 * a transport failure the call may exist and a retry could bill it twice. In `monitor` mode refused
 * destinations are logged as `wouldRefuse` and called; unparseable numbers never are.
 *
 * @example
 * const outcome = await placeCall(runtime, config, voice, { to: '+447400123456', purpose: 'reminder' });
 * // { kind: 'placed', callSid: 'CA…', timeLimit: 600, attempts: [{ callerId: '+1415…', ok: true }], ... }
 */
export async function placeCall(runtime: GateRuntime, config: GateConfig, voice: VoiceConfig, request: OutboundCallRequest): Promise<PlaceCallOutcome> {
  if (voice.callerIdPool.length === 0) throw misconfigured('GATE_CALLER_ID_POOL', 'not set: voice/outbound refuses every call until it lists your caller ids');
  if (!voice.callTwiml) throw misconfigured('GATE_CALL_TWIML_URL', 'neither GATE_CALL_TWIML_URL nor GATE_CALL_TWIML is set: calls would have nothing to do');
  const { purpose } = request;

  const monitor = runtime.policy.policy.mode === 'monitor';
  const byPolicy = runtime.policy.evaluateDestination(request.to, { channel: 'voice', defaultCountry: config.defaultCountry });
  const free = monitor ? byPolicy : await withRuntimeDenyList(runtime.denyList, byPolicy);
  if (!free.allowed && (isUnparseable(free.reason) || !monitor)) return { kind: 'refused', destination: free, purpose };
  let destination: RefinedDecision = free;
  if (free.allowed) {
    const policy = runtime.policy.policy;
    destination = await refineWithLookup(free, 'voice', { destinations: policy.destinations, lookup: { ...policy.lookup, smsPumpingRiskMax: null } }, runtime.client);
    if (!destination.allowed && !monitor) return { kind: 'refused', destination, purpose };
  }
  const wouldRefuse = destination.allowed ? undefined : destination.reason;
  const to = destination.e164 as string;

  // A number the policy allows explicitly skips the range-repeat budget (as it skips verify's adaptive rules); the throttles still count it.
  const repeatRule = free.reason === 'number_allowed' ? null : runtime.policy.policy.callRangeRepeats;
  const repeatCheck = startRangeRepeatCheck(runtime.throttle, repeatRule, rangeRepeatLogs(runtime.throttle.ruleSets), destination.country, monitor, runtime.repeatRefusals);
  const throttle = await runtime.throttle.evaluate('voice-outbound', { number: to, country: destination.country, identity: request.identity }, { veto: repeatCheck?.veto });
  const rangeRepeats = repeatCheck?.result();
  if (throttle.vetoed && rangeRepeats && !rangeRepeats.allowed) return { kind: 'range_repeats', destination, throttle, rangeRepeats, purpose };
  // A vetoed decision is refused whatever else it says (as verify/start's): this path costs money.
  if (!throttle.allowed || throttle.vetoed) return { kind: 'throttled', destination, throttle, purpose };

  const timeLimit = effectiveTimeLimit(request.timeLimit, voice.callTimeLimitSeconds);
  const common: Omit<CallCreateOptions, 'from'> = {
    to,
    timeLimit,
    ...instructions(voice, purpose),
    ...(voice.callStatusCallback ? { statusCallback: voice.callStatusCallback, statusCallbackMethod: 'POST' } : {}),
  };
  const attempts: CallAttempt[] = [];
  let lastError: GateError | undefined;
  for (const callerId of callerIdOrder(voice.callerIdPool, to)) {
    try {
      const call = await runtime.client.calls.create({ ...common, from: callerId });
      attempts.push(attemptOf(callerId));
      return { kind: 'placed', destination, throttle, callSid: call.sid, timeLimit, attempts, purpose, wouldRefuse, rangeRepeats };
    } catch (error) {
      attempts.push(attemptOf(callerId, error));
      const mapped = mapCallError(error);
      lastError = mapped.error;
      if (!mapped.retryWithAnotherCallerId) break;
    }
  }
  return { kind: 'failed', destination, throttle, timeLimit, attempts, error: lastError as GateError, purpose };
}

/** The range-repeat budget's part of the decision log (counts only: the range itself is not logged), when it judged a repeat. */
function rangeRepeatLogFields(decision: RangeRepeatDecision | undefined): LogFields | undefined {
  if (!decision || decision.reason === 'scattered') return undefined;
  const { allowed, reason, rangeCalls, repeats, scattered, budget } = decision;
  return { allowed, reason, rangeCalls, repeats, scattered, budget, frees: 'as the day window slides (1d after each repeat)' };
}

/**
 * The decision log fields of an outcome: masked numbers, reasons and rules, attempts.
 *
 * @example
 * logger.info('voice.outbound', placeCallLogFields(outcome)); // to: '+4474******56', ...
 */
export function placeCallLogFields(outcome: PlaceCallOutcome): LogFields {
  const { destination } = outcome;
  const throttle = 'throttle' in outcome ? outcome.throttle : undefined;
  return {
    outcome: outcome.kind,
    to: destination.e164 ? loggedNumber(destination.e164) : undefined,
    country: destination.country,
    type: destination.type,
    purpose: outcome.purpose,
    destination: destinationLogFields(destination),
    wouldRefuse: outcome.kind === 'placed' ? outcome.wouldRefuse : undefined,
    rangeRepeats: outcome.kind === 'range_repeats' || outcome.kind === 'placed' ? rangeRepeatLogFields(outcome.rangeRepeats) : undefined,
    throttle: throttleLogFields(throttle),
    callSid: outcome.kind === 'placed' ? outcome.callSid : undefined,
    timeLimit: outcome.kind === 'placed' || outcome.kind === 'failed' ? outcome.timeLimit : undefined,
    attempts:
      outcome.kind === 'placed' || outcome.kind === 'failed' ? outcome.attempts.map((attempt) => ({ ...attempt, callerId: loggedNumber(attempt.callerId) })) : undefined,
    error: outcome.kind === 'failed' ? { code: outcome.error.code, ...outcome.error.logDetail } : undefined,
  };
}

/**
 * The response for an outcome: 200 `{ success: true, callSid, status, timeLimit }`, or throws the
 * documented `GateError` for the endpoint wrapper to answer.
 *
 * @example
 * return renderPlaceCall(outcome);
 */
export function renderPlaceCall(outcome: PlaceCallOutcome): HttpReply {
  switch (outcome.kind) {
    case 'placed':
      return jsonSuccess({ callSid: outcome.callSid, status: 'queued', timeLimit: outcome.timeLimit }, 200, throttleHeaders(outcome.throttle));
    case 'refused':
      throw destinationRefusalError(outcome.destination.reason, 'This destination cannot be called.');
    case 'range_repeats':
      throw destinationRefusalError(outcome.kind, 'This destination cannot be called.');
    case 'throttled':
      throw throttleError(outcome.throttle);
    case 'failed':
      throw outcome.error;
  }
}
