import type { RuleDecision, RuleReason, ThrottleDecision, ThrottleQuota, ThrottleReason } from './decision-types';
import type { RuleRun } from './rule-run';

const REASON_OF: Partial<Record<RuleReason, ThrottleReason>> = {
  limit_exceeded: 'rate_limited',
  store_error_closed: 'store_unavailable',
  invalid_subject: 'invalid_subject',
};

function quotaOf(rule: RuleDecision, runs: readonly RuleRun[]): ThrottleQuota | null {
  const run = runs.find((candidate) => candidate.ruleSet.name === rule.rule);
  if (!run || !rule.key) return null;
  const states = new Map(rule.windows.map((state) => [state.windowMs, state]));
  return {
    rule: rule.rule,
    key: rule.key,
    windows: run.windows.map((window) => {
      const state = states.get(window.windowMs);
      if (state) {
        // A full window "resets" for the client when it admits again, which may be later than when its oldest event leaves.
        const resetMs = state.retryAfterMs > 0 ? state.retryAfterMs : state.resetMs;
        return { limit: window.limit, per: window.per, windowMs: window.windowMs, remaining: state.remaining, resetMs };
      }
      const cached = rule.path === 'cache' && rule.window?.windowMs === window.windowMs;
      return { limit: window.limit, per: window.per, windowMs: window.windowMs, remaining: cached ? 0 : null, resetMs: cached ? rule.retryAfterMs : null };
    }),
  };
}

function leastRemaining(rules: readonly RuleDecision[]): RuleDecision | undefined {
  return rules
    .filter((rule) => rule.remaining !== null)
    .reduce<RuleDecision | undefined>((best, rule) => (!best || (rule.remaining as number) < (best.remaining as number) ? rule : best), undefined);
}

function latestFree(rules: readonly RuleDecision[]): RuleDecision {
  return rules.reduce((best, rule) => (rule.retryAfterMs > best.retryAfterMs ? rule : best));
}

/**
 * The decision from every rule set's part: refused when an enforced rule set refuses (the one
 * that frees last decides); admitted otherwise, with what monitor rule sets would have done.
 */
export function decideFromRules(action: string, rules: readonly RuleDecision[], runs: readonly RuleRun[]): ThrottleDecision {
  const enforced = rules.filter((rule) => rule.mode === 'enforce');
  const enforcedDenials = enforced.filter((rule) => !rule.allowed && rule.reason !== 'not_evaluated');
  const monitorDenials = rules.filter((rule) => rule.mode === 'monitor' && !rule.allowed);
  const anyFallback = rules.some((rule) => rule.path === 'fallback');
  const shape = (rule: RuleDecision | undefined) => ({
    rule: rule?.rule ?? null,
    window: rule?.window?.per ?? null,
    limit: rule?.window?.limit ?? null,
    remaining: rule?.remaining ?? null,
  });

  if (enforcedDenials.length > 0) {
    const decider = latestFree(enforcedDenials);
    return {
      allowed: false,
      reason: REASON_OF[decider.reason] ?? 'rate_limited',
      monitorOnly: false,
      action,
      ...shape(decider),
      retryAfterMs: decider.retryAfterMs,
      path: decider.path,
      quota: quotaOf(decider, runs),
      rules,
    };
  }
  const binding = leastRemaining(enforced);
  const quota = binding ? quotaOf(binding, runs) : null;
  if (monitorDenials.length > 0) {
    const decider = latestFree(monitorDenials);
    return {
      allowed: true,
      reason: REASON_OF[decider.reason] ?? 'rate_limited',
      monitorOnly: true,
      action,
      ...shape(decider),
      retryAfterMs: decider.retryAfterMs,
      path: decider.path,
      quota,
      rules,
    };
  }
  const evaluated = rules.some((rule) => rule.path !== 'none');
  return {
    allowed: true,
    reason: rules.length === 0 ? 'no_rules' : 'ok',
    monitorOnly: false,
    action,
    ...shape(binding),
    retryAfterMs: 0,
    path: anyFallback ? 'fallback' : evaluated ? 'store' : 'none',
    quota,
    rules,
  };
}
