/**
 * `npm run attack [-- --json] [-- --seeds N] [-- scenario...]`: runs each attack scenario once per
 * report seed against a fresh local stack (the emulator in its own process with Sync's per-Map
 * limits on and its buckets drained, several bundle processes behind a round-robin, the default
 * policy), mixing attack traffic with legitimate users, and reports per scenario the median and
 * range over seeds of what leaked and what legitimate users lost. With --json the last line of
 * standard output is `{ scenarios: [{ name, runs, attackSends, legitSuccessRate, ..., ranges }] }`
 * with medians.
 */
import { median } from '../stats';
import { runScenario } from './run-scenario';
import type { Scenario, ScenarioResult } from './scenario';
import { smishingInbound } from './scenarios/sms';
import { codeBruteforce, verifyPumpingPremium, verifyPumpingRange, verifyPumpingSpread } from './scenarios/verify';
import { callPumpingIdentity, tdosInbound } from './scenarios/voice';
import { REPORT_SEEDS } from './seeds';

const SCENARIOS: Scenario[] = [verifyPumpingPremium, verifyPumpingRange, verifyPumpingSpread, callPumpingIdentity, codeBruteforce, tdosInbound, smishingInbound];

/** A scenario over its seeds: the median of every numeric measure, its range, and the refusals of every run added up. */
export interface ScenarioSummary {
  name: string;
  runs: number;
  seeds: number[];
  attackSends: number;
  legitSuccessRate: number;
  [measure: string]: unknown;
  ranges: Record<string, [number, number]>;
  topRefusals: Record<string, number>;
  topRules: Record<string, number>;
  /** Why legitimate users failed, all runs added up. */
  legitRefusals: Record<string, number>;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

/** Medians and ranges of the numeric fields the runs share. */
export function summarize(name: string, seeds: number[], results: readonly ScenarioResult[]): ScenarioSummary {
  const numeric = Object.keys(results[0]).filter((key) => results.every((result) => typeof result[key] === 'number'));
  const medians: Record<string, number> = {};
  const ranges: Record<string, [number, number]> = {};
  for (const key of numeric) {
    const values = results.map((result) => result[key] as number);
    medians[key] = Math.round(median(values) * 1000) / 1000;
    ranges[key] = [Math.min(...values), Math.max(...values)];
  }
  const topRefusals: Record<string, number> = {};
  const topRules: Record<string, number> = {};
  const legitRefusals: Record<string, number> = {};
  for (const result of results) {
    addCounts(topRefusals, result.topRefusals);
    addCounts(topRules, result.topRules);
    addCounts(legitRefusals, (result.legitRefusals as Record<string, number> | undefined) ?? {});
  }
  return { name, runs: results.length, seeds, attackSends: medians.attackSends, legitSuccessRate: medians.legitSuccessRate, ...medians, ranges, topRefusals, topRules, legitRefusals };
}

function describe(summary: ScenarioSummary, models: string, seconds: number): string {
  const range = (key: string) => `${String(summary[key])} [${summary.ranges[key]?.join('..') ?? '-'}]`;
  const extra = Object.keys(summary.ranges)
    .filter((key) => !['attackRequests', 'attackSends', 'legitRequests', 'legitSuccessRate'].includes(key))
    .map((key) => `${key}=${range(key)}`)
    .join(' ');
  return [
    `${summary.name}: ${summary.runs} seeds (${seconds.toFixed(0)} s), medians [range]`,
    `  attack: ${range('attackRequests')} requests, ${range('attackSends')} sends${extra ? `, ${extra}` : ''}`,
    `  legit:  ${range('legitRequests')} users, success rate ${range('legitSuccessRate')}`,
    `  refusals to attack (all runs): ${JSON.stringify(summary.topRefusals)}`,
    `  legit failures (all runs):     ${JSON.stringify(summary.legitRefusals)}`,
    `  deciding rules (all runs):     ${JSON.stringify(summary.topRules)}`,
    `  models: ${models}`,
  ].join('\n');
}

function seedsFrom(argv: readonly string[]): number[] {
  const index = argv.indexOf('--seeds');
  if (index < 0) return [...REPORT_SEEDS];
  const count = Number(argv[index + 1]);
  if (!Number.isInteger(count) || count < 1 || count > REPORT_SEEDS.length) {
    console.error(`attack: --seeds takes 1 to ${REPORT_SEEDS.length} (the report seeds)`);
    process.exit(2);
  }
  return REPORT_SEEDS.slice(0, count);
}

async function main() {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const seeds = seedsFrom(argv);
  const only = argv.filter((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--seeds');
  const unknown = only.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`attack: unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const scenarios: ScenarioSummary[] = [];
  for (const scenario of SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name))) {
    const started = performance.now();
    const results: ScenarioResult[] = [];
    for (const seed of seeds) results.push((await runScenario(scenario, seed)).result);
    const summary = summarize(scenario.name, seeds, results);
    scenarios.push(summary);
    (json ? process.stderr : process.stdout).write(`${describe(summary, scenario.models, (performance.now() - started) / 1000)}\n\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ scenarios })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
