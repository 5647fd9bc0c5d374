import { PolicyError } from '../policy/policy-error';
import type { ThrottleRuleSet, ThrottleRuleSets } from '../throttle/rules';
import { RANGE_REPEAT_WINDOW_MS, type RangeRepeatRule } from './range-repeats';

/** The action of the log of repeats: its own, so only repeats write it (see `DEFAULT_VOICE_OUTBOUND_RULES`). */
export const REPEATS_ACTION = 'voice-outbound-repeats';

/** The rule sets whose logs the range-repeat budget reads, by name. */
export interface RangeRepeatLogs {
  /** Calls per number range (`voice-outbound-prefix`): read with the call's own throttle reads. */
  readonly range: string;
  /** Calls per country (`voice-outbound-country`): tallied for a repeat only. */
  readonly country: string;
  /** Repeats per country (`voice-outbound-repeats`): read and written for a repeat only. */
  readonly repeats: string;
}

const hasDay = (ruleSet: ThrottleRuleSet) => ruleSet.windows.some((window) => window.windowMs === RANGE_REPEAT_WINDOW_MS);
const first = (ruleSets: ThrottleRuleSets, action: string, type: ThrottleRuleSet['subject']['type']) => [...ruleSets.values()].find((ruleSet) => ruleSet.action === action && ruleSet.subject.type === type);

/** Why each log cannot serve, or undefined when it can. */
function problems(ruleSets: ThrottleRuleSets): { logs?: RangeRepeatLogs; problem?: string } {
  const range = first(ruleSets, 'voice-outbound', 'prefix');
  if (!range || range.counted || range.longestWindowMs < RANGE_REPEAT_WINDOW_MS) {
    return { problem: "reads each number range's calls of the day, but no rule set of action 'voice-outbound' counting by 'prefix:N' keeps an exact log (largest limit 1000 or less) of at least '1d'; keep voice-outbound-prefix" };
  }
  const country = first(ruleSets, 'voice-outbound', 'country');
  if (!country || !hasDay(country)) {
    return { problem: "reads each country's calls of the day, but no rule set of action 'voice-outbound' counting by 'country' has a '1d' window; keep voice-outbound-country" };
  }
  const repeats = first(ruleSets, REPEATS_ACTION, 'country');
  if (!repeats || repeats.counted || !hasDay(repeats) || repeats.shards !== 1) {
    return { problem: `counts each country's repeats, but no rule set of action '${REPEATS_ACTION}' counting by 'country' keeps an exact log (largest limit 1000 or less, shards 1) with a '1d' window; keep voice-outbound-repeats` };
  }
  return { logs: { range: range.name, country: country.name, repeats: repeats.name } };
}

/** The logs the range-repeat budget reads, or undefined when the rule sets no longer keep them. */
export function rangeRepeatLogs(ruleSets: ThrottleRuleSets): RangeRepeatLogs | undefined {
  return problems(ruleSets).logs;
}

/**
 * Refuses a policy whose range-repeat budget is on but whose throttles no longer keep the logs it
 * reads: switching a rule set off must not silently switch a fraud defence off. Throws a
 * `PolicyError` naming the rule and the fix.
 */
export function assertRangeRepeatLogsKept(rule: RangeRepeatRule | null, ruleSets: ThrottleRuleSets): void {
  if (!rule) return;
  const { problem } = problems(ruleSets);
  if (problem) throw new PolicyError('callRangeRepeats', `${problem} (see docs/configuration.md), or set callRangeRepeats to false`);
}
