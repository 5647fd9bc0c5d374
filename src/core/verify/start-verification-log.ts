import { maskRange, type BackoffDecision, type LowConversionDecision, type UnconvertedBudgetDecision } from '../adaptive';
import { destinationLogFields, throttleLogFields } from '../reply/decision-log';
import { loggedNumber, type LogFields } from '../log';
import type { VerifyStartOutcome } from './start-verification';
import type { VerifyChannel } from './verify-requests';

/** What became of a rule's refusal: it refused, the safe list overrode it, or monitor mode only logged it. */
type RefusalVerdict = 'refused' | 'overridden' | 'would';

function verdictFields(verdict: RefusalVerdict): LogFields {
  if (verdict === 'refused') return { refused: true };
  return verdict === 'overridden' ? { overriddenBy: 'safe-list' } : { wouldRefuse: true };
}

function lowConversionLogFields(decision: LowConversionDecision | undefined, e164: string | undefined, verdict: RefusalVerdict, cached: boolean): LogFields | undefined {
  if (!decision || decision.reason === 'too_few_starts' || decision.reason === 'ok') return undefined;
  return {
    rule: 'low-conversion',
    scope: e164 ? maskRange(e164, decision.rule.digits) : undefined,
    window: decision.rule.window,
    reason: decision.reason,
    starts: decision.starts,
    approvals: decision.approvals,
    minStarts: decision.rule.minStarts,
    minConversion: decision.rule.minConversion,
    liftsInMs: decision.liftsInMs,
    path: cached ? 'cache' : 'store',
    ...(decision.allowed ? {} : verdictFields(verdict)),
  };
}

function backoffLogFields(decision: BackoffDecision | undefined, e164: string | undefined, verdict: RefusalVerdict, cached: boolean): LogFields | undefined {
  if (!decision || (decision.allowed && decision.reason === 'ok')) return undefined;
  return {
    rule: 'backoff',
    scope: e164 ? loggedNumber(e164) : undefined,
    reason: decision.reason,
    unconvertedStarts: decision.unconvertedStarts,
    waitMs: decision.waitMs,
    first: decision.rule.first,
    max: decision.rule.max,
    liftsInMs: decision.liftsInMs,
    path: cached ? 'cache' : 'store',
    ...(decision.allowed ? {} : verdictFields(verdict)),
  };
}

/** A budget's scope as logs may show it: the country, `global`, or the prefix masked like a range. */
function maskedBudgetScope(scope: string, e164: string | undefined, country: string | undefined): string | undefined {
  if (scope === 'global') return 'global';
  if (scope === 'country') return country;
  return e164 ? maskRange(e164, Number(scope.slice('prefix:'.length))) : undefined;
}

function budgetLogFields(decision: UnconvertedBudgetDecision | undefined, destination: { e164?: string; country?: string }, verdict: RefusalVerdict, cached: boolean): LogFields | undefined {
  if (!decision || decision.reason === 'ok') return undefined;
  return {
    rule: 'unconverted-budget',
    budgetScope: decision.rule.scope,
    scope: maskedBudgetScope(decision.rule.scope, destination.e164, destination.country),
    window: decision.rule.window,
    reason: decision.reason,
    starts: decision.starts,
    approvals: decision.approvals,
    outstanding: decision.outstanding,
    budget: decision.budget,
    floor: decision.rule.floor,
    perApproval: decision.rule.perApproval,
    cap: decision.rule.cap,
    liftsInMs: decision.liftsInMs,
    path: cached ? 'cache' : 'store',
    ...(decision.allowed ? {} : verdictFields(verdict)),
  };
}

/**
 * The decision log fields of an outcome: the requested `channel` (what a sent code costs, which
 * `gatekeeper report` prices), masked number, reasons and rules, never the raw subject. `adaptive` appears when the low-conversion rule refused (or, in monitor mode, would have) or
 * could not judge the range; `backoff` when the per-number backoff refused (or would have) or
 * could not judge the number; `budget` when an unconverted-send budget refused (or would have) or
 * could not judge its scope. Each names the rule, the masked scope, the observed counts, the
 * budget and when it lifts.
 */
export function verifyStartLogFields(outcome: VerifyStartOutcome, channel: VerifyChannel): LogFields {
  if (outcome.kind === 'channel_refused') return { outcome: outcome.kind, channel: outcome.channel };
  if (outcome.kind === 'identity_required') return { outcome: outcome.kind, channel, identity: outcome.identity.kind, problem: outcome.identity.kind === 'anonymous' ? outcome.identity.problem : undefined };
  const { destination } = outcome;
  const throttle = 'throttle' in outcome ? outcome.throttle : undefined;
  const cached = (outcome.kind === 'low_conversion' || outcome.kind === 'backoff' || outcome.kind === 'unconverted_budget') && !outcome.throttle;
  const overridden = outcome.safeList?.listed === true;
  return {
    outcome: outcome.kind,
    channel,
    to: destination.e164 ? loggedNumber(destination.e164) : undefined,
    country: destination.country,
    type: destination.type,
    destination: destinationLogFields(destination),
    wouldRefuse: outcome.kind === 'sent' ? outcome.wouldRefuse : undefined,
    throttle: throttleLogFields(throttle),
    adaptive:
      outcome.kind === 'low_conversion' || outcome.kind === 'sent'
        ? lowConversionLogFields(outcome.lowConversion, destination.e164, outcome.kind === 'low_conversion' ? 'refused' : overridden ? 'overridden' : 'would', cached)
        : undefined,
    backoff:
      outcome.kind === 'backoff' || outcome.kind === 'sent' ? backoffLogFields(outcome.backoff, destination.e164, outcome.kind === 'backoff' ? 'refused' : overridden ? 'overridden' : 'would', cached) : undefined,
    budget:
      outcome.kind === 'unconverted_budget' || outcome.kind === 'sent'
        ? budgetLogFields(outcome.budget, destination, outcome.kind === 'unconverted_budget' ? 'refused' : overridden ? 'overridden' : 'would', cached)
        : undefined,
    safeList: outcome.safeList,
    error: outcome.kind === 'failed' ? { code: outcome.error.code, ...outcome.error.logDetail } : undefined,
  };
}
