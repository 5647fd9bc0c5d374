import { EventQueue } from './event-queue';
import { GroupStats, type GroupResult } from './group-stats';
import { createRandom, type Random } from './random';
import { createSimClock } from './sim-clock';
import { withReturningUsers } from './returning-users';
import { createSimDeployment } from './sim-deployment';
import { createNumberDrawer, type NumberDrawer } from './sim-numbers';
import type { SimSyncStats } from './sim-sync';
import type { SimTwilioStats } from './sim-twilio';
import { startSession, type SessionContext } from './traffic-session';
import type { Scenario, TrafficGroup } from './scenario';

/** Simulated runs start on a fixed Monday (UTC) so that every run of a seed is the same. */
export const SIM_START_MS = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;

/** A run's result: per group, and what reached the attackers. */
export interface SimulationResult {
  scenario: string;
  seed: number;
  durationHours: number;
  /** Uncounted hours of legit traffic before the run (0: the gate is deployed as the run starts). */
  historyHours: number;
  instances: number;
  groups: GroupResult[];
  /** Codes sent and calls placed or admitted for attacker groups, per 24 simulated hours. */
  sendsToAttackerPerDay: number;
  /** Lowest success rate of the legit groups (1 when there are none). */
  legitSuccessRate: number;
  store: SimSyncStats;
  twilio: SimTwilioStats;
}

export interface SimulateOptions {
  /** The policy file's text (the built-in default policy: `{}`). */
  policyText: string;
  /** Called with the share of simulated time done, at most once per simulated hour. */
  onProgress?: (done: number) => void;
}

/** The next arrival after `time` for a group's pacing (ms). */
function nextArrival(group: TrafficGroup, random: Random, arrivals: number): number {
  const meanMs = HOUR_MS / group.perHour;
  if (group.pacing === 'poisson') return random.exponential(meanMs);
  if (group.pacing === 'uniform') return meanMs;
  // burst: `burstSize` arrivals 50 ms apart, then a pause that keeps the hourly rate.
  return arrivals % group.burstSize === 0 ? meanMs * group.burstSize - 50 * (group.burstSize - 1) : 50;
}

/** Counts that only grow (store and Twilio calls), as `after` minus `before`, field by field. */
function countedSince<T extends Record<string, number>>(after: T, before: T): T {
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - before[key]])) as T;
}

/** When a group's first arrival may come: legit groups that start with the run also run through its history. */
function groupStartMs(scenario: Scenario, group: TrafficGroup): number {
  const fromMs = SIM_START_MS + group.fromHour * HOUR_MS;
  return group.kind === 'legit' && group.fromHour === 0 ? fromMs - scenario.historyHours * HOUR_MS : fromMs;
}

/** Draws a legit user's number: from the attackers' ranges for `shareFromAttackerRanges` of them. */
function legitDrawer(group: TrafficGroup, random: Random, own: NumberDrawer, attackers: NumberDrawer[]): () => string {
  const shared = attackers.filter((drawer) => drawer.ranges.length > 0);
  return () => (shared.length > 0 && random.chance(group.shareFromAttackerRanges) ? shared[random.int(shared.length)].draw() : own.draw());
}

/**
 * Runs a scenario: every group's arrivals become sessions (`startSession`) that call the
 * deployment's gates at simulated times; events run one at a time in time order on the shared
 * clock, so a day takes seconds and the same seed gives the same result. The scenario's
 * `historyHours` run first, legit groups only, and count nowhere: sessions that arrive in them
 * report to stats that are thrown away, and the store and Twilio counts start with the run.
 *
 * @example
 * const result = await simulate(parseScenario(json), { policyText: '{}' });
 * result.sendsToAttackerPerDay // codes the attackers received per simulated day
 */
export async function simulate(scenario: Scenario, options: SimulateOptions): Promise<SimulationResult> {
  const random = createRandom(scenario.seed);
  const clock = createSimClock(SIM_START_MS - scenario.historyHours * HOUR_MS);
  const hours = Math.ceil(scenario.durationHours);
  const endMs = SIM_START_MS + scenario.durationHours * HOUR_MS;
  const deployment = createSimDeployment({ clock, policyText: options.policyText, instances: scenario.instances, routing: scenario.routing, random: random.fork('routing'), store: scenario.store });
  const queue = new EventQueue();
  const schedule = (delayMs: number, run: () => Promise<void> | void) => queue.push({ time: clock.now() + delayMs, run });

  const drawers = scenario.traffic.map((group, index) => createNumberDrawer(random.fork(`numbers:${group.name}`), group.numbers, `traffic[${index}].numbers`));
  const attackerDrawers = drawers.filter((_, index) => scenario.traffic[index].kind === 'attacker');
  const allStats = scenario.traffic.map((group, index) => {
    const groupRandom = random.fork(`group:${group.name}`);
    const stats = new GroupStats(group, hours);
    const uncounted = new GroupStats(group, hours);
    const draw =
      group.kind === 'legit'
        ? withReturningUsers(legitDrawer(group, groupRandom, drawers[index], attackerDrawers), group.returningShare, random.fork(`returning:${group.name}`))
        : () => drawers[index].draw();
    let identities = 0;
    const nextIdentity = () => `${group.name}-${(identities += 1)}`;
    const context: SessionContext = { deployment, stats, random: groupRandom, now: clock.now, hour: () => Math.floor((clock.now() - SIM_START_MS) / HOUR_MS), schedule };
    const historyContext: SessionContext = { ...context, stats: uncounted };
    const groupEnd = Math.min(endMs, SIM_START_MS + group.toHour * HOUR_MS);
    let arrivals = 0;
    const arrive = () => {
      if (clock.now() >= groupEnd) return;
      const identity = group.identity === 'per-user' ? nextIdentity() : group.identity === 'fixed' ? `${group.name}-fixed` : undefined;
      startSession(clock.now() < SIM_START_MS ? historyContext : context, { group, number: draw(), identity, nextIdentity });
      arrivals += 1;
      schedule(nextArrival(group, groupRandom, arrivals), arrive);
    };
    if (group.perHour > 0) queue.push({ time: groupStartMs(scenario, group) + nextArrival(group, groupRandom, 0) * (group.pacing === 'uniform' ? groupRandom.next() : 1), run: arrive });
    return stats;
  });

  let reportedHour = -1;
  const atStart = { sync: { ...deployment.sync.stats }, twilio: { ...deployment.twilio.stats } };
  let historyOver = scenario.historyHours === 0;
  for (let event = queue.pop(); event; event = queue.pop()) {
    if (!historyOver && event.time >= SIM_START_MS) {
      historyOver = true;
      atStart.sync = { ...deployment.sync.stats };
      atStart.twilio = { ...deployment.twilio.stats };
    }
    clock.moveTo(event.time);
    await event.run();
    const hour = Math.floor((clock.now() - SIM_START_MS) / HOUR_MS);
    if (options.onProgress && hour > reportedHour) {
      reportedHour = hour;
      options.onProgress(Math.min(1, hour / scenario.durationHours));
    }
  }

  const groups = allStats.map((stats) => stats.finish());
  const attackerSends = groups.filter((group) => group.kind === 'attacker').reduce((sum, group) => sum + group.sends, 0);
  const legitRates = groups.flatMap((group) => (group.successRate === undefined ? [] : [group.successRate]));
  return {
    scenario: scenario.name,
    seed: scenario.seed,
    durationHours: scenario.durationHours,
    historyHours: scenario.historyHours,
    instances: scenario.instances,
    groups,
    sendsToAttackerPerDay: Math.round((attackerSends / scenario.durationHours) * 24 * 10) / 10,
    legitSuccessRate: legitRates.length > 0 ? Math.min(...legitRates) : 1,
    store: countedSince({ ...deployment.sync.stats }, atStart.sync),
    twilio: countedSince({ ...deployment.twilio.stats }, atStart.twilio),
  };
}
