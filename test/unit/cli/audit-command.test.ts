import { runAuditCommand } from '../../../src/cli/commands/audit';
import type { AuditReport } from '../../../src/core/audit';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper audit` against the messy-account scenario in the emulator, through the real
// twilio client, as an operator runs it.
const emulator = useFileEmulator();
const MAIN = `AC${'0'.repeat(31)}1`;
const GATE = 'https://gatekeeper-1234-dev.twil.io';
let env: Record<string, string>;

beforeEach(() => {
  env = { ACCOUNT_SID: MAIN, AUTH_TOKEN: 'c'.repeat(32), TWILIO_API_BASE_URL: emulator.url };
});

async function audit(args: string[]) {
  const { io, stdout, stderr } = fakeIo(undefined, { env, cwd: process.cwd() });
  const code = await runAuditCommand(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

async function auditJson(args: string[] = []) {
  const run = await audit(['--json', '--gate-url', GATE, ...args]);
  return { ...run, report: JSON.parse(run.stdout) as AuditReport };
}

const failing = (report: AuditReport) => report.findings.filter((f) => f.status === 'fail');

describe('gatekeeper audit on the messy account', () => {
  it('reports every seeded problem with its severity and exits 1', async () => {
    const seeded = await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
    const { code, report, stderr } = await auditJson();
    expect(code).toBe(1);
    expect(stderr).toMatch(/reading the emulator at .* \(read-only\)/);
    const found = failing(report).map((f) => [f.id, f.severity, f.accountSid, f.resource.sid ?? f.resource.iso]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['VOICE-HR-SPECIAL', 'critical', MAIN, 'GB'],
        ['VOICE-HR-TOLLFRAUD', 'critical', MAIN, 'DE'],
        ['VOICE-COUNTRIES', 'high', MAIN, MAIN],
        ['SMS-COUNTRIES', 'high', MAIN, MAIN],
        ['SMS-HIGHRISK', 'critical', MAIN, 'PK'],
        ['TRIG-SPEND', 'high', seeded.subaccountSid, seeded.subaccountSid],
        ['TRIG-VOLUME', 'medium', seeded.subaccountSid, seeded.subaccountSid],
        ['TRIG-CALLBACK', 'high', MAIN, seeded.triggers.httpCallback],
        ['TRIG-CALLBACK', 'high', MAIN, seeded.triggers.fired],
        ['TRIG-THRESHOLD', 'medium', MAIN, seeded.triggers.httpCallback],
        ['NUM-HTTP', 'high', MAIN, seeded.numbers.httpVoice],
        ['NUM-HTTP', 'high', MAIN, seeded.numbers.outsideSms],
        ['NUM-UNGATED', 'medium', MAIN, seeded.numbers.httpVoice],
        ['NUM-UNGATED', 'medium', MAIN, seeded.numbers.outsideSms],
        ['NUM-FALLBACK', 'low', MAIN, seeded.numbers.outsideSms],
        ['SIP-CREDONLY', 'high', MAIN, seeded.trunkSid],
        ['SIP-WIDE-ACL', 'critical', MAIN, seeded.wideAclSid],
        ['SIP-INSECURE', 'medium', MAIN, seeded.trunkSid],
        ['SIP-INSECURE', 'medium', MAIN, seeded.domainSid],
        ['SIP-TRANSFER', 'medium', MAIN, seeded.trunkSid],
        ['SIP-SYMRTP', 'low', MAIN, seeded.trunkSid],
        ['SIP-DR-HTTP', 'medium', MAIN, seeded.trunkSid],
        ['SIP-DOMAIN-REG', 'medium', MAIN, seeded.domainSid],
        ['KEYS-AGE', 'medium', MAIN, seeded.keys.old],
        ['KEYS-COUNT', 'low', MAIN, MAIN],
        ['ALERT-SIP', 'high', MAIN, MAIN],
        ['ALERT-GEO', 'medium', MAIN, MAIN],
        ['ACC-SUSPENDED', 'info', seeded.suspendedSubaccountSid, seeded.suspendedSubaccountSid],
      ]),
    );
    // The gated number and the trunk-routed one are not reported as ungated.
    expect(failing(report).filter((f) => f.id === 'NUM-UNGATED').map((f) => f.resource.sid)).not.toContain(seeded.numbers.gated);
    expect(report.findings.filter((f) => f.status === 'manual').map((f) => f.id)).toEqual(['MANUAL-2FA', 'MANUAL-DEBUGGER', 'MANUAL-SMS-PUMPING', 'MANUAL-FRAUD-GUARD']);
    expect(report.summary.errors).toBe(0);
  });

  it('masks phone numbers and prints no token', async () => {
    await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
    const { stdout } = await audit(['--gate-url', GATE]);
    const { stdout: json } = await audit(['--json', '--gate-url', GATE]);
    const tokens = (await emulator.control.accounts()).map((a) => a.authToken).filter((t): t is string => t !== null);
    for (const text of [stdout, json]) {
      expect(text).not.toMatch(/\+1415555016\d/);
      for (const token of tokens) expect(text).not.toContain(token);
    }
    expect(json).toContain('+1415*****60');
    expect(stdout).toMatch(/^fail\s+critical\s+SIP-WIDE-ACL/m);
  });

  it('exits 0 when nothing reaches --fail-on', async () => {
    await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
    expect((await audit(['--gate-url', GATE, '--checks', 'KEYS-COUNT,SIP-SYMRTP', '--fail-on', 'medium'])).code).toBe(0);
    expect((await audit(['--gate-url', GATE, '--checks', 'KEYS-COUNT,SIP-SYMRTP', '--fail-on', 'low'])).code).toBe(1);
  });

  it('exits 3 and names the checks that could not run when a product host refuses', async () => {
    await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
    await emulator.control.injectFault({ route: 'GET /trunking/v1/Trunks', kind: 'twilio-error', status: 403, code: 20403, count: 100 });
    const { code, report, stderr } = await auditJson(['--checks', 'SIP-TRANSFER,SIP-CREDONLY,KEYS-COUNT', '--fail-on', 'critical']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/incomplete: SIP-CREDONLY, SIP-TRANSFER could not run/);
    expect(report.findings.find((f) => f.id === 'SIP-TRANSFER')).toMatchObject({ status: 'error', evidence: { reason: expect.stringMatching(/trunking\.twilio\.com.*HTTP 403/) } });
  });

  it('reports the gate-dependent checks as errors without --gate-url', async () => {
    await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
    const run = await audit(['--json', '--checks', 'NUM-UNGATED', '--fail-on', 'critical']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ status: 'error', evidence: { reason: expect.stringMatching(/--gate-url/) } });
  });

  it('exits 3 (nothing could run) with one error naming the credentials needed when given an API key', async () => {
    env = { ...env, ACCOUNT_SID: `SK${'5'.repeat(32)}`, AUTH_TOKEN: 'key-secret' };
    const run = await audit(['--gate-url', GATE]);
    expect(run).toMatchObject({ code: 3, stderr: expect.stringMatching(/needs the main account's SID and Auth Token \(Standard API keys cannot read accounts or keys\)/) });
  });

  it('stops with one error when the credentials cannot list the accounts', async () => {
    await emulator.control.setStrictCredentials(true);
    env = { ...env, AUTH_TOKEN: 'not-the-token' };
    const run = await audit(['--gate-url', GATE]);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot list the accounts \(HTTP 401\)/) });
  });

  it.each([
    [['--fail-on', 'severe'], /--fail-on must be one of/],
    [['--subaccounts', 'ACnope'], /not all, none or a subaccount SID/],
    [['--checks', 'NOPE'], /no check 'NOPE'/],
    [['--countries', 'GBR'], /not a two-letter/],
    [['--gate-url', 'ftp://x'], /not a base URL/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await audit(args);
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
  });
});
