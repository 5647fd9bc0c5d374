import { runCli } from '../../../src/cli/run-cli';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { version: '1.2.3', stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
    out,
    err,
  };
}

describe('gatekeeper CLI', () => {
  it('prints usage and exits 0 without a command', async () => {
    const { io: cliIo, out } = io();
    expect(await runCli([], cliIo)).toBe(0);
    expect(out.join('')).toMatch(/^Usage: gatekeeper/);
  });

  it('prints the version', async () => {
    const { io: cliIo, out } = io();
    expect(await runCli(['--version'], cliIo)).toBe(0);
    expect(out.join('')).toBe('1.2.3\n');
  });

  it('exits 2 with a message on an unknown command or argument', async () => {
    const first = io();
    expect(await runCli(['frobnicate'], first.io)).toBe(2);
    expect(first.err.join('')).toMatch(/unknown command 'frobnicate'/);
    const second = io();
    expect(await runCli(['version', 'extra'], second.io)).toBe(2);
  });
});
