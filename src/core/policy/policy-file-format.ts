import type { AdaptiveRulesInput } from '../adaptive/parse-adaptive';
import { RECOMMENDED_UNCONVERTED_SCOPES } from '../adaptive/parse-unconverted';
import { isCountryBudgetRule } from '../adaptive/country-budget';
import type { UnconvertedBudgetRule } from '../adaptive/unconverted-budget';
import type { ThrottleRuleSet, ThrottleRuleSetInput, ThrottleRuleSets, ThrottleWindow } from '../throttle/rules';
import { formatSubjectKind } from '../throttle/subject';
import type { CompiledPolicy } from './load-policy';
import type { Policy } from './parse-policy';

function windowsInput(windows: readonly ThrottleWindow[]) {
  return windows.map(({ limit, per }) => ({ limit, per }));
}

function ruleSetInput(ruleSet: ThrottleRuleSet): ThrottleRuleSetInput {
  return {
    action: ruleSet.action,
    subject: formatSubjectKind(ruleSet.subject),
    windows: windowsInput(ruleSet.windows),
    onStoreError: ruleSet.onStoreError,
    ...(ruleSet.onStoreError === 'local' ? { localLimit: windowsInput(ruleSet.localWindows) } : {}),
    mode: ruleSet.mode,
    // Written only when not the subject's default (`all` for global and country, 1 otherwise), as the file would say it.
    ...(ruleSet.shards !== (ruleSet.subject.type === 'global' || ruleSet.subject.type === 'country' ? 'all' : 1) ? { shards: ruleSet.shards } : {}),
  };
}

/** Every resolved rule set in the `throttles` format, the built-in ones (conversion records, inbound) included. */
function throttlesInput(ruleSets: ThrottleRuleSets): Record<string, ThrottleRuleSetInput> {
  return Object.fromEntries([...ruleSets.values()].map((ruleSet) => [ruleSet.name, ruleSetInput(ruleSet)]));
}

/** One budget as written in the policy file: the country budget has its own fields (no `refuseWithoutApprovals`, an `escalate` always). */
function budgetInput(rule: UnconvertedBudgetRule): Record<string, unknown> {
  const escalate = rule.escalation ? { scope: rule.escalation.scope, floor: rule.escalation.floor, perApproval: rule.escalation.perApproval, cap: rule.escalation.cap } : false;
  const amounts = { window: rule.window, floor: rule.floor, perApproval: rule.perApproval, cap: rule.cap };
  if (isCountryBudgetRule(rule)) {
    const range = rule.range ? { scope: rule.range.scope, floor: rule.range.floor, perApproval: rule.range.perApproval, cap: rule.range.cap } : false;
    return { ...amounts, strictPerApproval: rule.strictPerApproval, escalate, range, refresh: rule.refresh, warmUpApprovals: rule.warmUpApprovals, minShare: rule.minShare };
  }
  return { ...amounts, refuseWithoutApprovals: rule.refuseWithoutApprovals, escalate };
}

/** `inbound` as written: the fair share and the known callers without their derived milliseconds. */
function inboundInput(inbound: Policy['inbound']): Record<string, unknown> {
  const { originShare, knownCallers } = inbound;
  const share = originShare && { pressure: originShare.pressure, floor: originShare.floor, headroom: originShare.headroom, refresh: originShare.refresh, warmUpCalls: originShare.warmUpCalls };
  const known = knownCallers && { remember: knownCallers.remember, maxFill: knownCallers.maxFill };
  return { deny: inbound.deny, anonymous: inbound.anonymous, originShare: share, knownCallers: known };
}

function adaptiveInput(adaptive: Policy['adaptive']): Required<AdaptiveRulesInput> {
  const { lowConversion, backoff, unconverted } = adaptive;
  // A recommended scope switched off is written as false, or loading the result would bring it back.
  const budgets = Object.fromEntries([
    ...RECOMMENDED_UNCONVERTED_SCOPES.map((scope) => [scope, false] as const),
    ...unconverted.map((rule) => [rule.scope, budgetInput(rule)] as const),
  ]);
  return {
    unconverted: unconverted.length === 0 ? false : budgets,
    lowConversion: lowConversion ? { scope: lowConversion.scope, window: lowConversion.window, minStarts: lowConversion.minStarts, minConversion: lowConversion.minConversion } : false,
    backoff: backoff ? { first: backoff.first, max: backoff.max } : false,
  };
}

/**
 * The effective policy in the policy file's own format: every default filled in, every built-in
 * throttle rule set written out with its limits, nothing derived (no milliseconds, no compiled
 * matchers). Loading the result gives the same policy, so `gatekeeper policy show > p.json`
 * is a complete starting point that `gatekeeper policy validate p.json` accepts.
 *
 * @example
 * JSON.stringify(policyFileOf(loadPolicy('{}')), null, 2)
 */
export function policyFileOf(loaded: Pick<CompiledPolicy, 'policy' | 'ruleSets'>): Record<string, unknown> {
  const { policy } = loaded;
  const { destinations } = policy;
  return {
    mode: policy.mode,
    destinations: {
      countries: destinations.countries,
      prefixes: destinations.prefixes,
      numbers: {
        allow: destinations.numbers.allow.map(({ number, expires }) => (expires === null ? number : { number, expires })),
        deny: destinations.numbers.deny,
      },
      lineTypes: destinations.lineTypes,
    },
    lookup: policy.lookup,
    inbound: inboundInput(policy.inbound),
    throttles: throttlesInput(loaded.ruleSets),
    templates: policy.templates,
    adaptive: adaptiveInput(policy.adaptive),
    callRangeRepeats: policy.callRangeRepeats ?? false,
    strict: policy.strict,
    identity: policy.identity,
  };
}
