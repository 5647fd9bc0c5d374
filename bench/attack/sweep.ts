/**
 * `npm run attack:sweep -- <scenario> [--json]`: runs one attack scenario once per point of a grid
 * of policy settings, each against a fresh local stack (as `npm run attack` does) with the built
 * policy asset overridden, and prints one row per point: the settings, the attack sends and the
 * legitimate success rate. That is the trade-off curve a default is picked from
 * (docs/performance.md). Every point runs the tune seed (`TUNE_SEED`), never the report seeds. With --json the rows go to standard error and the last line of standard
 * output is one JSON array, one object per point.
 *
 * A sweep for another scenario is one entry in `SWEEPS`: the scenario and the axes it varies.
 */
import { DEFAULT_RULE_SETS } from '../../src/core/throttle';
import { mergePolicy, policyWithOverride, type PolicyOverride } from './policy-bundle';
import { runScenario } from './run-scenario';
import { TUNE_SEED } from './seeds';
import type { Scenario, ScenarioResult } from './scenario';
import { verifyPumpingSpread } from './scenarios/verify';
import { tdosInbound } from './scenarios/voice';
import { ROOT, type DecisionRecord } from './stack';

/** One setting a sweep varies: its column heading, the values tried, and how each is written in the policy file. */
interface SweepAxis {
  name: string;
  values: readonly number[];
  policy(value: number): PolicyOverride;
}

interface Sweep {
  scenario: Scenario;
  /** Crossed: every combination of values is one point, the first axis varying slowest. */
  axes: readonly SweepAxis[];
}

interface SweepPoint {
  settings: Record<string, number>;
  policy: PolicyOverride;
}

/**
 * What the sweep reports per point: the settings, what the scenario measured with them, and how
 * many decisions a throttle took from its `onStoreError` fallback because Sync did not answer
 * (a Map's request budget is shared by every admitted request): with `local`, those are decided
 * per instance and can admit a subject past its limit.
 */
type SweepRow = { settings: Record<string, number>; policy: PolicyOverride; storeFallbacks: number } & ScenarioResult;

function isStoreFallback(record: DecisionRecord): boolean {
  return [record.throttle, record.overall].some((decision) => (decision as { path?: unknown } | null | undefined)?.path === 'fallback');
}

/**
 * A default rule set with the limit of its `1m` window set to `limit`. Its longer windows keep
 * their default limits, raised to `limit` where lower: a window may not admit fewer in an hour
 * than in a minute it contains. A limit above 1000 (`MAX_WINDOW_LIMIT`) is refused by the policy
 * check before any point runs.
 */
function minuteLimit(ruleSetName: string, limit: number): PolicyOverride {
  const ruleSet = DEFAULT_RULE_SETS[ruleSetName];
  if (!ruleSet) throw new Error(`sweep: no default rule set ${ruleSetName}`);
  if (!ruleSet.windows.some((window) => window.per === '1m')) throw new Error(`sweep: ${ruleSetName} has no 1m window`);
  const windows = ruleSet.windows.map((window) => ({ limit: window.per === '1m' ? limit : Math.max(window.limit, limit), per: window.per }));
  return { throttles: { [ruleSetName]: { windows } } };
}

const SWEEPS: Record<string, Sweep> = {
  // The per-caller allowance times the spoofed callers is what a flood gets admitted; the overall
  // rate is what it then takes from legitimate callers. 1000/1m is the largest limit allowed and
  // more than the scenario's flood can reach through the per-caller limits: the overall rate off.
  'tdos-inbound': {
    scenario: tdosInbound,
    axes: [
      { name: 'voice-inbound/1m', values: [1, 2, 3, 5], policy: (limit) => minuteLimit('voice-inbound', limit) },
      { name: 'voice-inbound-global/1m', values: [100, 200, 400, 1000], policy: (limit) => minuteLimit('voice-inbound-global', limit) },
    ],
  },
  // Starts a range gets before its conversion is judged: codes per pumped range against real
  // users refused in a range whose codes are not entered.
  'verify-pumping-spread': {
    scenario: verifyPumpingSpread,
    axes: [{ name: 'adaptive.lowConversion.minStarts', values: [2, 3, 5, 10], policy: (minStarts) => ({ adaptive: { lowConversion: { minStarts } } }) }],
  },
};

function pointsOf(axes: readonly SweepAxis[]): SweepPoint[] {
  return axes.reduce<SweepPoint[]>(
    (points, axis) =>
      points.flatMap((point) =>
        axis.values.map((value) => ({ settings: { ...point.settings, [axis.name]: value }, policy: mergePolicy(point.policy, axis.policy(value)) })),
      ),
    [{ settings: {}, policy: {} }],
  );
}

function formatRow(axes: readonly SweepAxis[], row: SweepRow | undefined): string {
  const cells = row
    ? [
        ...axes.map((axis) => String(row.settings[axis.name])),
        String(row.attackSends),
        `${row.attackRequests}`,
        row.legitSuccessRate.toFixed(3),
        `${row.legitRequests}`,
        String(row.storeFallbacks),
        String(row.serverErrors ?? 0),
        JSON.stringify(row.topRefusals),
      ]
    : [...axes.map((axis) => axis.name), 'attackSends', 'of', 'legitSuccessRate', 'of', 'storeFallbacks', 'serverErrors', 'topRefusals'];
  const widths = [...axes.map((axis) => Math.max(axis.name.length, 6)), 11, 5, 16, 4, 14, 12];
  return cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]) : cell)).join('  ');
}

async function main() {
  const json = process.argv.includes('--json');
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const sweep = names.length === 1 ? SWEEPS[names[0]] : undefined;
  if (!sweep) {
    console.error(`usage: npm run attack:sweep -- <scenario> [--json]; scenarios with a sweep: ${Object.keys(SWEEPS).join(', ')}`);
    process.exit(2);
  }
  const points = pointsOf(sweep.axes);
  // Every point's policy is checked before the first run, so a bad value fails in a second, not
  // after minutes of runs.
  for (const point of points) policyWithOverride(ROOT, point.policy);

  const out = json ? process.stderr : process.stdout;
  out.write(`${sweep.scenario.name}: ${points.length} points (${sweep.scenario.models})\n${formatRow(sweep.axes, undefined)}\n`);
  const rows: SweepRow[] = [];
  for (const point of points) {
    const { result, decisions } = await runScenario(sweep.scenario, TUNE_SEED, { policy: point.policy });
    const row: SweepRow = { settings: point.settings, policy: point.policy, storeFallbacks: decisions.filter(isStoreFallback).length, ...result };
    rows.push(row);
    out.write(`${formatRow(sweep.axes, row)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
