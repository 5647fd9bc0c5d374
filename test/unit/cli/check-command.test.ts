import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyFile } from '../../../src/cli/policy-file';
import { runCli } from '../../../src/cli/run-cli';
import { loadPolicy } from '../../../src/core/policy';
import { fakeIo } from '../../helpers/fake-cli-io';

const dir = mkdtempSync(join(tmpdir(), 'gate-check-'));
const strictPolicy = join(dir, 'strict.json');
writeFileSync(strictPolicy, JSON.stringify({ destinations: { countries: { allow: ['GB'] } } }));
const brokenPolicy = join(dir, 'broken.json');
writeFileSync(brokenPolicy, JSON.stringify({ destinations: { countrys: {} } }));

describe('gatekeeper check', () => {
  it('prints a table of verdicts with the rule that decided, with the default policy', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['check', '+447400123456', '+37120123456', 'junk'], io)).toBe(0);
    const lines = stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^INPUT\s+VERDICT\s+REASON\s+RULE\s+COUNTRY\s+TYPE$/);
    expect(lines[1]).toMatch(/^\+447400123456\s+allowed\s+allowed\s+default\s+GB\s+MOBILE$/);
    expect(lines[2]).toMatch(/^\+37120123456\s+refused\s+country_denied\s+destinations\.countries\.deny\[LV\]\s+LV\s+MOBILE$/);
    expect(lines[3]).toMatch(/^junk\s+refused\s+invalid_number\s+\S+\s+-\s+-$/);
  });

  it('prints one JSON object per line with --json', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['check', '--json', '--channel', 'voice', '+4930123456'], io)).toBe(0);
    expect(JSON.parse(stdout())).toEqual({ input: '+4930123456', allowed: true, reason: 'allowed', rule: 'default', e164: '+4930123456', country: 'DE', type: 'FIXED_LINE' });
  });

  it('parses national numbers with --country', async () => {
    const { io, stdout } = fakeIo();
    await runCli(['check', '--json', '--country', 'GB', '07400 123456'], io);
    expect(JSON.parse(stdout())).toMatchObject({ allowed: true, e164: '+447400123456' });
  });

  it('uses the policy file given with --policy', async () => {
    const { io, stdout } = fakeIo();
    await runCli(['check', '--json', '--policy', strictPolicy, '+4915123456789'], io);
    expect(JSON.parse(stdout())).toMatchObject({ allowed: false, reason: 'country_not_allowed' });
  });

  it('answers JSON lines in order, with an error line naming the line number for each malformed one', async () => {
    const input = [
      '{"number": "+447400123456"}',
      'not json',
      '{"number": "+4930123456", "channel": "voice"}',
      '{"number": 447400123456}',
      '',
      '{"number": "07400 123456", "country": "GB"}',
      '{"number": "+4930123456", "channel": "fax"}',
      '[1]',
    ].join('\n');
    const { io, stdout } = fakeIo(input);
    expect(await runCli(['check', '--jsonl'], io)).toBe(0);
    const results = stdout().trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(results).toEqual([
      { input: '+447400123456', allowed: true, reason: 'allowed', rule: 'default', e164: '+447400123456', country: 'GB', type: 'MOBILE' },
      { line: 2, error: 'not valid JSON' },
      { input: '+4930123456', allowed: true, reason: 'allowed', rule: 'default', e164: '+4930123456', country: 'DE', type: 'FIXED_LINE' },
      { line: 4, error: "'number' must be a string" },
      { input: '07400 123456', allowed: true, reason: 'allowed', rule: 'default', e164: '+447400123456', country: 'GB', type: 'MOBILE' },
      { line: 7, error: "'channel' must be sms or voice" },
      { line: 8, error: 'expected an object like {"number": "+447400123456"}' },
    ]);
  });

  it.each([
    [['check'], /no numbers given/],
    [['check', '--channel', 'fax', '+447400123456'], /--channel must be sms or voice/],
    [['check', '--country', 'UK', '+447400123456'], /--country must be an ISO 3166/],
    [['check', '--bogus', '+447400123456'], /Unknown option '--bogus'/],
    [['check', '--jsonl', '+447400123456'], /do not also pass numbers/],
    [['check', '--policy', brokenPolicy, '+447400123456'], /policy destinations.countrys: unknown key; did you mean 'countries'/],
    [['check', '--policy', join(dir, 'missing.json'), '+447400123456'], /does not exist/],
  ])('exits 2 for %p', async (args, message) => {
    const { io, stderr } = fakeIo('');
    expect(await runCli(args, io)).toBe(2);
    expect(stderr()).toMatch(message);
  });
});

describe('gatekeeper policy', () => {
  it('validates a good file and refuses a bad one with exit 2', async () => {
    const good = fakeIo();
    expect(await runCli(['policy', 'validate', strictPolicy], good.io)).toBe(0);
    expect(good.stdout()).toMatch(/valid/);
    const bad = fakeIo();
    expect(await runCli(['policy', 'validate', brokenPolicy], bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/did you mean 'countries'/);
  });

  it('shows the resolved policy with defaults filled in', async () => {
    const { io, stdout } = fakeIo();
    expect(await runCli(['policy', 'show', strictPolicy], io)).toBe(0);
    const policy = JSON.parse(stdout());
    expect(policy.destinations.countries.allow).toEqual(['GB']);
    expect(policy.destinations.prefixes.deny).toContain('+882');
  });

  it('prints the effective limits and built-in rule sets, and the printout validates and loads to the same policy', async () => {
    for (const source of [[], [strictPolicy]]) {
      const shown = fakeIo();
      expect(await runCli(['policy', 'show', ...source], shown.io)).toBe(0);
      const printed = JSON.parse(shown.stdout());
      expect(printed.throttles['verify-start']).toEqual(expect.objectContaining({ subject: 'number', windows: expect.arrayContaining([expect.objectContaining({ limit: expect.any(Number), per: expect.any(String) })]) }));
      expect(Object.keys(printed.throttles)).toEqual(expect.arrayContaining(['verify-check', 'verify-conversion-number']));
      const file = join(mkdtempSync(join(tmpdir(), 'policy-show-')), 'p.json');
      writeFileSync(file, shown.stdout());
      const validated = fakeIo();
      expect(await runCli(['policy', 'validate', file], validated.io)).toBe(0);
      const again = fakeIo();
      await runCli(['policy', 'show', file], again.io);
      expect(JSON.parse(again.stdout())).toEqual(printed);
      const original = loadPolicyFile(source[0], '/nonexistent-project-dir');
      const reloaded = loadPolicy(shown.stdout());
      // `throttles` is kept as written; what it resolves to is compared through the rule sets.
      expect({ ...reloaded.policy, throttles: null }).toEqual({ ...original.policy, throttles: null });
      expect([...reloaded.ruleSets.values()]).toEqual([...original.ruleSets.values()]);
    }
  });

  it.each([[['policy', 'show', '--help']], [['policy', 'validate', '--help']], [['policy', '--help']]])('answers %p with its usage', async (args) => {
    const { io, stdout } = fakeIo();
    expect(await runCli(args, io)).toBe(0);
    expect(stdout()).toMatch(/^Usage:\n  gatekeeper policy validate FILE/);
  });

  it.each([[['policy', 'validate']], [['policy', 'frob']], [['policy', 'show', 'a', 'b']], [['policy', 'show', '--json']]])('exits 2 for %p', async (args) => {
    const { io } = fakeIo();
    expect(await runCli(args, io)).toBe(2);
  });
});
