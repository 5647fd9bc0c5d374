/**
 * Require time and size of the deployed files: how long `require()` of each built function takes
 * in a fresh Node process (median of 5 processes per function; the function with the slowest
 * median is reported, target <= 150 ms), against the `require` of an empty module in the same kind
 * of process as the baseline, and the size of the largest built function file. This is the part
 * of a cold start the bundle controls; the platform's own start-up is not in it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { median, report, round } from './stats';

const ROOT = join(__dirname, '..', '..');
const FUNCTIONS = join(ROOT, 'dist', 'functions');
const SPAWNS = 5;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function requireMs(file: string | null): number {
  const script = `const t = performance.now(); ${file ? `require(${JSON.stringify(file)});` : ''} process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

const files = walk(FUNCTIONS).filter((file) => file.endsWith('.js'));
const baseline = median(Array.from({ length: SPAWNS }, () => requireMs(null)));
const rows = files.map((file) => ({
  name: relative(FUNCTIONS, file),
  ms: median(Array.from({ length: SPAWNS }, () => requireMs(file))),
  kb: statSync(file).size / 1024,
}));
rows.sort((a, b) => b.ms - a.ms);
const slowest = rows[0];
const largest = Math.max(...rows.map((row) => row.kb));
report(
  [
    `require time: require() of each built function in a fresh process, median of ${SPAWNS} (baseline: empty ${round(baseline, 2)} ms)`,
    ...rows.map((row) => `  ${row.name.padEnd(32)} ${round(row.ms, 1)} ms   ${round(row.kb, 1)} KiB`),
    `  slowest ${slowest.name}: ${round(slowest.ms, 1)} ms (target <= 150); largest file ${round(largest, 1)} KiB`,
  ],
  {
    requireTime: { slowestMedianMs: round(slowest.ms, 1), slowestFunction: slowest.name, baselineMs: round(baseline, 2) },
    bundle: { maxFunctionKb: round(largest, 1), functions: rows.length },
  },
);
