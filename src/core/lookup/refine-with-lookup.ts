import type twilio from 'twilio';
import type { DestinationDecision } from '../phone/evaluate-destination';
import type { Channel } from '../policy/defaults';
import type { LookupRules, Policy } from '../policy/parse-policy';
import { classifyTwilioError } from '../twilio/classify-error';
import { fromLookupLineType } from './lookup-line-type';

/** A destination decision after the optional Lookup step. */
export type RefinedDecision =
  | (Omit<DestinationDecision, 'reason'> & { reason: DestinationDecision['reason'] | 'pumping_risk' | 'lookup_unusable'; lookup?: LookupFacts })
  | (Omit<DestinationDecision, 'allowed' | 'reason'> & { allowed: false; reason: 'lookup_failed'; lookup?: undefined });

/** What Lookup said, for the decision log. */
export interface LookupFacts {
  lineType?: string;
  smsPumpingRiskScore?: number | null;
  /** Why the answer could not judge the number, when it could not (see `unusableLookupAnswer`). */
  unusable?: UnusableLookupAnswer;
}

/** `invalid_number` (`valid: false`), `line_type_missing` (no line type), `line_type_error` (an `error_code` in `line_type_intelligence`). */
export type UnusableLookupAnswer = 'invalid_number' | 'line_type_missing' | 'line_type_error';

/**
 * Why a Lookup answer cannot judge the number, or undefined when it can. A line type is only
 * expected when it was asked for.
 *
 * @example
 * unusableLookupAnswer({ valid: true, lineTypeIntelligence: { type: null, errorCode: 60600 } }, ['line_type_intelligence']) // 'line_type_error'
 */
export function unusableLookupAnswer(
  answer: { valid?: boolean | null; lineTypeIntelligence?: { type?: string | null; errorCode?: number | null } | null },
  fields: readonly string[],
): UnusableLookupAnswer | undefined {
  if (answer.valid === false) return 'invalid_number';
  if (!fields.includes('line_type_intelligence')) return undefined;
  const info = answer.lineTypeIntelligence;
  if (info?.errorCode !== undefined && info?.errorCode !== null) return 'line_type_error';
  return info?.type === undefined || info?.type === null ? 'line_type_missing' : undefined;
}

/** The Lookup fields this decision needs, or none: Lookup costs money, so it runs only when it can change the outcome. */
export function lookupFieldsFor(decision: DestinationDecision, rules: LookupRules): string[] {
  if (!decision.allowed || decision.reason === 'number_allowed' || !decision.e164) return [];
  const fields: string[] = [];
  if (rules.lineType && decision.type === 'FIXED_LINE_OR_MOBILE') fields.push('line_type_intelligence');
  if (rules.smsPumpingRiskMax !== null) fields.push('sms_pumping_risk');
  return fields;
}

/**
 * The optional, paid step after the free checks: Twilio Lookup's carrier line type replaces an
 * ambiguous FIXED_LINE_OR_MOBILE (and is checked against the channel's allowed types), and an
 * SMS pumping risk score above `smsPumpingRiskMax` refuses with `pumping_risk`. A failed Lookup
 * follows `lookup.onError`: `closed` refuses (`lookup_failed`), `open` keeps the free decision.
 * An answer that cannot judge the number (`unusableLookupAnswer`) follows `lookup.onUnusable`:
 * `refuse` refuses (`lookup_unusable`), `free-checks` keeps the free decision.
 */
export async function refineWithLookup(
  decision: DestinationDecision,
  channel: Channel,
  policy: Pick<Policy, 'lookup' | 'destinations'>,
  client: twilio.Twilio,
): Promise<RefinedDecision> {
  const fields = lookupFieldsFor(decision, policy.lookup);
  if (fields.length === 0 || !decision.e164) return decision;
  let result: Awaited<ReturnType<ReturnType<twilio.Twilio['lookups']['v2']['phoneNumbers']>['fetch']>>;
  try {
    result = await client.lookups.v2.phoneNumbers(decision.e164).fetch({ fields: fields.join(',') });
  } catch (error) {
    if (policy.lookup.onError === 'open') return decision;
    const failure = classifyTwilioError(error);
    return { ...decision, allowed: false, reason: 'lookup_failed', rule: `lookup.onError[${failure.kind}]` };
  }

  const unusable = unusableLookupAnswer(result, fields);
  if (unusable && policy.lookup.onUnusable === 'refuse') {
    return { ...decision, allowed: false, reason: 'lookup_unusable', rule: `lookup.onUnusable[${unusable}]`, lookup: { unusable } };
  }
  // Free checks: an invalid number's answer holds nothing to trust; a missing line type leaves the pumping score.
  if (unusable === 'invalid_number') return { ...decision, lookup: { unusable } };
  const facts: LookupFacts = unusable ? { unusable } : {};
  let refined: RefinedDecision = decision;
  const carrierType = result.lineTypeIntelligence?.type;
  if (!unusable && fields.includes('line_type_intelligence') && carrierType !== undefined && carrierType !== null) {
    const type = fromLookupLineType(carrierType);
    facts.lineType = String(carrierType);
    if (!policy.destinations.lineTypes[channel].includes(type)) {
      return { ...decision, allowed: false, reason: 'line_type_not_allowed', rule: `lookup.lineType -> destinations.lineTypes.${channel}`, type, lookup: facts };
    }
    refined = { ...decision, type };
  }
  const score = result.smsPumpingRisk?.smsPumpingRiskScore;
  if (fields.includes('sms_pumping_risk')) {
    facts.smsPumpingRiskScore = typeof score === 'number' ? score : null;
    // No score (Lookup gives none for US and Canadian numbers) is no evidence either way.
    if (typeof score === 'number' && policy.lookup.smsPumpingRiskMax !== null && score > policy.lookup.smsPumpingRiskMax) {
      return { ...refined, allowed: false, reason: 'pumping_risk', rule: 'lookup.smsPumpingRiskMax', lookup: facts };
    }
  }
  return { ...refined, lookup: facts };
}
