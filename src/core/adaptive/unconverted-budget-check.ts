import type { ReadLogs, Throttle, ThrottleSubject } from '../throttle';
import { parseSubjectKind, resolveSubject } from '../throttle/subject';
import type { AdaptiveCheck } from './adaptive-check';
import type { AdaptiveLogRules } from './adaptive-logs';
import { createApprovalsCache, judgeWithCachedApprovals, type ApprovalsCache } from './approvals-cache';
import { createBlockMemory, type BlockMemory } from './block-memory';
import { escalates, evaluateUnconvertedBudget, type UnconvertedBudgetDecision, type UnconvertedBudgetRule } from './unconverted-budget';
import { budgetLogRules } from './unconverted-logs';
import { isCountryBudgetRule, judgeCountry, nearThreshold, type CountryBudgetRule } from './country-budget';
import { countryLogRules, readCountryCounts } from './country-logs';
import { createCountryTallies, type CountryTallies } from './country-tallies';

/** A warm instance's memory for the budgets: scopes they refused, and approvals read recently. */
export interface BudgetMemory {
  /** Keyed by `budgetScopeKey`. */
  readonly refusals: BlockMemory<UnconvertedBudgetDecision>;
  readonly approvals: ApprovalsCache;
  /** Countries' counts for the country budget, read at most once per its refresh time. */
  readonly tallies: CountryTallies;
}

export function createBudgetMemory(): BudgetMemory {
  return { refusals: createBlockMemory<UnconvertedBudgetDecision>(), approvals: createApprovalsCache(), tallies: createCountryTallies() };
}

/** The scope a request falls in for a budget (`prefix:6|447400`, `country|GB`), or undefined when it has none. Instance memory only. */
export function budgetScopeKey(rule: UnconvertedBudgetRule, subject: ThrottleSubject): string | undefined {
  const kind = parseSubjectKind(rule.scope);
  const resolved = kind ? resolveSubject(kind, subject) : undefined;
  return resolved?.ok ? `${rule.scope}|${resolved.value}` : undefined;
}

/** A refusal this instance remembers for one of the request's scopes (no store read), if any. */
export function rememberedBudgetRefusal(memory: BudgetMemory, rules: readonly UnconvertedBudgetRule[], subject: ThrottleSubject, now: number): UnconvertedBudgetDecision | undefined {
  const ranges = (budget: UnconvertedBudgetRule) => (isCountryBudgetRule(budget) && budget.range ? [budget.range] : []);
  for (const rule of rules.flatMap((budget) => [budget, ...(budget.escalation ? [budget.escalation] : []), ...ranges(budget)])) {
    const key = budgetScopeKey(rule, subject);
    const remembered = key ? memory.refusals.get(key, now) : undefined;
    if (remembered) return remembered;
  }
  return undefined;
}

/**
 * Whether this instance last saw `country` strict (or spent) under the country budget, from the
 * counts it already holds (no read): what the gate uses before its paid Lookup, which fails
 * closed in a strict country. False when there is no country budget or nothing is known yet.
 */
export function countryLooksStrict(memory: BudgetMemory, rules: readonly UnconvertedBudgetRule[], country: string | undefined): boolean {
  const rule = rules.find(isCountryBudgetRule);
  const counts = rule && country ? memory.tallies.lastKnown(country) : undefined;
  if (!rule || !counts) return false;
  const state = judgeCountry(rule, counts, { knownApprovals: memory.tallies.knownApprovals() }).state;
  return state === 'strict' || state === 'spent';
}

/** Everything one budget needs to judge one request: its logs and the request's scope in it. */
interface BoundBudget {
  readonly rule: UnconvertedBudgetRule;
  readonly logs: AdaptiveLogRules;
  readonly key: string;
}

function bind(throttle: Throttle, rule: UnconvertedBudgetRule, subject: ThrottleSubject): BoundBudget | undefined {
  const logs = budgetLogRules(throttle.ruleSets, rule);
  const key = budgetScopeKey(rule, subject);
  return logs && key ? { rule, logs, key } : undefined;
}

/**
 * Judges one budget on the starts log the throttle read, reading approvals only when the
 * starts alone reach the budget (see `judgeWithCachedApprovals`).
 */
function judgeBudget(throttle: Throttle, memory: BudgetMemory, budget: BoundBudget, subject: ThrottleSubject, logs: ReadLogs, now: number): Promise<UnconvertedBudgetDecision> {
  const starts = logs.get(budget.logs.starts);
  return judgeWithCachedApprovals(
    (approvals) => evaluateUnconvertedBudget(budget.rule, starts, approvals, now),
    memory.approvals,
    `${budget.logs.approvals}|${budget.key}`,
    now,
    () => throttle.peek(budget.logs.approvals, subject),
  );
}

/** One budget and, when it is exhausted but converting, the stricter budget it escalates to. */
interface BudgetCheck {
  judge(logs: ReadLogs, now: number): Promise<{ decision: UnconvertedBudgetDecision; key: string }>;
}

/**
 * The country budget: judged on the country's counts (read by this instance at most once per
 * refresh time, the read started at once so it overlaps the throttle's own read), and, while the
 * country is strict, on the request's range budget over the starts log the throttle read.
 */
function countryBudgetCheck(throttle: Throttle, memory: BudgetMemory, rule: CountryBudgetRule, subject: ThrottleSubject, context: BudgetCheckContext): BudgetCheck | undefined {
  const startedAt = context.now ?? Date.now();
  const logs = countryLogRules(throttle.ruleSets, rule);
  const key = budgetScopeKey(rule, subject);
  const country = subject.country;
  if (!logs || !key || !country) return undefined;
  const counts = memory.tallies.counts(country, startedAt, rule.refreshMs, () => readCountryCounts(throttle, logs, rule, subject));
  const finer = bind(throttle, rule.escalation, subject);
  const normalRange = rule.range ? bind(throttle, rule.range, subject) : undefined;
  return {
    async judge(read, now) {
      const judged = judgeCountry(rule, await counts, { knownApprovals: memory.tallies.knownApprovals() });
      if (nearThreshold(judged)) memory.tallies.expire(country);
      if (judged.state === 'normal' && normalRange) {
        // A normal country still judges the request's range by its looser budget.
        const ranged = await judgeBudget(throttle, memory, normalRange, subject, read, now);
        if (!ranged.allowed) return { decision: ranged, key: normalRange.key };
      }
      if (judged.state !== 'strict' || !finer) return { decision: judged.decision, key };
      // Strict: codes by call are refused (remembered apart, so SMS to the country is not), ...
      if (context.channel === 'call') return { decision: { ...judged.decision, reason: 'strict_channel' }, key: `${key}|call` };
      // ... and this request's range is judged and remembered, never the whole country.
      const strict = await judgeBudget(throttle, memory, finer, subject, read, now);
      return { decision: { ...strict, escalatedFrom: judged.decision }, key: finer.key };
    },
  };
}

/** What the budgets need beyond the request's subject. */
export interface BudgetCheckContext {
  /** The gate's clock when the check is made (the country's counts are read from then). Default `Date.now()`. */
  now?: number;
  /** The Verify channel asked for: a strict country refuses `call`. */
  channel?: string;
}

function budgetCheck(throttle: Throttle, memory: BudgetMemory, rule: UnconvertedBudgetRule, subject: ThrottleSubject, context: BudgetCheckContext): BudgetCheck | undefined {
  if (isCountryBudgetRule(rule)) return countryBudgetCheck(throttle, memory, rule, subject, context);
  const own = bind(throttle, rule, subject);
  if (!own) return undefined;
  const finer = rule.escalation ? bind(throttle, rule.escalation, subject) : undefined;
  return {
    async judge(logs, now) {
      const decision = await judgeBudget(throttle, memory, own, subject, logs, now);
      if (!finer || !escalates(decision)) return { decision, key: own.key };
      // Escalated: the finer scope (this request's range) is judged and remembered, never the whole country.
      const strict = await judgeBudget(throttle, memory, finer, subject, logs, now);
      return { decision: { ...strict, escalatedFrom: decision }, key: finer.key };
    },
  };
}

/**
 * The veto that judges every budget on the starts logs the throttle read with its limits (no
 * read of its own). A scope's approvals are read only when its starts alone reach the budget,
 * and then from this instance's recent reads when they suffice; a refusal is always judged on a
 * fresh read. A failed approvals read leaves the scope unjudged (the hard limits still hold).
 * An exhausted scope with an `escalation` whose codes people enter is not refused: the request
 * is judged by the stricter budget of its finer scope instead. `monitor` judges and reports but
 * never refuses. A refusal is remembered for the scope that refused. `result()` is the refusal,
 * or else the first decision that is not a plain `ok` (escalated, or not judged), or undefined.
 * Returns undefined when no budget applies.
 *
 * The country budget starts reading its counts when the check is made, so pass `context.now`,
 * the gate's clock, and make the check before the throttle reads.
 *
 * @example
 * const check = startUnconvertedBudgetCheck(throttle, rules, { number: '+447400123456', country: 'GB' }, false, memory, { now, channel: 'sms' });
 * await throttle.evaluate('verify-start', subject, { veto: check?.veto });
 */
export function startUnconvertedBudgetCheck(
  throttle: Throttle,
  rules: readonly UnconvertedBudgetRule[],
  subject: ThrottleSubject,
  monitor: boolean,
  memory: BudgetMemory,
  context: BudgetCheckContext = {},
): AdaptiveCheck<UnconvertedBudgetDecision> | undefined {
  const checks = rules.flatMap((rule) => budgetCheck(throttle, memory, rule, subject, context) ?? []);
  if (checks.length === 0) return undefined;
  let latest: UnconvertedBudgetDecision[] = [];
  let refusal: UnconvertedBudgetDecision | undefined;
  return {
    async veto(logs, now) {
      const judged = await Promise.all(checks.map((check) => check.judge(logs, now)));
      latest = judged.map(({ decision }) => decision);
      const refused = judged.find(({ decision }) => !decision.allowed);
      if (!refused || monitor) return false;
      refusal ??= refused.decision;
      memory.refusals.set(refused.key, refused.decision, now);
      return true;
    },
    result: () => refusal ?? latest.find((decision) => !decision.allowed) ?? latest.find((decision) => decision.reason !== 'ok' || decision.escalatedFrom),
  };
}
