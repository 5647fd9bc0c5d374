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
