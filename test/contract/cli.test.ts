import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';

// The standalone emulator as the lead's build ships it: bundled by esbuild (CommonJS, node,
// packages external), started as a child process, stopped by a signal.
const root = resolve(__dirname, '..', '..');
let dir: string;
let bundle: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  bundle = join(dir, 'cli.js');
  buildSync({ entryPoints: [join(root, 'emulator', 'cli.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'silent', absWorkingDir: root });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: root, env: { PATH: process.env.PATH, NODE_PATH: join(root, 'node_modules') } });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const firstLine = new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, exited, firstLine, stderr: () => stderr };
}

describe('emulator CLI', () => {
  it('prints its URL, serves the API, and exits 0 on SIGTERM', async () => {
    const { child, exited, firstLine } = run(['--port', '0', '--quiet', '--sync-rate-limits']);
    const line = await firstLine;
    const url = /^Twilio API emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    expect(url).toBeDefined();
    const limits = await fetch(`${url}/__emulator/sync-rate-limits`);
    expect(await limits.json()).toMatchObject({ enabled: true });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 with usage on a bad argument', async () => {
    const { exited, stderr } = run(['--port', 'abc']);
    expect(await exited).toBe(2);
    expect(stderr()).toMatch(/usage: emulator/);
  });
});
