/**
 * `npm run simulate:report [-- --set tune|report] [-- --seeds N] [-- --policy FILE] [-- --json] [-- name...]`:
 * runs every scenario of a set (`bench/scenarios/*.json` is the tune set, `bench/scenarios/report/*.json`
 * the report set) with the default policy (or the policy FILE) once per seed (the file's seed, then the next N-1), and
 * prints per scenario the median and range over seeds of what reached the attackers per day and
 * of the lowest legitimate success rate. docs/simulate.md and docs/threat-model.md quote the
 * report set; defaults are tuned on the tune set only. With --json the table goes to standard
 * error and the last line of standard output is `{ set, seeds, scenarios: [...] }`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, simulate, type SimulationResult } from '../../src/sim';
import { median } from '../stats';

const ROOT = join(__dirname, '..', '..');
const SET_DIRS = { tune: join(ROOT, 'bench', 'scenarios'), report: join(ROOT, 'bench', 'scenarios', 'report') } as const;
type SetName = keyof typeof SET_DIRS;

interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One scenario over its seeds. */
interface ScenarioSummary {
  name: string;
  seeds: number[];
  sendsToAttackerPerDay: Spread;
  legitSuccessRate: Spread;
  /** The rule that refused the attackers most often, per seed's majority. */
  topAttackRefusal: string | null;
  wallSeconds: number;
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function topRefusal(results: readonly SimulationResult[]): string | null {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const group of result.groups.filter((g) => g.kind === 'attacker')) {
      for (const [rule, count] of Object.entries(group.refusedBy)) counts.set(rule, (counts.get(rule) ?? 0) + count);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function readArgs(argv: readonly string[]): { set: SetName; seeds: number; json: boolean; only: string[]; policy: string | undefined } {
  let set: SetName = 'report';
  let policy: string | undefined;
  let seeds = 5;
  const only: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--set') {
      const value = argv[++index];
      if (value !== 'tune' && value !== 'report') throw new Error(`--set must be tune or report, not ${String(value)}`);
      set = value;
    } else if (arg === '--seeds') {
      seeds = Number(argv[++index]);
      if (!Number.isInteger(seeds) || seeds < 1) throw new Error('--seeds must be a whole number of at least 1');
    } else if (arg === '--policy') {
      policy = argv[++index];
      if (policy === undefined) throw new Error('--policy takes a policy file');
    } else if (!arg.startsWith('--')) only.push(arg);
  }
  return { set, seeds, json: argv.includes('--json'), only, policy };
}

function line(summary: ScenarioSummary): string {
  const { sendsToAttackerPerDay: sends, legitSuccessRate: legit } = summary;
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  return `${summary.name.padEnd(20)} attacker/day ${String(sends.median).padStart(8)} [${sends.min}..${sends.max}]   legit success ${pct(legit.median).padStart(6)} [${pct(legit.min)}..${pct(legit.max)}]   top refusal ${summary.topAttackRefusal ?? '-'}   (${summary.wallSeconds.toFixed(0)} s)`;
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const dir = SET_DIRS[args.set];
  const files = readdirSync(dir).filter((file) => file.endsWith('.json') && (args.only.length === 0 || args.only.includes(file.replace(/\.json$/, ''))));
  const out = args.json ? process.stderr : process.stdout;
  const policyText = args.policy === undefined ? '{}' : readFileSync(args.policy, 'utf8');
  out.write(`set ${args.set} (${dir}), ${args.seeds} seeds per scenario, ${args.policy === undefined ? 'built-in default policy' : `policy ${args.policy}`}\n`);
  const scenarios: ScenarioSummary[] = [];
  for (const file of files.sort()) {
    const base = parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const seeds = Array.from({ length: args.seeds }, (_, index) => base.seed + index);
    const started = performance.now();
    const results: SimulationResult[] = [];
    for (const seed of seeds) results.push(await simulate({ ...base, seed }, { policyText }));
    const summary: ScenarioSummary = {
      name: base.name,
      seeds,
      sendsToAttackerPerDay: spread(results.map((result) => result.sendsToAttackerPerDay)),
      legitSuccessRate: spread(results.map((result) => result.legitSuccessRate)),
      topAttackRefusal: topRefusal(results),
      wallSeconds: (performance.now() - started) / 1000,
    };
    scenarios.push(summary);
    out.write(`${line(summary)}\n`);
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ set: args.set, seeds: args.seeds, policy: args.policy ?? null, scenarios })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulate:report: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
