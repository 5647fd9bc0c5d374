import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulateCommand } from '../../../src/cli/commands/simulate';

const dir = mkdtempSync(join(tmpdir(), 'gatekeeper-simulate-'));
const SCENARIO = {
  name: 'cli-unit',
  seed: 11,
  durationHours: 1,
  instances: 2,
  traffic: [
    { name: 'users', kind: 'legit', action: 'verify', perHour: 40, numbers: { countries: ['GB'] } },
    { name: 'pumper', kind: 'attacker', action: 'verify', perHour: 120, numbers: { countries: ['NL'], ranges: 10 } },
  ],
};
writeFileSync(join(dir, 'scenario.json'), JSON.stringify(SCENARIO));
writeFileSync(join(dir, 'strict.json'), JSON.stringify({ throttles: { 'verify-start-prefix': { action: 'verify-start', subject: 'prefix:8', windows: [{ limit: 3, per: '1h' }, { limit: 50, per: '1d' }] } } }));
writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...SCENARIO, traffic: [{ ...SCENARIO.traffic[0], numbers: { countries: ['ZZ'] } }] }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSimulateCommand(args, { version: 'test', cwd: dir, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, out: out.join(''), err: err.join('') };
}

function lastJsonLine(text: string): Record<string, unknown> {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

describe('gatekeeper simulate', () => {
  it('ends --json output with one object holding per-group attempts, sends, refusedBy, successRate and sendsToAttackerPerDay', async () => {
    const result = await run(['scenario.json', '--json']);
    expect(result.code).toBe(0);
    const json = lastJsonLine(result.out);
    expect(json.sendsToAttackerPerDay).toEqual(expect.any(Number));
    const [users, pumper] = json.groups as Array<Record<string, unknown>>;
    expect(users).toMatchObject({ name: 'users', attempts: expect.any(Number), sends: expect.any(Number), refusedBy: expect.any(Object), successRate: expect.any(Number) });
    expect(pumper).toMatchObject({ name: 'pumper', refusedBy: expect.any(Object) });
    expect(pumper.successRate).toBeUndefined();
  });

  it('prints the same JSON for the same scenario and seed, and different JSON under another policy', async () => {
    const first = (await run(['scenario.json', '--json'])).out;
    expect((await run(['scenario.json', '--json'])).out).toBe(first);
    const strict = await run(['scenario.json', '--json', '--policy', 'strict.json']);
    expect(strict.code).toBe(0);
    expect(strict.out).not.toBe(first);
  });

  it('prints a readable summary by default, without a progress bar when standard error is not a terminal', async () => {
    const result = await run(['scenario.json']);
    expect(result.out).toContain('Scenario cli-unit: seed 11, 1 h, 2 instances, built-in default policy');
    expect(result.out).toMatch(/users \(legit, verify\): \d+ sessions/);
    expect(result.out).toContain('Codes or calls reaching attackers:');
    expect(result.err).toBe('');
  });

  it('refuses an invalid scenario with one line naming the field', async () => {
    const result = await run(['bad.json']);
    expect(result.code).toBe(2);
    expect(result.err).toBe("gatekeeper simulate: scenario traffic[0].numbers.countries[0]: 'ZZ' is not a country code libphonenumber knows; use ISO 3166-1 alpha-2 codes such as GB, US, DE\n");
  });

  it('refuses a missing scenario file and an unknown option', async () => {
    expect((await run(['missing.json'])).err).toContain("file '");
    expect((await run(['scenario.json', '--fast'])).code).toBe(2);
  });
});
