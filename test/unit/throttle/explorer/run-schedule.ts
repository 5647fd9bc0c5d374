import {
  createThrottle,
  decodeEventLog,
  parseRuleSets,
  subjectKey,
  type ThrottleDecision,
  type ThrottleLogRecord,
  type ThrottleRuleSetsInput,
} from '../../../../src/core/throttle';
import { createFaultyStore, type FaultOdds } from './faulty-store';
import { createVirtualTimers, seededRandom } from './virtual-timers';

const SECRET = 'explorer-secret-0123456789';
const T0 = 1_700_000_000_000;
const NUMBERS = ['+447700900101', '+447700900102', '+447700900203'];
const OUTAGES = new Set(['timeout', 'transport', 'unavailable', 'rate_limited']);
const ACTION = 'x';

/** One schedule as the seed chose it, for the failure message. */
export interface ScheduleShape {
  readonly seed: number;
  readonly ruleSets: ThrottleRuleSetsInput;
  readonly decisions: number;
  readonly vetoes: boolean;
  readonly maxConflictRetries: number | undefined;
  readonly odds: FaultOdds;
}

export interface ScheduleResult {
  readonly shape: ScheduleShape;
  /** Broken invariants, in words; empty when the schedule held. */
  readonly violations: string[];
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function shapeOf(seed: number, random: () => number): ScheduleShape {
  const onStoreError = pick(random, ['closed', 'closed', 'local', 'open'] as const);
  const candidates: ThrottleRuleSetsInput = {
    [ACTION]: { subject: 'number', windows: [{ limit: 1 + Math.floor(random() * 2), per: '1m' }], onStoreError },
    'x-prefix': { action: ACTION, subject: 'prefix:8', windows: [{ limit: 1 + Math.floor(random() * 3), per: '1m' }], onStoreError },
    // Spread over two shards (in two Maps) when the seed says so: the shards' sum must stay within the limit.
    'x-global': { action: ACTION, subject: 'global', windows: [{ limit: 1 + Math.floor(random() * 3), per: '1m' }], onStoreError, shards: random() < 0.5 ? 2 : 1 },
  };
  const names = Object.keys(candidates).filter(() => random() < 0.6);
  const chosen = names.length > 0 ? names : [pick(random, Object.keys(candidates))];
  const faulty = random() < 0.7;
  return {
    seed,
    ruleSets: Object.fromEntries(chosen.map((name) => [name, candidates[name]])),
    decisions: 2 + Math.floor(random() * 3),
    vetoes: random() < 0.5,
    maxConflictRetries: pick(random, [1, 2, 3, undefined]),
    odds: faulty
      ? { lost_race: 0.15 * random(), timeout_after_landing: 0.08 * random(), rate_limited: 0.05 * random(), unavailable: 0.05 * random(), hang: 0.04 * random() }
      : { lost_race: 0.3 * random() },
  };
}

/** A veto whose answers are random and arrive after random delays, so they overtake each other. */
function scriptedVeto(random: () => number, timers: ReturnType<typeof createVirtualTimers>, said: { yes: boolean }) {
  const odds = random();
  return () =>
    new Promise<boolean>((resolve) => {
      const answer = random() < odds;
      if (answer) said.yes = true;
      timers.setTimer(() => resolve(answer), Math.floor(random() * 40));
    });
}

/**
 * Runs one seeded schedule: 2 to 4 concurrent decisions, each on its own throttle instance (its
 * own blocked cache and local store) over one faulty shared store in virtual time, with the
 * production budgets; then checks every invariant of issue 12 once all timers have fired.
 */
export async function runSchedule(seed: number): Promise<ScheduleResult> {
  const random = seededRandom(seed);
  const shape = shapeOf(seed, random);
  const timers = createVirtualTimers();
  const store = createFaultyStore(timers, random, shape.odds);
  const ruleSets = parseRuleSets(shape.ruleSets, {});
  const records: ThrottleLogRecord[] = [];
  const decisions: Array<{ number: string; saidYes: { yes: boolean }; decision?: ThrottleDecision }> = [];

  for (let index = 0; index < shape.decisions; index++) {
    const number = pick(random, NUMBERS);
    const saidYes = { yes: false };
    const throttle = createThrottle({
      store,
      secret: SECRET,
      ruleSets,
      now: () => T0,
      timers,
      random,
      storeShards: 2,
      logger: (record) => records.push(record),
      ...(shape.maxConflictRetries ? { maxConflictRetries: shape.maxConflictRetries } : {}),
    });
    const veto = shape.vetoes ? scriptedVeto(random, timers, saidYes) : undefined;
    const entry: (typeof decisions)[number] = { number, saidYes };
    decisions.push(entry);
    timers.setTimer(() => {
      void throttle.evaluate(ACTION, { number, country: 'GB' }, { veto }).then((decision) => (entry.decision = decision));
    }, Math.floor(random() * 30));
  }
  await timers.runUntilIdle();
  return { shape, violations: violationsOf(decisions, records, store.peek, ruleSets) };
}

function violationsOf(
  decisions: ReadonlyArray<{ number: string; saidYes: { yes: boolean }; decision?: ThrottleDecision }>,
  records: readonly ThrottleLogRecord[],
  peek: (key: string) => unknown,
  ruleSets: ReturnType<typeof parseRuleSets>,
): string[] {
  const violations: string[] = [];
  if (decisions.some((entry) => !entry.decision)) return ['a decision never settled'];
  const settled = decisions as ReadonlyArray<{ number: string; saidYes: { yes: boolean }; decision: ThrottleDecision }>;
  for (const [index, { decision, saidYes }] of settled.entries()) {
    if (saidYes.yes && decision.allowed) violations.push(`decision ${index} was admitted although its veto answered true`);
    // Callers refuse on `vetoed` (start-verification names the adaptive rule): a veto that once
    // answered true must show, whatever it answered later.
    if (saidYes.yes !== (decision.vetoed === true)) violations.push(`decision ${index}: veto answered true ${saidYes.yes}, decision vetoed ${String(decision.vetoed)}`);
    for (const rule of decision.rules) {
      if (rule.path === 'fallback' && !OUTAGES.has(String(rule.storeError)) && rule.reason !== 'store_error_closed') {
        violations.push(`decision ${index}: rule ${rule.rule} fell back (${rule.reason}) on ${String(rule.storeError)}, which is no outage`);
      }
      if (decision.allowed && rule.mode === 'enforce' && rule.key && rule.reason !== 'store_error_open' && rule.path !== 'fallback' && !rule.committed) {
        violations.push(`decision ${index} was admitted with rule ${rule.rule} uncommitted`);
      }
    }
  }
  for (const ruleSet of ruleSets.values()) {
    const keys = new Set(settled.flatMap(({ decision }) => decision.rules.filter((rule) => rule.rule === ruleSet.name && rule.key).map((rule) => rule.key as string)));
    // A sharded subject's shards together never admit more than its limit.
    const subjects = new Set([...keys].map((key) => key.replace(/~\d+$/, '')));
    for (const subject of subjects) {
      const admittedOnShards = settled.filter(({ decision }) => decision.allowed && decision.rules.some((rule) => rule.key?.replace(/~\d+$/, '') === subject && !OUTAGES.has(String(rule.storeError)))).length;
      if (admittedOnShards > ruleSet.windows[0].limit) violations.push(`${admittedOnShards} admitted over the shards of ${ruleSet.name} under a limit of ${ruleSet.windows[0].limit}`);
    }
    for (const key of keys) {
      // Only an outage excuses an admission from the shared log (the rule set's `local` or `open` policy decided).
      const excused = (rule: ThrottleDecision['rules'][number]) => OUTAGES.has(String(rule.storeError)) && (rule.path === 'fallback' || rule.reason === 'store_error_open');
      const counted = settled.filter(({ decision }) => decision.allowed && decision.rules.some((rule) => rule.key === key && !excused(rule)));
      const limit = ruleSet.windows[0].limit; // a shard's own limit is smaller still; the sum is checked above
      if (counted.length > limit) violations.push(`${counted.length} decisions admitted on the shared log of ${ruleSet.name} under a limit of ${limit}`);
      const stored = decodeEventLog(peek(key))?.length ?? 0;
      if (stored < counted.length) violations.push(`${ruleSet.name}: ${counted.length} admitted but only ${stored} events stored`);
      const leftovers = records.filter(
        (record) => record.key === key && (record.event === 'throttle.compensation_failed' || (record.event === 'throttle.write_landed_after_timeout' && record.removed === false)),
      ).length;
      const openAdmissions = settled.filter(({ decision }) => decision.allowed && decision.rules.some((rule) => rule.key === key && excused(rule))).length;
      if (stored > counted.length + leftovers + openAdmissions) {
        violations.push(`${ruleSet.name}: ${stored} events stored for ${counted.length} admissions, ${leftovers} logged leftovers`);
      }
    }
  }
  return violations;
}

export { subjectKey };
