#!/usr/bin/env node
// `npm run bench:runs -- [N] [name...]`: runs `npm run bench -- --json [name...]` N times (default
// 3), one after another, and prints every numeric figure as the median of the runs with its range,
// plus booleans that must hold in every run (true only if true each time). This is the command
// behind the figures in docs/performance.md: a single run on a 2-core machine is noise.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 3;
if (runs < 1 || runs > 20) {
  console.error('bench:runs: the number of runs must be 1 to 20');
  process.exit(2);
}

function leaves(value, path, out) {
  if (typeof value === 'number' || typeof value === 'boolean') out.set(path, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
  return out;
}

const results = [];
const loads = [];
for (let run = 0; run < runs; run += 1) {
  loads.push(loadavg()[0]);
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'bench.mjs'), '--json', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const last = (result.stdout ?? '').trimEnd().split('\n').at(-1) ?? '';
  if (result.status !== 0) {
    console.error(`bench:runs: run ${run + 1} failed (exit ${result.status})\n${result.stderr}`);
    process.exit(1);
  }
  results.push(leaves(JSON.parse(last), '', new Map()));
  process.stderr.write(`bench:runs: run ${run + 1} of ${runs} done\n`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const show = (n) => String(Math.round(n * 1000) / 1000);
const summary = {};
console.log(`${runs} runs; 1-minute load average at each start: ${loads.map((load) => load.toFixed(2)).join(', ')}`);
for (const key of results[0].keys()) {
  const values = results.map((result) => result.get(key)).filter((value) => value !== undefined);
  if (typeof values[0] === 'boolean') {
    summary[key] = values.every(Boolean);
    console.log(`${key.padEnd(52)} ${summary[key]} in ${values.filter(Boolean).length} of ${values.length} runs`);
  } else {
    summary[key] = { median: median(values), min: Math.min(...values), max: Math.max(...values) };
    console.log(`${key.padEnd(52)} ${show(summary[key].median)} (${show(summary[key].min)}-${show(summary[key].max)})`);
  }
}
console.log(JSON.stringify({ runs, loadAverages: loads, figures: summary }));
