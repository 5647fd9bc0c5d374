#!/usr/bin/env node
// Builds the deployable bundle into dist/:
//   dist/functions/**.js  one self-contained CommonJS file per function (src/core bundled in),
//                         because Twilio deploys each function under a generated name and a
//                         relative import between function files breaks after deploy.
//   dist/assets/**        static and private assets, never .ts files or source maps.
//   dist/cli/gatekeeper.js, dist/emulator/cli.js   the CLI and the local Twilio API emulator.
//   dist/bench/*.bench.js  benchmarks (not deployed).
// Flags: --no-typecheck skips `tsc --noEmit` (used by `npm start` when only re-bundling).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const skipTypecheck = process.argv.includes('--no-typecheck');

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
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
if (!skipTypecheck) typecheck();
try {
  const functions = await buildFunctions();
  const assets = copyAssets();
  await buildTools();
  await buildBenchmarks();
  console.log(
    `build: ${functions} functions, ${assets} assets, cli and emulator -> ${relative(root, dist) || '.'}${sep} in ${Date.now() - started} ms`,
  );
} catch {
  // esbuild has already printed the errors with file and line.
  console.error('build: bundling failed');
  process.exit(1);
}
