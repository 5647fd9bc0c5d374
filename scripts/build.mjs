#!/usr/bin/env node
// Builds the deployable bundle into dist/:
//   dist/functions/**.js  one self-contained CommonJS file per function (src/core bundled in),
//                         because Twilio deploys each function under a generated name and a
//                         relative import between function files breaks after deploy.
//   dist/assets/**        static and private assets, never .ts files or source maps.
//   dist/cli/gatekeeper.js, dist/emulator/cli.js   the CLI and the local Twilio API emulator.
//   dist/bench/*.bench.js  benchmarks (not deployed).
//   dist/emulator/local-account.js  the local account `npm start` provisions.
// Flags: --no-typecheck skips `tsc --noEmit` (used by `npm start` when only re-bundling).
//
// dist/ is a symbolic link to a finished build, a `.dist-<time>-<pid>` folder beside it: each
// build writes a new folder and then swaps the link in one rename, so a running stack (npm start,
// a test run) never sees a missing or half-written dist/ while another build runs. The folders sit
// at dist/'s own depth because Node runs a file from its real path: `__dirname/..` in a built
// file must still be the project root.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_PREFIX = '.dist-';
const stamp = `${Date.now()}-${process.pid}`;
// Everything below writes here; the swap at the end makes it dist/.
const dist = join(root, `${BUILD_PREFIX}building-${stamp}`);
const skipTypecheck = process.argv.includes('--no-typecheck');
/** An unfinished build folder older than this belongs to a build that died; it is removed. */
const STALE_BUILD_MS = 60 * 60 * 1000;

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function typecheck() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build: type-check failed');
    process.exit(result.status ?? 1);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

async function buildFunctions() {
  const srcDir = join(root, 'src', 'functions');
  const entries = listFiles(srcDir).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  for (const entry of entries) {
    // `voice/inbound.protected.ts` -> `dist/functions/voice/inbound.protected.js`: the suffix
    // before `.ts` is what makes Twilio treat the function as protected or private.
    const out = join(dist, 'functions', relative(srcDir, entry).replace(/\.ts$/, '.js'));
    await build({ ...common, entryPoints: [entry], outfile: out });
  }
  return entries.length;
}

function copyAssets() {
  const srcDir = join(root, 'src', 'assets');
  if (!existsSync(srcDir)) return 0;
  let copied = 0;
  cpSync(srcDir, join(dist, 'assets'), {
    recursive: true,
    filter: (source) => {
      if (statSync(source).isDirectory()) return true;
      const keep = !/\.(ts|map)$/.test(source);
      if (keep) copied += 1;
      return keep;
    },
  });
  return copied;
}

// Benchmarks (bench/*.bench.ts) run from dist/bench so they measure the same bundled code; they
// are never deployed (only dist/functions and dist/assets are).
async function buildBenchmarks() {
  const entries = listFiles(join(root, 'bench')).filter((file) => file.endsWith('.bench.ts'));
  for (const entry of entries) {
    await build({ ...common, entryPoints: [entry], outfile: join(dist, 'bench', relative(join(root, 'bench'), entry).replace(/\.ts$/, '.js')) });
  }
  await build({ ...common, entryPoints: [join(root, 'bench', 'attack', 'run-attack.ts')], outfile: join(dist, 'bench', 'attack.js') });
  await build({ ...common, entryPoints: [join(root, 'bench', 'attack', 'sweep.ts')], outfile: join(dist, 'bench', 'attack-sweep.js') });
  await build({ ...common, entryPoints: [join(root, 'bench', 'attack', 'bundle-process.ts')], outfile: join(dist, 'bench', 'attack-bundle.js') });
  await build({ ...common, entryPoints: [join(root, 'bench', 'sim', 'simulate-report.ts')], outfile: join(dist, 'bench', 'simulate-report.js') });
}

async function buildTools() {
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'cli', 'gatekeeper.ts')],
    outfile: join(dist, 'cli', 'gatekeeper.js'),
    banner: { js: '#!/usr/bin/env node' },
  });
  chmodSync(join(dist, 'cli', 'gatekeeper.js'), 0o755);
  await build({ ...common, entryPoints: [join(root, 'emulator', 'cli.ts')], outfile: join(dist, 'emulator', 'cli.js') });
  await build({ ...common, entryPoints: [join(root, 'emulator', 'local-account.ts')], outfile: join(dist, 'emulator', 'local-account.js') });
}

/** Makes `finished` the target of dist/ with one rename of a fresh link over the old one. */
function swapDist(finished) {
  const link = join(root, 'dist');
  let previous = null;
  if (existsSync(link) || isLink(link)) {
    if (isLink(link)) previous = resolve(root, readlinkSync(link));
    // A dist/ folder from an older build layout: moved aside once, removed with the old builds.
    else renameSync(link, join(root, `${BUILD_PREFIX}old-${stamp}`));
  }
  const next = join(root, `${BUILD_PREFIX}link-${stamp}`);
  if (process.platform === 'win32') symlinkSync(finished, next, 'junction');
  else symlinkSync(relative(root, finished), next, 'dir');
  renameSync(next, link);
  return previous;
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Removes builds no stack can still be serving: all but the new and the previous one. */
function removeOldBuilds(keep) {
  for (const entry of readdirSync(root).filter((name) => name.startsWith(BUILD_PREFIX))) {
    const full = join(root, entry);
    if (keep.includes(full)) continue;
    const unfinished = entry.startsWith(`${BUILD_PREFIX}building-`) || entry.startsWith(`${BUILD_PREFIX}link-`);
    if (unfinished && Date.now() - lstatSync(full).mtimeMs < STALE_BUILD_MS) continue;
    rmSync(full, { recursive: true, force: true });
  }
}

const started = Date.now();
if (!skipTypecheck) typecheck();
try {
  const functions = await buildFunctions();
  const assets = copyAssets();
  await buildTools();
  await buildBenchmarks();
  const finished = join(root, `${BUILD_PREFIX}${stamp}`);
  renameSync(dist, finished);
  const previous = swapDist(finished);
  removeOldBuilds([finished, previous]);
  console.log(`build: ${functions} functions, ${assets} assets, cli and emulator -> dist${sep} in ${Date.now() - started} ms`);
} catch (error) {
  rmSync(dist, { recursive: true, force: true });
  // esbuild has already printed its errors with file and line; anything else is printed here.
  if (!error?.errors) console.error(error);
  console.error('build: bundling failed; dist/ still holds the previous build');
  process.exit(1);
}
