import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/bundle-server';

// A build while a stack runs (npm test, bench or attack beside npm start): dist/ is a link that a
// build replaces in one rename, so a function file is never missing, not even for a moment.
const DIST = join(PROJECT_ROOT, 'dist');
const FUNCTION_FILE = join(DIST, 'functions', 'health.js');

describe('the build', () => {
  it('never leaves dist/ missing or half-written while it runs', async () => {
    const build = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--no-typecheck'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => build.once('exit', resolve));
    let checks = 0;
    let missing = 0;
    let running = true;
    void exited.then(() => {
      running = false;
    });
    while (running) {
      checks += 1;
      if (!existsSync(FUNCTION_FILE)) missing += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited).toBe(0);
    expect(checks).toBeGreaterThan(100);
    expect(missing).toBe(0);
  }, 120_000);

  it('makes dist/ a link to the newest build and keeps at most the previous one beside it', () => {
    expect(lstatSync(DIST).isSymbolicLink()).toBe(true);
    const finished = readdirSync(PROJECT_ROOT).filter((name) => /^\.dist-\d+-\d+$/.test(name));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThanOrEqual(2);
  });
});
