import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { fakeIo } from '../../helpers/fake-cli-io';

describe('gatekeeper CLI', () => {
  it('prints usage and exits 0 without a command', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli([], io)).toBe(0);
    expect(stdout()).toMatch(/^Usage: gatekeeper/);
  });

  it('prints the version', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(stdout()).toBe('1.2.3\n');
  });

  it('exits 2 with a message on an unknown command or argument', async () => {
    const first = fakeIo();
    expect(await runCli(['frobnicate'], first.io)).toBe(2);
    expect(first.stderr()).toMatch(/unknown command 'frobnicate'/);
    const second = fakeIo();
    expect(await runCli(['version', 'extra'], second.io)).toBe(2);
    const third = fakeIo();
    expect(await runCli(['smoke', 'extra'], third.io)).toBe(2);
  });

  it('skips smoke without credentials', async () => {
    const { io, stdout } = fakeIo(undefined, { env: {} });
    expect(await runCli(['smoke'], io)).toBe(0);
    expect(stdout()).toMatch(/skipped: no credentials/);
  });
});

describe('every command and subcommand answers --help with its usage, touching nothing', () => {
  it.each([
    ['check'],
    ['policy'],
    ['policy', 'show'],
    ['policy', 'validate'],
    ['policy', 'bounds'],
    ['sanitize'],
    ['smoke'],
    ['deny'],
    ['deny', 'add'],
    ['deny', 'list'],
    ['allow'],
    ['allow', 'add'],
    ['allow', 'remove'],
    ['verify-limits'],
    ['verify-limits', 'plan'],
    ['verify-limits', 'apply'],
    ['mode'],
    ['mode', 'show'],
    ['mode', 'set'],
    ['deploy-check'],
  ])('%s %s --help', async (...command) => {
    const { io, stdout, stderr } = fakeIo(undefined, { env: {} });
    expect(await runCli([...command, '--help'], io)).toBe(0);
    expect(stdout()).toMatch(/^Usage/);
    expect(stderr()).toBe('');
  });
});

describe('--local with the stack stopped', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'gate-stopped-'));
  mkdirSync(join(cwd, '.gatekeeper'));
  // What npm start left behind: settings naming an emulator that no longer listens (port 9 is discard, closed here).
  writeFileSync(
    join(cwd, '.gatekeeper', 'local.env'),
    [`ACCOUNT_SID=AC${'0'.repeat(31)}1`, `AUTH_TOKEN=${'a'.repeat(32)}`, `GATE_HASH_SECRET=${'h'.repeat(64)}`, 'TWILIO_API_BASE_URL=http://127.0.0.1:9', `GATE_VERIFY_SERVICE_SID=VA${'0'.repeat(32)}`].join('\n'),
  );

  it.each([[['deny', 'list']], [['allow', 'list']], [['mode', 'show']], [['verify-limits', 'plan']]])('%j says to start it with npm start, exit 1', async (command) => {
    const { io, stderr } = fakeIo(undefined, { env: {}, cwd });
    expect(await runCli([...command, '--local'], io)).toBe(1);
    expect(stderr()).toMatch(/the local stack is not running: nothing answers at http:\/\/127\.0\.0\.1:9; start it with npm start/);
    expect(stderr()).not.toMatch(/ECONNREFUSED/);
  });
});
