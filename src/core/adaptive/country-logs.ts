import type { Throttle, ThrottleRuleSet, ThrottleRuleSets, ThrottleSubject } from '../throttle';
import type { CountryBudgetRule, CountryCounts } from './country-budget';

/** The logs the country budget counts: starts and approvals per country, in any form (counted, sharded). */
export interface CountryLogRules {
  starts: string;
  approvals: string;
}

function countryLog(ruleSets: ThrottleRuleSets, action: string, windowMs: number): ThrottleRuleSet | undefined {
  return [...ruleSets.values()].find((ruleSet) => ruleSet.action === action && ruleSet.subject.type === 'country' && ruleSet.windows.some((window) => window.windowMs === windowMs));
}

/**
 * The first `verify-start` and the first `verify-conversion` rule set counting by country with a
 * window of the budget's length (the defaults `verify-start-country` and `verify-conversion-country`).
 */
export function countryLogRules(ruleSets: ThrottleRuleSets, rule: Pick<CountryBudgetRule, 'windowMs'>): CountryLogRules | undefined {
  const starts = countryLog(ruleSets, 'verify-start', rule.windowMs);
  const approvals = countryLog(ruleSets, 'verify-conversion', rule.windowMs);
  return starts && approvals ? { starts: starts.name, approvals: approvals.name } : undefined;
}

const DAY_MS = 86_400_000;

/**
 * Reads a country's counts for the budget: starts and approvals in the rule's window, and the
 * approvals log's longest window as a daily baseline. Two tallies in parallel (one read per shard
 * each); `undefined` when either fails.
 */
export async function readCountryCounts(throttle: Throttle, logs: CountryLogRules, rule: CountryBudgetRule, subject: ThrottleSubject): Promise<CountryCounts | undefined> {
  const [starts, approvals] = await Promise.all([throttle.tally(logs.starts, subject), throttle.tally(logs.approvals, subject)]);
  if (!starts.ok || !approvals.ok) return undefined;
  const startWindow = starts.windows.find((window) => window.windowMs === rule.windowMs);
  const approvalWindow = approvals.windows.find((window) => window.windowMs === rule.windowMs);
  if (!startWindow || !approvalWindow) return undefined;
  const longest = [...approvals.windows].sort((a, b) => b.windowMs - a.windowMs)[0];
  // A week's approvals spread over the days the log has actually seen (a young log is not diluted).
  const days = longest.windowMs > rule.windowMs ? Math.max(1, Math.min(longest.windowMs, longest.oldestAgeMs) / DAY_MS) : 0;
  const baselineApprovals = days > 0 ? Math.floor(longest.count / Math.max(1, Math.ceil(days))) : 0;
  return { starts: startWindow.count, approvals: approvalWindow.count, baselineApprovals, observedMs: startWindow.oldestAgeMs };
}
