import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { fakeIo } from '../../helpers/fake-cli-io';

describe('gatekeeper deploy-check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), `${lines.join('\n')}\n`);

  it('passes a .env with every required setting', async () => {
    write('.env', [`GATE_HASH_SECRET=${'h'.repeat(64)}`, `GATE_API_TOKEN=${'t'.repeat(64)}`]);
    const { io, stdout } = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['deploy-check'], io)).toBe(0);
    expect(stdout()).toMatch(/ready to deploy/);
  });

  it('fails with exit 1, naming each problem, when GATE_HASH_SECRET is missing and TWILIO_API_BASE_URL is left over', async () => {
    write('.env', ['AUTH_TOKEN=' + 'a'.repeat(32), `GATE_API_TOKEN=${'t'.repeat(64)}`]);
    const { io, stderr } = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['deploy-check'], io)).toBe(1);
    expect(stderr()).toMatch(/not ready to deploy\n  - GATE_HASH_SECRET: not set/);
    write('prod.env', [`GATE_HASH_SECRET=${'h'.repeat(64)}`, `GATE_API_TOKEN=${'t'.repeat(64)}`, 'TWILIO_API_BASE_URL=http://127.0.0.1:4010']);
    const second = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['deploy-check', '--env', 'prod.env'], second.io)).toBe(1);
    expect(second.stderr()).toMatch(/TWILIO_API_BASE_URL: is set in a deployed service/);
  });

  it('answers --help and refuses unknown arguments', async () => {
    const help = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['deploy-check', '--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: gatekeeper deploy-check/);
    const bad = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['deploy-check', 'extra'], bad.io)).toBe(2);
  });
});
