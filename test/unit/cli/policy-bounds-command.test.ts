import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { fakeIo } from '../../helpers/fake-cli-io';

describe('gatekeeper policy bounds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-bounds-'));
  writeFileSync(join(dir, 'capped.json'), JSON.stringify({ throttles: { 'verify-start-global': { windows: [{ limit: 100, per: '10m' }, { limit: 1500, per: '1d' }] } } }));

  it('prints the worst case per hour and per day of the built-in policy, naming the rule that binds', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['policy', 'bounds'], io)).toBe(0);
    expect(stdout()).toMatch(/verification codes\s+per hour\s+10,000 \(throttle verify-start-global\)\s+per day\s+100,000 \(throttle verify-start-global\)/);
    expect(stdout()).toMatch(/outbound calls\s+per hour\s+600 \(throttle voice-outbound-global\)/);
  });

  it('reads --policy and answers JSON with --json', async () => {
    const { io, stdout } = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['policy', 'bounds', '--policy', 'capped.json', '--json'], io)).toBe(0);
    expect(JSON.parse(stdout()).codes).toMatchObject({ hour: { limit: 600 }, day: { limit: 1500, rule: 'throttle verify-start-global' } });
  });

  it('writes null for a resource nothing bounds (monitor mode)', async () => {
    writeFileSync(join(dir, 'monitor.json'), JSON.stringify({ mode: 'monitor' }));
    const { io, stdout } = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['policy', 'bounds', '--policy', 'monitor.json', '--json'], io)).toBe(0);
    expect(JSON.parse(stdout()).sms.day).toEqual({ limit: null, rule: null });
  });

  it('refuses an unknown argument and a missing policy file with exit 2', async () => {
    const first = fakeIo();
    expect(await runCli(['policy', 'bounds', '--jsn'], first.io)).toBe(2);
    expect(first.stderr()).toMatch(/unexpected argument '--jsn'/);
    const second = fakeIo(undefined, { cwd: dir });
    expect(await runCli(['policy', 'bounds', '--policy', 'nope.json'], second.io)).toBe(2);
    expect(second.stderr()).toMatch(/policy file 'nope.json' does not exist/);
  });
});

describe('gatekeeper policy validate and signed identities', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gate-identity-'));
  writeFileSync(join(dir, 'required.json'), JSON.stringify({ identity: { 'verify/start': 'required' } }));

  it('refuses a policy that requires a signed identity when GATE_IDENTITY_SECRET is not set, with one clear error', async () => {
    const { io, stderr } = fakeIo(undefined, { cwd: dir, env: {} });
    expect(await runCli(['policy', 'validate', 'required.json'], io)).toBe(2);
    expect(stderr()).toMatch(/GATE_IDENTITY_SECRET \(environment or \.env\) is not set, but the policy's identity\.verify\/start is 'required'/);
  });

  it('accepts it with the secret set', async () => {
    const { io, stdout } = fakeIo(undefined, { cwd: dir, env: { GATE_IDENTITY_SECRET: 's'.repeat(32) } });
    expect(await runCli(['policy', 'validate', 'required.json'], io)).toBe(0);
    expect(stdout()).toMatch(/valid/);
  });
});
