import { PolicyError } from '../policy/policy-error';
import { EXACT_LOG_MAX_LIMIT, type ThrottleRuleSet, type ThrottleRuleSets } from '../throttle/rules';
import type { AdaptiveRules } from './parse-adaptive';

/** The rule sets whose logs an adaptive rule reads: its starts and its approvals. */
export interface AdaptiveLogRules {
  starts: string;
  approvals: string;
}

function firstLog(ruleSets: ThrottleRuleSets, action: string, counts: (subject: ThrottleRuleSet['subject']) => boolean): string | undefined {
  return [...ruleSets.values()].find((ruleSet) => ruleSet.action === action && counts(ruleSet.subject))?.name;
}

/**
 * The logs the low-conversion rule reads at `prefix:N`: the first rule set of action
 * `verify-start` and the first of action `verify-conversion` counting by that prefix (the
 * defaults `verify-start-prefix` and `verify-conversion-prefix` for N = 8).
 */
export function rangeLogRules(ruleSets: ThrottleRuleSets, digits: number): AdaptiveLogRules | undefined {
  const byPrefix = (subject: ThrottleRuleSet['subject']) => subject.type === 'prefix' && subject.digits === digits;
  const starts = firstLog(ruleSets, 'verify-start', byPrefix);
  const approvals = firstLog(ruleSets, 'verify-conversion', byPrefix);
  return starts && approvals ? { starts, approvals } : undefined;
}

/**
 * The logs the per-number backoff reads: the first rule set of action `verify-start` and the
 * first of action `verify-conversion` counting by number (the defaults `verify-start` and
 * `verify-conversion-number`).
 */
export function numberLogRules(ruleSets: ThrottleRuleSets): AdaptiveLogRules | undefined {
  const byNumber = (subject: ThrottleRuleSet['subject']) => subject.type === 'number';
  const starts = firstLog(ruleSets, 'verify-start', byNumber);
  const approvals = firstLog(ruleSets, 'verify-conversion', byNumber);
  return starts && approvals ? { starts, approvals } : undefined;
}

/**
 * Refuses a policy whose adaptive rules are on but whose throttles no longer keep the logs they
 * read: switching off or re-scoping a rule set must not silently switch a fraud defence off.
 * Throws a `PolicyError` naming the rule and the fix.
 */
export function assertAdaptiveLogsKept(adaptive: AdaptiveRules, ruleSets: ThrottleRuleSets): void {
  const { lowConversion, backoff } = adaptive;
  const rangeLogs = lowConversion ? rangeLogRules(ruleSets, lowConversion.digits) : undefined;
  if (lowConversion && !rangeLogs) {
    throw new PolicyError(
      'adaptive.lowConversion',
      `reads the starts and approvals of each ${lowConversion.scope} range, but no throttle rule set of action 'verify-start' and one of action 'verify-conversion' count by ${lowConversion.scope}; keep or add them (see docs/configuration.md), or set adaptive.lowConversion to false`,
    );
  }
  // The adaptive rules judge exact timestamps: a counted log (largest limit above EXACT_LOG_MAX_LIMIT) has none.
  for (const [rule, logs] of [['adaptive.lowConversion', rangeLogs], ['adaptive.backoff', backoff ? numberLogRules(ruleSets) : undefined]] as const) {
    const counted = logs && [logs.starts, logs.approvals].find((name) => ruleSets.get(name)?.counted);
    if (counted) {
      throw new PolicyError(
        rule,
        `reads the '${counted}' log, whose largest limit is above ${EXACT_LOG_MAX_LIMIT} (it keeps counts, not the timestamps this rule judges); lower that limit to ${EXACT_LOG_MAX_LIMIT} or less, or switch ${rule} off`,
      );
    }
  }
  // A starts log keeps at most its rule set's largest limit: one shorter than minStarts never judges.
  const kept = rangeLogs ? ruleSets.get(rangeLogs.starts)?.maxEntries : undefined;
  if (lowConversion && kept !== undefined && kept < lowConversion.minStarts) {
    throw new PolicyError(
      'adaptive.lowConversion.minStarts',
      `is ${lowConversion.minStarts}, but the '${rangeLogs?.starts}' log keeps at most ${kept} starts (its largest limit), so no range would ever be judged; lower minStarts or raise that rule set's limits`,
    );
  }
  if (backoff && !numberLogRules(ruleSets)) {
    throw new PolicyError(
      'adaptive.backoff',
      "reads each number's starts and approvals, but no throttle rule set of action 'verify-start' and one of action 'verify-conversion' count by number; keep the defaults 'verify-start' and 'verify-conversion-number', or set adaptive.backoff to false",
    );
  }
}
