import { assertAdaptiveLogsKept } from '../adaptive/adaptive-logs';
import { assertBudgetLogsKept, unconvertedLogRuleSets } from '../adaptive/unconverted-logs';
import type { UnconvertedBudgetRule } from '../adaptive/unconverted-budget';
import { originShareLogProblem } from '../inbound/origin-share-logs';
import { compileDestinationPolicy, type DestinationEvaluator } from '../phone/evaluate-destination';
import { parseTemplates, type SmsTemplates } from '../sms/templates';
import { DEFAULT_RULE_SETS, parseRuleSets, ThrottleRuleError, type ThrottleRuleSets, type ThrottleRuleSetsInput } from '../throttle/rules';
import { assertRangeRepeatLogsKept } from '../voice/range-repeat-logs';
import { VERIFY_CHANNELS, type VerifyChannel } from '../verify/verify-requests';
import { parsePolicy, type Policy } from './parse-policy';
import { PolicyError } from './policy-error';
import { strictDestinations, strictTwinRuleSets } from './strict-policy';

/** A policy ready to use: the resolved file, its compiled destination evaluator and throttle rules. */
export interface CompiledPolicy {
  policy: Policy;
  evaluateDestination: DestinationEvaluator;
  /** The `throttles` section resolved over the default rule sets. */
  ruleSets: ThrottleRuleSets;
  /** Outbound SMS templates by name. */
  templates: SmsTemplates;
  /** The channels `verify/start` serves (all of them, but for the strict profile's). */
  verifyChannels: readonly VerifyChannel[];
}

/** A policy with the strict profile compiled beside it (what the gate mode `strict` switches to). */
export interface LoadedPolicy extends CompiledPolicy {
  strict: CompiledPolicy;
}

/** The rule sets a policy starts from: the throttle's defaults and the records its unconverted-send budgets read. */
export function policyDefaultRuleSets(budgets: readonly UnconvertedBudgetRule[]): ThrottleRuleSetsInput {
  return { ...DEFAULT_RULE_SETS, ...unconvertedLogRuleSets(budgets) };
}

function compileRuleSets(throttles: Record<string, unknown>, budgets: readonly UnconvertedBudgetRule[]): ThrottleRuleSets {
  try {
    return parseRuleSets(throttles, policyDefaultRuleSets(budgets));
  } catch (error) {
    if (error instanceof ThrottleRuleError) throw new PolicyError('throttles', error.message);
    throw error;
  }
}

/**
 * The strict profile as a policy of its own: narrower destinations, the stricter Lookup, the
 * normal rule sets plus their strict twins and the profile's own rule sets, fewer verify channels.
 */
function compileStrict(policy: Policy, ruleSets: ThrottleRuleSets, templates: SmsTemplates): CompiledPolicy {
  const { strict } = policy;
  const destinations = strictDestinations(policy.destinations, strict.countries);
  const strictPolicy: Policy = { ...policy, destinations, lookup: { ...policy.lookup, ...strict.lookup } };
  let strictRuleSets: ThrottleRuleSets;
  try {
    strictRuleSets = parseRuleSets({ ...policy.throttles, ...strictTwinRuleSets(ruleSets, strict.limitFactor), ...strict.throttles }, policyDefaultRuleSets(policy.adaptive.unconverted));
  } catch (error) {
    if (error instanceof ThrottleRuleError) throw new PolicyError('strict.throttles', error.message);
    throw error;
  }
  return { policy: strictPolicy, evaluateDestination: compileDestinationPolicy(destinations), ruleSets: strictRuleSets, templates, verifyChannels: strict.verifyChannels };
}

let cached: { text: string; compiled: LoadedPolicy } | undefined;

/**
 * Parses and compiles a policy file's text. The result is cached by the text itself, so a warm
 * Function instance compiles its policy once, not per request, and a redeployed policy is
 * picked up as soon as its text changes.
 *
 * @example
 * const { policy, evaluateDestination } = loadPolicy(Runtime.getAssets()['/policy.json'].open());
 */
export function loadPolicy(text: string): LoadedPolicy {
  if (cached?.text === text) return cached.compiled;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyError('(file)', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const policy = parsePolicy(json);
  const ruleSets = compileRuleSets(policy.throttles, policy.adaptive.unconverted);
  assertAdaptiveLogsKept(policy.adaptive, ruleSets);
  assertBudgetLogsKept(policy.adaptive.unconverted, ruleSets);
  assertRangeRepeatLogsKept(policy.callRangeRepeats, ruleSets);
  const originProblem = policy.inbound.originShare ? originShareLogProblem(ruleSets) : undefined;
  if (originProblem) throw new PolicyError('inbound.originShare', originProblem);
  const templates = parseTemplates(policy.templates);
  const compiled: LoadedPolicy = {
    policy,
    evaluateDestination: compileDestinationPolicy(policy.destinations),
    ruleSets,
    templates,
    verifyChannels: VERIFY_CHANNELS,
    strict: compileStrict(policy, ruleSets, templates),
  };
  cached = { text, compiled };
  return compiled;
}
