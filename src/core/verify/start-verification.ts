import {
  combineVetoes,
  countryLooksStrict,
  rememberedBudgetRefusal,
  startNumberBackoffCheck,
  startRangeConversionCheck,
  startUnconvertedBudgetCheck,
  type BackoffDecision,
  type LowConversionDecision,
  type UnconvertedBudgetDecision,
  type UnconvertedBudgetRule,
} from '../adaptive';
import { destinationRefusalError, isUnparseable } from '../reply/destination-reply';
import type { GateConfig } from '../config';
import type { GateRuntime } from '../gate/gate-runtime';
import { GateError } from '../http/gate-error';
import { resolveRequestIdentity, type RequestIdentity } from '../identity/request-identity';
import { jsonSuccess, type HttpReply } from '../http/reply';
import { withRuntimeDenyList } from '../deny-list';
import { refineWithLookup, type RefinedDecision } from '../lookup';
import type { Channel } from '../policy';
import { sharePeeks, type ThrottleDecision } from '../throttle';
import { throttleError, throttleHeaders } from '../reply/throttle-reply';
import { mapVerifyError } from './map-verify-error';
import { verifyRateLimitKeys } from './verify-rate-limits';
import { passedBySafeList, safeListPass, type SafeListAnswer } from './safe-list-pass';
import type { VerifyChannel, VerifyStartRequest } from './verify-requests';

/** How a verification start ended. Core decides; `renderVerifyStart` turns it into a response. */
export type VerifyStartOutcome = (
  | {
      kind: 'sent';
      channel: VerifyChannel;
      destination: RefinedDecision;
      throttle: ThrottleDecision;
      wouldRefuse?: RefinedDecision['reason'];
      lowConversion?: LowConversionDecision;
      backoff?: BackoffDecision;
      budget?: UnconvertedBudgetDecision;
    }
  | { kind: 'refused'; destination: RefinedDecision }
  /** The channel is not served in the current gate mode (the strict profile's `verifyChannels`). */
  | { kind: 'channel_refused'; channel: VerifyChannel }
  /** The policy requires a signed identity (`identity.verify/start`) and the request has no valid one. */
  | { kind: 'identity_required'; identity: RequestIdentity }
  | { kind: 'low_conversion'; destination: RefinedDecision; throttle?: ThrottleDecision; lowConversion: LowConversionDecision }
  | { kind: 'backoff'; destination: RefinedDecision; throttle?: ThrottleDecision; backoff: BackoffDecision }
  | { kind: 'unconverted_budget'; destination: RefinedDecision; throttle?: ThrottleDecision; budget: UnconvertedBudgetDecision }
  | { kind: 'throttled'; destination: RefinedDecision; throttle: ThrottleDecision }
  | { kind: 'failed'; destination: RefinedDecision; throttle: ThrottleDecision; error: GateError }
) & {
  /** What the safe list said, when a refusal made the gate ask it. */
  safeList?: SafeListAnswer;
};

/** What an explicitly allowed number is judged by: no adaptive rule. */
const NO_ADAPTIVE_RULES = { lowConversion: null, backoff: null, unconverted: [] } as const;

type RememberedRefusal =
  | { kind: 'low_conversion'; lowConversion: LowConversionDecision }
  | { kind: 'backoff'; backoff: BackoffDecision }
  | { kind: 'unconverted_budget'; budget: UnconvertedBudgetDecision };

/** A refusal this warm instance remembers for the range, a budget's scope or the number (no store read), if any. */
function rememberedRefusal(
  runtime: GateRuntime,
  adaptive: { readonly lowConversion: unknown; readonly backoff: unknown; readonly unconverted: readonly UnconvertedBudgetRule[] },
  subject: { number?: string; country?: string },
  monitor: boolean,
): RememberedRefusal | undefined {
  const e164 = subject.number;
  if (monitor || !e164) return undefined;
  const now = runtime.now();
  const range = adaptive.lowConversion ? runtime.rangeBlocks.get(e164, now) : undefined;
  if (range) return { kind: 'low_conversion', lowConversion: range };
  const budget = rememberedBudgetRefusal(runtime.budgets, adaptive.unconverted, subject, now);
  if (budget) return { kind: 'unconverted_budget', budget };
  const backoff = adaptive.backoff ? runtime.backoffs.get(e164, now) : undefined;
  return backoff ? { kind: 'backoff', backoff } : undefined;
}

/** The policy Lookup judges by: in a country the budget last saw strict, failures and unusable answers refuse. */
function lookupPolicyFor(runtime: GateRuntime, budgets: readonly UnconvertedBudgetRule[], country: string | undefined): GateRuntime['policy']['policy'] {
  const { policy } = runtime.policy;
  if (!countryLooksStrict(runtime.budgets, budgets, country)) return policy;
  return { ...policy, lookup: { ...policy.lookup, onError: 'closed', onUnusable: 'refuse' } };
}

/** The destination rules a Verify channel is checked against. */
export function destinationChannelFor(channel: VerifyChannel): Channel {
  return channel === 'call' ? 'voice' : 'sms';
}

/**
 * Decides and, when allowed, starts one verification: destination policy for the channel, the
 * optional paid Lookup, the `verify-start` throttles (per number, prefix, country, identity and
 * global, evaluated concurrently) with the adaptive rules (low conversion per range, backoff per
 * number) as their veto, then Twilio Verify. A number on the runtime safe list passes the
 * destination rules, Lookup and the adaptive rules, never the throttles. In `monitor` mode a
 * refused destination is logged as `wouldRefuse` and the request goes on; unparseable numbers
 * are refused in every mode (there is nothing to send to).
 */
export async function startVerification(runtime: GateRuntime, config: GateConfig, request: VerifyStartRequest): Promise<VerifyStartOutcome> {
  if (!config.verifyServiceSid) {
    throw new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly. The operator can find details in the logs.', {
      logDetail: { setting: 'GATE_VERIFY_SERVICE_SID', problem: 'not set: verify endpoints refuse every request until it is' },
    });
  }
  if (!runtime.policy.verifyChannels.includes(request.channel)) return { kind: 'channel_refused', channel: request.channel };
  const identity = resolveRequestIdentity(config.identitySecret, request.identity, runtime.now());

  if (identity.kind !== 'verified' && runtime.policy.policy.identity['verify/start'] === 'required') return { kind: 'identity_required', identity };
  const channel = destinationChannelFor(request.channel);
  const monitor = runtime.policy.policy.mode === 'monitor';
  const byPolicy = runtime.policy.evaluateDestination(request.to, { channel, defaultCountry: config.defaultCountry, now: runtime.now() });
  // Ranges on the runtime deny list (an operator's, or alerts/debugger's): one cached read per instance.
  const free = monitor ? byPolicy : await withRuntimeDenyList(runtime.denyList, byPolicy);
  if (!free.allowed && isUnparseable(free.reason)) return { kind: 'refused', destination: free };
  // Read only when a refusal is about to happen: allowed requests never pay for it. The
  // operator's explicit deny entry for the number wins over it.
  const safeList = safeListPass(runtime.safeList, free.e164);
  const safeListed = async (): Promise<boolean> => free.reason !== 'number_denied' && (await safeList.read()).listed;

  // Explicitly allowed numbers (policy allow list, safe list) skip the adaptive rules; the throttles still count them.
  let adaptive = free.reason === 'number_allowed' ? NO_ADAPTIVE_RULES : runtime.policy.policy.adaptive;
  let destination: RefinedDecision = free;
  // Warm-instance memory first, before any paid Lookup: a range or number refused a moment ago costs no read.
  const remembered = rememberedRefusal(runtime, adaptive, { number: free.e164, country: free.country }, monitor);
  if (remembered) {
    if (!(await safeListed())) return { ...remembered, destination, safeList: safeList.answer() };
    destination = passedBySafeList(destination);
    adaptive = NO_ADAPTIVE_RULES;
  }
  // Lookup refines what the free checks allowed (a safe-listed number needs none); in a country
  // the budget last saw strict it fails closed (an unusable answer or a failed Lookup refuses).
  if (destination === free && free.allowed) destination = await refineWithLookup(free, channel, lookupPolicyFor(runtime, adaptive.unconverted, free.country), runtime.client);
  if (!destination.allowed && !monitor) {
    if (!(await safeListed())) return { kind: 'refused', destination, safeList: safeList.answer() };
    destination = passedBySafeList(destination);
    adaptive = NO_ADAPTIVE_RULES;
  }
  const wouldRefuse = destination.allowed ? undefined : destination.reason;

  // Under GATE_IDENTITY_SECRET only a signed identity counts as itself; the rest share `anonymous`.
  const subject = { number: destination.e164, country: destination.country, identity: identity.subject };
  // The vetoes judge the range and the number on the starts logs the throttle read, before
  // anything is written; their approvals are read only for a would-be refusal, and once for all
  // of them (the range's approvals serve the low-conversion rule and the range budget alike).
  const checks = sharePeeks(runtime.throttle);
  const rangeCheck = startRangeConversionCheck(checks, adaptive.lowConversion, subject, monitor, runtime.rangeBlocks);
  const backoffCheck = startNumberBackoffCheck(checks, adaptive.backoff, subject, monitor, runtime.backoffs);
  const budgetCheck = startUnconvertedBudgetCheck(checks, adaptive.unconverted, subject, monitor, runtime.budgets, { now: runtime.now(), channel: request.channel });
  const adaptiveVeto = combineVetoes([rangeCheck, budgetCheck, backoffCheck]);
  const veto: typeof adaptiveVeto = adaptiveVeto && (async (logs, now) => (await adaptiveVeto(logs, now)) && !(await safeListed()));
  const throttle = await runtime.throttle.evaluate('verify-start', subject, { veto });
  const lowConversion = rangeCheck?.result();
  const backoff = backoffCheck?.result();
  const budget = budgetCheck?.result();
  // A vetoed decision is refused whatever else it says. A blocked range, then a spent budget,
  // outrank a backoff: they are the stronger evidence and the longer refusals.
  if (throttle.vetoed && lowConversion && !lowConversion.allowed) return { kind: 'low_conversion', destination, throttle, lowConversion, safeList: safeList.answer() };
  if (throttle.vetoed && budget && !budget.allowed) return { kind: 'unconverted_budget', destination, throttle, budget, safeList: safeList.answer() };
  if (throttle.vetoed && backoff && !backoff.allowed) return { kind: 'backoff', destination, throttle, backoff, safeList: safeList.answer() };
  if (!throttle.allowed || throttle.vetoed) return { kind: 'throttled', destination, throttle };
  // Consulted by a veto and listed: the adaptive refusal was overridden.
  if (free.reason !== 'number_denied' && safeList.answer()?.listed) destination = passedBySafeList(destination);

  try {
    await runtime.client.verify.v2.services(config.verifyServiceSid).verifications.create({
      to: destination.e164 as string,
      channel: request.channel,
      ...(request.locale ? { locale: request.locale } : {}),
      // Twilio's own per-number and per-identity buckets: a backstop if the gate's state is lost.
      // Not in monitor mode, which must never refuse.
      ...(config.verifyRateLimits && config.hashSecret && !monitor
        ? { rateLimits: verifyRateLimitKeys(config.hashSecret, { number: destination.e164 as string, identity: identity.subject }) }
        : {}),
    });
  } catch (error) {
    return { kind: 'failed', destination, throttle, error: mapVerifyError(error, 'start', { rateLimits: config.verifyRateLimits }) };
  }
  // Counted in this instance's view of the country until its next read of the country's logs shows it.
  if (destination.country) runtime.budgets.tallies.noteStart(destination.country);
  return { kind: 'sent', channel: request.channel, destination, throttle, wouldRefuse, lowConversion, backoff, budget, safeList: safeList.answer() };
}

/** The response for an outcome (see docs/error-codes.md). */
export function renderVerifyStart(outcome: VerifyStartOutcome): HttpReply {
  switch (outcome.kind) {
    case 'sent': {
      return jsonSuccess({ status: 'pending', channel: outcome.channel }, 200, throttleHeaders(outcome.throttle));
    }
    case 'refused':
      throw destinationRefusalError(outcome.destination.reason, 'This destination cannot receive verification codes.');
    case 'identity_required':
      throw new GateError('ERR_GATE_IDENTITY_REQUIRED', "Parameter 'identity' must be a valid identity token signed for the signed-in user.", {
        logDetail: { reason: 'identity_required', identity: outcome.identity.kind, problem: outcome.identity.kind === 'anonymous' ? outcome.identity.problem : undefined },
      });
    case 'channel_refused':
      throw new GateError('ERR_GATE_DESTINATION_REFUSED', `Verification codes cannot be sent by ${outcome.channel} right now. Use another channel.`, {
        logDetail: { reason: 'channel_refused_in_mode', channel: outcome.channel },
      });
    case 'low_conversion':
    case 'unconverted_budget':
      throw destinationRefusalError(outcome.kind, 'This destination cannot receive verification codes.');
    case 'backoff':
      throw new GateError('ERR_GATE_THROTTLED', 'A code was sent to this number moments ago. Wait before asking for another.', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(outcome.backoff.liftsInMs / 1000))) },
      });
    case 'throttled':
      throw throttleError(outcome.throttle);
    case 'failed':
      throw outcome.error;
  }
}
