import { PolicyError } from '../policy/policy-error';
import type { ThrottleRuleSet, ThrottleRuleSets, ThrottleRuleSetsInput } from '../throttle/rules';
import { formatSubjectKind, parseSubjectKind } from '../throttle/subject';
import type { AdaptiveLogRules } from './adaptive-logs';
import type { UnconvertedBudgetRule } from './unconverted-budget';
import { isCountryBudgetRule } from './country-budget';
import { countryLogRules } from './country-logs';

/**
 * Records, not limits, that the opt-in prefix budgets read, by scope: the day's starts per 5- and
 * 6-digit prefix in exact logs, and the day's approvals beside them. (The country budget counts
 * the `verify-start-country` and `verify-conversion-country` logs every start already writes.)
 * The starts logs are `monitor` rule sets of `verify-start`: the throttle reads them in the same
 * round trip as the limits and hands them to the budget's veto, so they cost the allow path no
 * extra round trip. Recording never blocks: a store failure is `open`.
 */
export const UNCONVERTED_LOG_RULE_SETS: Readonly<Record<string, ThrottleRuleSetsInput>> = {
  'prefix:5': {
    'verify-start-prefix5': { action: 'verify-start', subject: 'prefix:5', windows: [{ limit: 1000, per: '1d' }], mode: 'monitor', onStoreError: 'open' },
    'verify-conversion-prefix5': { action: 'verify-conversion', subject: 'prefix:5', windows: [{ limit: 1000, per: '1d' }], onStoreError: 'open' },
  },
  'prefix:6': {
    'verify-start-prefix6': { action: 'verify-start', subject: 'prefix:6', windows: [{ limit: 1000, per: '1d' }], mode: 'monitor', onStoreError: 'open' },
    'verify-conversion-prefix6': { action: 'verify-conversion', subject: 'prefix:6', windows: [{ limit: 1000, per: '1d' }], onStoreError: 'open' },
  },
};

/**
 * The records the policy's budgets need, added to the default rule sets only for the scopes it
 * budgets (each costs every start one more Sync item): `{}` when budgets are off.
 */
export function unconvertedLogRuleSets(rules: readonly UnconvertedBudgetRule[]): ThrottleRuleSetsInput {
  return Object.assign({}, ...rules.map((rule) => UNCONVERTED_LOG_RULE_SETS[rule.scope] ?? {})) as ThrottleRuleSetsInput;
}

function exactLogFor(ruleSets: ThrottleRuleSets, action: string, scope: string, windowMs: number): ThrottleRuleSet | undefined {
  return [...ruleSets.values()].find(
    (ruleSet) => ruleSet.action === action && formatSubjectKind(ruleSet.subject) === scope && !ruleSet.counted && ruleSet.longestWindowMs >= windowMs && shardCount(ruleSet) === 1,
  );
}

// A sharded log shows the veto one shard only: not the scope's count.
function shardCount(ruleSet: ThrottleRuleSet): number {
  return ruleSet.shards === 'all' ? Number.POSITIVE_INFINITY : ruleSet.shards;
}

/**
 * The logs a budget reads: the first `verify-start` and the first `verify-conversion` rule set
 * counting by the budget's scope in an exact, unsharded log that keeps at least its window.
 */
export function budgetLogRules(ruleSets: ThrottleRuleSets, rule: UnconvertedBudgetRule): AdaptiveLogRules | undefined {
  const starts = exactLogFor(ruleSets, 'verify-start', rule.scope, rule.windowMs);
  const approvals = exactLogFor(ruleSets, 'verify-conversion', rule.scope, rule.windowMs);
  return starts && approvals ? { starts: starts.name, approvals: approvals.name } : undefined;
}

/**
 * Refuses a policy whose budgets read logs its throttles do not keep (switching a log off must
 * not silently switch a fraud defence off), or keep too briefly or too short to reach the cap.
 */
export function assertBudgetLogsKept(rules: readonly UnconvertedBudgetRule[], ruleSets: ThrottleRuleSets): void {
  const country = rules.find(isCountryBudgetRule);
  if (country && !countryLogRules(ruleSets, country)) {
    throw new PolicyError(
      'adaptive.unconverted.country',
      `counts each country's starts and approvals over ${country.window}, but no throttle rule set of action 'verify-start' and one of action 'verify-conversion' count by country with a window of ${country.window}; keep the defaults 'verify-start-country' and 'verify-conversion-country' (or give them such a window), or set adaptive.unconverted.country to false`,
    );
  }
  const withEscalations = rules.flatMap((rule) => [
    ...(isCountryBudgetRule(rule) ? [] : [{ rule, path: `adaptive.unconverted.${rule.scope}` }]),
    ...(rule.escalation ? [{ rule: rule.escalation, path: `adaptive.unconverted.${rule.scope}.escalate` }] : []),
    ...(isCountryBudgetRule(rule) && rule.range ? [{ rule: rule.range, path: 'adaptive.unconverted.country.range' }] : []),
  ]);
  for (const { rule, path } of withEscalations) {
    const logs = budgetLogRules(ruleSets, rule);
    if (!logs) {
      const subject = formatSubjectKind(parseSubjectKind(rule.scope) ?? { type: 'global' });
      throw new PolicyError(
        path,
        `reads the starts and approvals of each ${subject} over ${rule.window}, but no unsharded throttle rule set of action 'verify-start' and one of action 'verify-conversion' count by ${subject} with a limit of at most 1000 and a window of at least ${rule.window}; add them (e.g. { "action": "verify-start", "subject": "${subject}", "windows": [{ "limit": 1000, "per": "${rule.window}" }], "mode": "monitor", "onStoreError": "open", "shards": 1 }) or set ${path} to false`,
      );
    }
    const kept = ruleSets.get(logs.starts)?.maxEntries ?? 0;
    if (kept < rule.cap) {
      throw new PolicyError(`${path}.cap`, `is ${rule.cap}, but the '${logs.starts}' log keeps at most ${kept} starts (its largest limit), so the budget could never be reached; lower the cap or raise that rule set's limit`);
    }
  }
}
