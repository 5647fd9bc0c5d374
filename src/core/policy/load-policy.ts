import { assertAdaptiveLogsKept } from '../adaptive/adaptive-logs';
import { compileDestinationPolicy, type DestinationEvaluator } from '../phone/evaluate-destination';
import { parseTemplates, type SmsTemplates } from '../sms/templates';
import { parseRuleSets, ThrottleRuleError, type ThrottleRuleSets } from '../throttle/rules';
import { parsePolicy, type Policy } from './parse-policy';
import { PolicyError } from './policy-error';

/** A policy ready to use: the resolved file, its compiled destination evaluator and throttle rules. */
export interface CompiledPolicy {
  policy: Policy;
  evaluateDestination: DestinationEvaluator;
  /** The `throttles` section resolved over the default rule sets. */
  ruleSets: ThrottleRuleSets;
  /** Outbound SMS templates by name. */
  templates: SmsTemplates;
}

function compileRuleSets(throttles: Record<string, unknown>): ThrottleRuleSets {
  try {
    return parseRuleSets(throttles);
  } catch (error) {
    if (error instanceof ThrottleRuleError) throw new PolicyError('throttles', error.message);
    throw error;
  }
}

let cached: { text: string; compiled: CompiledPolicy } | undefined;

/**
 * Parses and compiles a policy file's text. The result is cached by the text itself, so a warm
 * Function instance compiles its policy once, not per request, and a redeployed policy is
 * picked up as soon as its text changes.
 *
 * @example
 * const { policy, evaluateDestination } = loadPolicy(Runtime.getAssets()['/policy.json'].open());
 */
export function loadPolicy(text: string): CompiledPolicy {
  if (cached?.text === text) return cached.compiled;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyError('(file)', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const policy = parsePolicy(json);
  const ruleSets = compileRuleSets(policy.throttles);
  assertAdaptiveLogsKept(policy.adaptive, ruleSets);
  const compiled = {
    policy,
    evaluateDestination: compileDestinationPolicy(policy.destinations),
    ruleSets,
    templates: parseTemplates(policy.templates),
  };
  cached = { text, compiled };
  return compiled;
}
