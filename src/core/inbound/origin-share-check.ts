import type { ReadLogs, Throttle } from '../throttle';
import { judgeKnownCaller, knownCallersMayPass, type KnownCallersRule } from './known-callers';
import type { OriginMemory } from './origin-memory';
import { judgeOriginShare, type OriginShareJudgement, type OriginShareRule } from './origin-share';
import { overallPressure, readOriginCounts, type OriginShareLogs } from './origin-share-logs';

/** Other origins an instance reads at most, once per refresh, to learn the baseline it warms up on. */
export const WARM_UP_READS = 3;

export interface OriginShareCheckInput {
  rule: OriginShareRule;
  logs: OriginShareLogs;
  throttle: Pick<Throttle, 'tally' | 'storeShards'>;
  memory: OriginMemory;
  /** The caller's country (ISO 3166-1 alpha-2). */
  country: string;
  /** What the overall rate's decision read (its veto's first argument). */
  readLogs: ReadLogs;
  now: number;
  /** `inbound.knownCallers`, and whether the caller is known (asked only when its country is over its room); null or absent when off. */
  knownCaller?: KnownCallerCheck | null;
}

/** How a caller held by its country's room is asked whether it is known: the rule, and a read shared by every ask of one call. */
export interface KnownCallerCheck {
  rule: KnownCallersRule;
  isKnown(): Promise<boolean>;
  /** Called when a held caller's country is judged while an overall window is at `maxFill`: nobody could pass. */
  reserveReached(): void;
}

/**
 * Judges one call's origin inside the overall rate's decision (as its veto, so a held call writes
 * nothing). The pressure comes from the overall log the decision has just read, at no cost; only
 * under pressure are origin counts read (through the instance's memory: at most one tally per
 * origin per refresh). While this instance knows too little baseline to judge on (a call from a
 * new origin first under pressure), it also reads the origins it admitted calls from most.
 * A caller its country's room holds is let past it when `knownCaller` says it is known (one read
 * of its record, only then).
 *
 * @example
 * const judged = await checkOriginShare({ rule, logs, throttle, memory, country: 'GB', readLogs, now });
 * judged.allowed // false once GB has used its room while the overall rate is under pressure
 */
export async function checkOriginShare(input: OriginShareCheckInput): Promise<OriginShareJudgement> {
  const { rule, logs, throttle, memory, country, now } = input;
  const pressure = overallPressure(logs.overall, input.readLogs, throttle.storeShards, now);
  if (!pressure.some((window) => window.fill >= rule.pressure)) return judgeOriginShare(rule, pressure, undefined, 0);
  const read = (origin: string) => memory.counts(origin, now, rule.refreshMs, () => readOriginCounts(throttle, logs, origin));
  const counts = await read(country);
  if (memory.knownBaselineCalls() < rule.warmUpCalls) {
    const others = memory.unread(now, rule.refreshMs, WARM_UP_READS + 1).filter((origin) => origin !== country);
    await Promise.all(others.slice(0, WARM_UP_READS).map(read));
  }
  const judged = judgeOriginShare(rule, pressure, counts, memory.knownBaselineCalls());
  const known = input.knownCaller;
  if (judged.state !== 'over_room' || !known) return judged;
  if (!knownCallersMayPass(known.rule, pressure)) {
    known.reserveReached();
    return judged;
  }
  return judgeKnownCaller(known.rule, pressure, judged, await known.isKnown());
}

/** One call's origin judgement as the overall decision's veto (`EvaluateOptions.veto`), and what it decided. */
export interface OriginVeto {
  veto(readLogs: ReadLogs, now: number): Promise<boolean>;
  /** The judgement: the first refusal once there was one (the throttle's veto latch keeps a refusal too), else the latest; null before any. */
  judgement(): OriginShareJudgement | null;
}

/**
 * Wraps `checkOriginShare` as a veto for the overall decision, which may ask it again after a
 * lost race. In `monitor` mode it judges and never refuses.
 *
 * @example
 * const origin = createOriginVeto({ rule, logs, throttle, memory, country: 'CA' }, false);
 * await throttle.evaluate('voice-inbound-global', { country: 'CA' }, { veto: origin.veto });
 * origin.judgement()?.state // 'over_room'
 */
export function createOriginVeto(input: Omit<OriginShareCheckInput, 'readLogs' | 'now'>, monitor: boolean): OriginVeto {
  let judged: OriginShareJudgement | null = null;
  return {
    async veto(readLogs, now) {
      if (judged && !judged.allowed) return !monitor;
      const judgement = await checkOriginShare({ ...input, readLogs, now });
      judged = judged && !judged.allowed ? judged : judgement;
      return !judged.allowed && !monitor;
    },
    judgement: () => judged,
  };
}
