import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../helpers/bundle-server';

// Runs after `npm run build` (npm test builds first). Checks that dist/ deploys as is.
const dist = join(PROJECT_ROOT, 'dist');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const sourceFunctions = walk(join(PROJECT_ROOT, 'src', 'functions')).filter((file) => file.endsWith('.ts'));
const builtFunctions = walk(join(dist, 'functions'));

describe('dist layout', () => {
  it('has one built file per source function, with .protected/.private suffixes kept', () => {
    const expected = sourceFunctions.map((file) => relative(join(PROJECT_ROOT, 'src', 'functions'), file).replace(/\.ts$/, '.js')).sort();
    const actual = builtFunctions.map((file) => relative(join(dist, 'functions'), file)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });

  it('exports handler from every built function, loaded in a fresh Node process', () => {
    const script = `
      const files = JSON.parse(process.argv[1]);
      const result = {};
      for (const file of files) {
        try { result[file] = typeof require(file).handler; } catch (error) { result[file] = 'throws: ' + error.message; }
      }
      process.stdout.write(JSON.stringify(result));
    `;
    const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(builtFunctions)], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const types = JSON.parse(output) as Record<string, string>;
    for (const file of builtFunctions) expect({ file, type: types[file] }).toEqual({ file, type: 'function' });
  });

  it('never requires a relative path from a built function (Twilio renames function files on deploy)', () => {
    for (const file of builtFunctions) {
      const code = readFileSync(file, 'utf8');
      const relativeRequires = code.match(/require\(\s*["'`]\.{1,2}\/[^"'`]*["'`]\s*\)/g) ?? [];
      expect({ file, relativeRequires }).toEqual({ file, relativeRequires: [] });
    }
  });

  it('requires only runtime dependencies from built functions', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(Object.keys(pkg.dependencies));
    for (const file of builtFunctions) {
      const code = readFileSync(file, 'utf8');
      const packages = [...code.matchAll(/require\(\s*["']([^"'./][^"']*)["']\s*\)/g)]
        .map((match) => match[1])
        .filter((name) => !name.startsWith('node:') && !builtinModules.includes(name))
        .map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]));
      for (const name of packages) expect({ file, name, installedOnDeploy: allowed.has(name) }).toEqual({ file, name, installedOnDeploy: true });
    }
  });

  it('ships no TypeScript sources or source maps in assets or functions', () => {
    const offenders = walk(dist).filter((file) => /\.(ts|map)$/.test(file) || /sourceMappingURL=/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('points twilio-run at dist with the node22 runtime', () => {
    const rc = JSON.parse(readFileSync(join(PROJECT_ROOT, '.twilioserverlessrc'), 'utf8'));
    expect(rc).toEqual({ functionsFolder: 'dist/functions', assetsFolder: 'dist/assets', runtime: 'node22' });
  });

  it('pins @twilio/runtime-handler exactly in dependencies, as twilio-run requires', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@twilio/runtime-handler']).toMatch(/^\d+\.\d+\.\d+$/);
    for (const version of Object.values<string>(pkg.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('builds an executable CLI and the emulator', () => {
    expect(readFileSync(join(dist, 'cli', 'gatekeeper.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const version = execFileSync(process.execPath, [join(dist, 'cli', 'gatekeeper.js'), 'version'], { encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version);
    expect(existsSync(join(dist, 'emulator', 'cli.js'))).toBe(true);
  });
});
