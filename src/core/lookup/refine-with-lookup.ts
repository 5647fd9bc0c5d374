import type twilio from 'twilio';
import type { DestinationDecision } from '../phone/evaluate-destination';
import type { Channel } from '../policy/defaults';
import type { LookupRules, Policy } from '../policy/parse-policy';
import { classifyTwilioError } from '../twilio/classify-error';
import { fromLookupLineType } from './lookup-line-type';

/** A destination decision after the optional Lookup step. */
export type RefinedDecision =
  | (Omit<DestinationDecision, 'reason'> & { reason: DestinationDecision['reason'] | 'pumping_risk'; lookup?: LookupFacts })
  | (Omit<DestinationDecision, 'allowed' | 'reason'> & { allowed: false; reason: 'lookup_failed'; lookup?: undefined });

/** What Lookup said, for the decision log. */
export interface LookupFacts {
  lineType?: string;
  smsPumpingRiskScore?: number | null;
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

  const facts: LookupFacts = {};
  let refined: RefinedDecision = decision;
  const carrierType = result.lineTypeIntelligence?.type;
  if (fields.includes('line_type_intelligence') && carrierType !== undefined && carrierType !== null) {
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
