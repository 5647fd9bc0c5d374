import type { BlockMemory } from '../adaptive/block-memory';
import type { EvaluateOptions, ReadLogs, TallyResult, Throttle } from '../throttle';
import { REPEATS_ACTION, type RangeRepeatLogs } from './range-repeat-logs';
import { callsInDay, isRepeat, judgeRangeRepeat, RANGE_REPEAT_WINDOW_MS, type RangeRepeatDecision, type RangeRepeatRule } from './range-repeats';

type Veto = NonNullable<EvaluateOptions['veto']>;

/** The range-repeat budget bound to one call: a throttle veto, and the decision it reached. */
export interface RangeRepeatCheck {
  /** Pass to `throttle.evaluate('voice-outbound', …)`: refuses (unless monitoring) before anything is written. */
  readonly veto: Veto;
  /** The decision, once the throttle has asked the veto (undefined when it never did, e.g. a throttle denial). */
  result(): RangeRepeatDecision | undefined;
}

/**
 * How long an instance refuses a country's repeats from memory before reading its counts again.
 * Room comes back slowly (a tenth of a repeat per scattered call, or a repeat leaving the day),
 * so five minutes costs a real repeat little and keeps a pumper's refused repeats from tallying
 * the country's sharded log every minute on every instance.
 */
export const REPEAT_RECHECK_MS = 300_000;

/** A country's refused repeat, remembered by one instance so the next repeats there cost no extra read. */
export interface RememberedRepeatRefusal {
  readonly decision: RangeRepeatDecision;
  readonly liftsInMs: number;
}

/** Per-instance memory of countries whose repeats were refused, keyed by country (see `BlockMemory`). */
export type RepeatRefusalMemory = BlockMemory<RememberedRepeatRefusal>;

/** What one call's judgement needs besides the logs the call's own throttle decision read. */
interface CallScope {
  readonly throttle: Throttle;
  readonly rule: RangeRepeatRule;
  readonly logs: RangeRepeatLogs;
  readonly country: string | undefined;
  readonly monitor: boolean;
  readonly memory: RepeatRefusalMemory | undefined;
}

function dayCount(tally: TallyResult): number | undefined {
  return tally.ok ? tally.windows.find((window) => window.windowMs === RANGE_REPEAT_WINDOW_MS)?.count : undefined;
}

/**
 * Judges one call. The range's calls come from the call's own throttle reads (no extra round
 * trip); only a repeat reads the country's calls (a tally) while it reads and, when admitted,
 * writes the country's repeats (`voice-outbound-repeats`, with the judgement as its veto): two
 * more round trips for a repeat, none for a call to a range nobody called today. A repeat whose
 * counts cannot be read is refused (`counts_unknown`).
 */
async function judgeCall(scope: CallScope, read: ReadLogs, now: number): Promise<RangeRepeatDecision> {
  const { rule, logs, country, memory } = scope;
  const rangeTimes = read.get(logs.range);
  if (rangeTimes === undefined) return judgeRangeRepeat(rule, rule.freePerRange, undefined);
  const rangeCalls = callsInDay(rangeTimes, now);
  if (!isRepeat(rule, rangeCalls)) return judgeRangeRepeat(rule, rangeCalls, undefined);
  const remembered = country === undefined ? undefined : memory?.get(country, now);
  if (remembered) return { ...remembered.decision, rangeCalls };
  const decision = await judgeRepeat(scope, rangeCalls);
  // Only a refusal on counts is remembered: unknown counts are asked again on the next repeat.
  if (country !== undefined && decision.reason === 'over_budget') memory?.set(country, { decision, liftsInMs: REPEAT_RECHECK_MS }, now);
  return decision;
}

/** Judges a repeat on the country's counts, recording it in the repeats log when admitted. */
async function judgeRepeat(scope: CallScope, rangeCalls: number): Promise<RangeRepeatDecision> {
  const { throttle, rule, logs, country, monitor } = scope;
  const subject = { country };
  const calls = throttle.tally(logs.country, subject);
  const judgements: RangeRepeatDecision[] = [];
  const recorded = await throttle.evaluate(REPEATS_ACTION, subject, {
    veto: async (repeatsRead, repeatsNow) => {
      const countryCalls = dayCount(await calls);
      const repeatTimes = repeatsRead.get(logs.repeats);
      const counts = countryCalls === undefined || repeatTimes === undefined ? undefined : { calls: countryCalls, repeats: callsInDay(repeatTimes, repeatsNow) };
      const judged = judgeRangeRepeat(rule, rangeCalls, counts);
      judgements.push(judged);
      return !judged.allowed && !monitor;
    },
  });
  const last = judgements.at(-1);
  if (last && (recorded.allowed || !last.allowed)) return last;
  // The repeats log refused or failed (its store, its own limit): the count is unknown, and money is at stake.
  return judgeRangeRepeat(rule, rangeCalls, undefined);
}

/**
 * Binds the range-repeat budget to one outbound call, or undefined when it is off. The veto
 * judges once per call: asked again after a lost write race, it answers the same, so a repeat
 * is recorded once (a call refused after its repeat was recorded leaves it counted, erring strict).
 * A country whose repeats were refused is remembered in `memory` for `REPEAT_RECHECK_MS`: a
 * pumper's next repeats there are refused on the call's own reads, with no extra round trip.
 *
 * @example
 * const check = startRangeRepeatCheck(throttle, rule, logs, 'GB', false);
 * await throttle.evaluate('voice-outbound', subject, { veto: check?.veto });
 */
export function startRangeRepeatCheck(
  throttle: Throttle,
  rule: RangeRepeatRule | null,
  logs: RangeRepeatLogs | undefined,
  country: string | undefined,
  monitor: boolean,
  memory?: RepeatRefusalMemory,
): RangeRepeatCheck | undefined {
  if (!rule || !logs) return undefined;
  const scope: CallScope = { throttle, rule, logs, country, monitor, memory };
  let judgement: Promise<RangeRepeatDecision> | undefined;
  let decided: RangeRepeatDecision | undefined;
  return {
    async veto(read, now) {
      judgement ??= judgeCall(scope, read, now);
      decided = await judgement;
      return !decided.allowed && !monitor;
    },
    result: () => decided,
  };
}
