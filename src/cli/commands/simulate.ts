/**
 * `gatekeeper simulate SCENARIO.json [--policy FILE] [--json]`: replays a scenario of users and
 * attackers against a policy with the gate's own decision code (src/sim), in simulated time.
 *
 * Prints a summary per traffic group (attempts, sends, refusals by rule, legitimate success and an
 * hourly series); with `--json`, one JSON object on the last line of standard output. A progress
 * bar goes to standard error when it is a terminal. Exit codes: 0 when it ran, 2 on bad usage,
 * an invalid scenario or an invalid policy file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadPolicy, PolicyError } from '../../core/policy';
import { parseScenario, ScenarioError, simulate, type SimulationResult } from '../../sim';
import type { GroupResult } from '../../sim/group-stats';
import { EXIT_OK, usageError, type CliIo } from '../cli-io';

export const SIMULATE_USAGE = `Usage: gatekeeper simulate SCENARIO.json [--policy FILE] [--json]

Replays a day (or a week) of users and attackers against a policy, with the gatekeeper's own
decision code, in simulated time (docs/simulate.md).

Options:
  --policy FILE  Policy file to judge (default: the scenario's "policy", else the built-in default policy).
  --json         Print one JSON object (per group: attempts, sends, refusedBy, successRate; and
                 sendsToAttackerPerDay) as the last line instead of the summary.
  -h, --help     Show this help.
`;

interface SimulateArgs {
  scenario: string | undefined;
  policy: string | undefined;
  json: boolean;
  help: boolean;
}

function parseArgs(args: readonly string[]): SimulateArgs | string {
  const parsed: SimulateArgs = { scenario: undefined, policy: undefined, json: false, help: false };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--json') parsed.json = true;
    else if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--policy' || arg.startsWith('--policy=')) {
      const value = arg === '--policy' ? args[++index] : arg.slice('--policy='.length);
      if (!value) return "option '--policy' needs a file, e.g. --policy policy.json";
      parsed.policy = value;
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else if (parsed.scenario === undefined) parsed.scenario = arg;
    else return `unexpected argument '${arg}'`;
  }
  return parsed;
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new ScenarioError(what, `file '${path}' does not exist`);
  return readFileSync(path, 'utf8');
}

/** The policy text: --policy (relative to the working directory), the scenario's `policy` (relative to the scenario), or `{}`. */
function policyTextFor(args: SimulateArgs, scenarioPolicy: string | undefined, scenarioPath: string, cwd: string): { text: string; label: string } {
  if (args.policy !== undefined) return { text: readText(resolve(cwd, args.policy), '--policy'), label: args.policy };
  if (scenarioPolicy !== undefined) return { text: readText(resolve(dirname(scenarioPath), scenarioPolicy), 'policy'), label: scenarioPolicy };
  return { text: '{}', label: 'built-in default policy' };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function groupLines(group: GroupResult): string[] {
  const refusals = Object.entries(group.refusedBy).sort(([, a], [, b]) => b - a).map(([rule, count]) => `${rule} ${count}`);
  const lines = [
    `${group.name} (${group.kind}, ${group.action}): ${group.sessions} sessions, ${group.attempts} attempts, ${group.sends} sends${group.action === 'verify' ? `, ${group.checks} checks` : ''}`,
    `  refused by: ${refusals.length > 0 ? refusals.join(', ') : 'nothing'}`,
  ];
  if (group.successRate !== undefined) {
    lines.push(`  success: ${percent(group.successRate)} (${group.succeeded} of ${group.intending} who meant to finish did within 10 minutes of their first attempt)`);
  }
  return lines;
}

function hourlyLines(result: SimulationResult): string[] {
  const header = ['hour', ...result.groups.map((group) => `${group.name} sent/refused`)];
  const rows = result.groups[0].hourly.attempts.map((_, hour) => [String(hour), ...result.groups.map((group) => `${group.hourly.sends[hour]}/${group.hourly.refused[hour]}`)]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padStart(widths[column])).join('  '));
}

/** The readable summary of a run. */
export function renderSimulationSummary(result: SimulationResult, policyLabel: string): string {
  return [
    `Scenario ${result.scenario}: seed ${result.seed}, ${result.durationHours} h${result.historyHours > 0 ? ` (after ${result.historyHours} h of uncounted history)` : ''}, ${result.instances} instances, ${policyLabel}`,
    '',
    ...result.groups.flatMap(groupLines),
    '',
    `Codes or calls reaching attackers: ${result.sendsToAttackerPerDay} per day`,
    `Store: ${result.store.reads} reads, ${result.store.writes} writes, ${result.store.rateLimited} rate-limited`,
    '',
    ...hourlyLines(result),
    '',
  ].join('\n');
}

/** The `--json` line: per group attempts, sends, refusedBy, successRate (legit) and the hourly series. */
export function simulationJson(result: SimulationResult): string {
  return JSON.stringify(result);
}

function progressBar(io: CliIo): ((done: number) => void) | undefined {
  const stderr = io.stderr as { write(text: string): unknown; isTTY?: boolean };
  if (!stderr.isTTY) return undefined;
  return (done) => {
    const filled = Math.round(done * 30);
    stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(done * 100)}%${done >= 1 ? '\n' : ''}`);
  };
}

export async function runSimulateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') return usageError(io, 'simulate', parsed);
  if (parsed.help) {
    io.stdout.write(SIMULATE_USAGE);
    return EXIT_OK;
  }
  if (parsed.scenario === undefined) return usageError(io, 'simulate', 'needs a scenario file, e.g. gatekeeper simulate bench/scenarios/pacing-pumper.json');
  const cwd = io.cwd ?? process.cwd();
  const scenarioPath = resolve(cwd, parsed.scenario);
  try {
    let json: unknown;
    try {
      json = JSON.parse(readText(scenarioPath, '(file)'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new ScenarioError('(file)', `'${parsed.scenario}' is not valid JSON: ${error.message}`);
      throw error;
    }
    const scenario = parseScenario(json);
    const policy = policyTextFor(parsed, scenario.policy, scenarioPath, cwd);
    loadPolicy(policy.text);
    const result = await simulate(scenario, { policyText: policy.text, onProgress: progressBar(io) });
    io.stdout.write(parsed.json ? `${simulationJson(result)}\n` : renderSimulationSummary(result, policy.label));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof PolicyError) return usageError(io, 'simulate', error.message);
    throw error;
  }
}
