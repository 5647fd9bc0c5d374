#!/usr/bin/env node
// `npm run bench [-- --json] [-- name...]`: runs every built benchmark (dist/bench/*.bench.js)
// in its own Node process, one after another so they do not compete for the 2 cores, and
// collects the JSON object each prints as its last line. Prints each benchmark's readable lines
// and, with --json, one JSON object merging all metrics as the last line of standard output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'dist', 'bench');
const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

if (!existsSync(benchDir)) {
  console.error('bench: dist/bench is missing; run `npm run build` first');
  process.exit(2);
}
const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => only.length === 0 || only.includes(file.replace(/\.bench\.js$/, '')))
  .sort();

const merged = {};
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.js$/, '');
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(benchDir, file)], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const lines = (result.stdout ?? '').trimEnd().split('\n');
  let metrics;
  try {
    metrics = JSON.parse(lines.at(-1) ?? '');
  } catch {
    metrics = undefined;
  }
  if (result.status !== 0 || metrics === undefined) {
    failed += 1;
    console.error(`bench ${name}: failed (exit ${result.status})\n${result.stderr}`);
    continue;
  }
  Object.assign(merged, metrics);
  (json ? process.stderr : process.stdout).write(`${lines.slice(0, -1).join('\n')}\n  (${name}: ${Date.now() - started} ms)\n\n`);
}
if (json) console.log(JSON.stringify(merged));
process.exit(failed === 0 ? 0 : 1);
