import { shardCountOf } from '../throttle/hot-shards';
import { EXACT_LOG_MAX_LIMIT, type ThrottleRuleSet, type ThrottleRuleSets } from '../throttle/rules';
import type { ReadLogs, Throttle } from '../throttle';
import type { OriginCounts, OverallPressure } from './origin-share';

/** The overall inbound call rate the origins share, and the log of admitted calls per calling country. */
export const ORIGIN_SHARE_OVERALL_RULE = 'voice-inbound-global';
export const ORIGIN_SHARE_LOG_RULE = 'voice-inbound-origin';

/** The two rule sets `inbound.originShare` reads. */
export interface OriginShareLogs {
  readonly overall: ThrottleRuleSet;
  readonly origin: ThrottleRuleSet;
}

const longestMs = (ruleSet: ThrottleRuleSet) => ruleSet.windows[ruleSet.windows.length - 1].windowMs;

/**
 * Why the rule sets cannot serve `inbound.originShare`, or undefined: the origin log must count
 * by country in the overall rate's own decision (written once per admitted call, in the same round
 * trip), with every window of the overall rate and a longer one (the baseline); the overall rate
 * must keep an exact log (its timestamps are the pressure, read at no extra cost).
 */
export function originShareLogProblem(ruleSets: ThrottleRuleSets): string | undefined {
  const overall = ruleSets.get(ORIGIN_SHARE_OVERALL_RULE);
  const origin = ruleSets.get(ORIGIN_SHARE_LOG_RULE);
  const off = "; keep it, or set inbound.originShare to false";
  if (!overall) return `shares the overall rate of throttle ${ORIGIN_SHARE_OVERALL_RULE}, which the policy switches off${off}`;
  if (overall.subject.type !== 'global') return `shares throttle ${ORIGIN_SHARE_OVERALL_RULE}, whose subject must be 'global'${off}`;
  if (overall.maxEntries > EXACT_LOG_MAX_LIMIT) return `reads throttle ${ORIGIN_SHARE_OVERALL_RULE} as an exact log: keep its limits at most ${EXACT_LOG_MAX_LIMIT}, or set inbound.originShare to false`;
  if (!origin) return `counts calls per country in throttle ${ORIGIN_SHARE_LOG_RULE}, which the policy switches off${off}`;
  if (origin.subject.type !== 'country' || origin.action !== overall.action) {
    return `counts calls in throttle ${ORIGIN_SHARE_LOG_RULE}, which must have subject 'country' and action '${overall.action}'${off}`;
  }
  const missing = overall.windows.find((window) => !origin.windows.some((own) => own.windowMs === window.windowMs));
  if (missing) return `throttle ${ORIGIN_SHARE_LOG_RULE} needs a window of ${missing.per}, like ${ORIGIN_SHARE_OVERALL_RULE}; add it`;
  if (longestMs(origin) <= longestMs(overall)) return `throttle ${ORIGIN_SHARE_LOG_RULE} needs a window longer than ${ORIGIN_SHARE_OVERALL_RULE}'s longest (the baseline, e.g. 7d); add it`;
  return undefined;
}

/** The rule sets as `originShareLogProblem` requires them, or undefined. */
export function originShareLogs(ruleSets: ThrottleRuleSets): OriginShareLogs | undefined {
  if (originShareLogProblem(ruleSets)) return undefined;
  return { overall: ruleSets.get(ORIGIN_SHARE_OVERALL_RULE) as ThrottleRuleSet, origin: ruleSets.get(ORIGIN_SHARE_LOG_RULE) as ThrottleRuleSet };
}

/**
 * How full each window of the overall rate is, from the one shard the decision read (its events
 * over its share of the limit: the shards are picked at random, so one is a fair sample). Empty
 * when the decision did not read the shared store (a local fallback): no pressure is seen.
 *
 * @example
 * overallPressure(logs.overall, readLogs, 32, now) // [{ per: '1m', fill: 0.5, ... }, { per: '1h', fill: 0.9, ... }]
 */
export function overallPressure(overall: ThrottleRuleSet, logs: ReadLogs, storeShards: number, now: number): OverallPressure[] {
  const times = logs.get(overall.name);
  if (!times) return [];
  const shards = shardCountOf(overall, storeShards);
  return overall.windows.map((window) => {
    const count = times.filter((time) => now - time < window.windowMs).length;
    return { per: window.per, windowMs: window.windowMs, limit: window.limit, fill: count / (window.limit / shards) };
  });
}

/**
 * Reads one origin's counts: its admitted calls in each window of the overall rate, and its
 * baseline (calls before the overall rate's longest window, over the time the log has seen). One
 * tally (one read per shard, in one round trip); undefined when it fails.
 */
export async function readOriginCounts(throttle: Pick<Throttle, 'tally'>, logs: OriginShareLogs, country: string): Promise<OriginCounts | undefined> {
  const tally = await throttle.tally(logs.origin.name, { country });
  if (!tally.ok) return undefined;
  const recentMs = longestMs(logs.overall);
  const byLength = new Map(tally.windows.map((window) => [window.windowMs, window]));
  const recent = new Map(logs.overall.windows.map((window) => [window.windowMs, byLength.get(window.windowMs)?.count ?? 0]));
  const longer = tally.windows.filter((window) => window.windowMs > recentMs).sort((a, b) => a.windowMs - b.windowMs);
  const baseline = longer[longer.length - 1];
  if (!baseline) return undefined;
  // The shortest window the log does not yet fill tells its age most precisely (its buckets are the finest).
  const young = longer.find((window) => window.oldestAgeMs < window.windowMs);
  const seenMs = young ? young.oldestAgeMs : baseline.windowMs;
  return {
    recent,
    baselineCalls: Math.max(0, baseline.count - (recent.get(recentMs) ?? 0)),
    baselineSpanMs: Math.max(0, seenMs - recentMs),
  };
}
