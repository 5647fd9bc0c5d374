import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditCommand } from '../../../src/cli/commands/audit';
import { runHardenCommand } from '../../../src/cli/commands/harden';
import type { AuditReport } from '../../../src/core/audit';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper harden` on the messy-account scenario: the plan changes nothing, --apply fixes what
// audit marks automatic, and --undo puts the account back as it was.
const emulator = useFileEmulator();
const MAIN = `AC${'0'.repeat(31)}1`;
const GATE = 'https://gatekeeper-1234-dev.twil.io';
const AUTO_FIXED = ['VOICE-HR-SPECIAL', 'VOICE-HR-TOLLFRAUD', 'VOICE-COUNTRIES', 'SMS-COUNTRIES', 'TRIG-SPEND', 'TRIG-VOLUME', 'TRIG-CALLBACK', 'TRIG-THRESHOLD', 'SIP-TRANSFER'];
let env: Record<string, string>;
let dir: string;

beforeEach(async () => {
  env = { ACCOUNT_SID: MAIN, AUTH_TOKEN: 'c'.repeat(32), TWILIO_API_BASE_URL: emulator.url };
  dir = mkdtempSync(join(tmpdir(), 'harden-'));
  await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(command: typeof runHardenCommand, args: string[]) {
  const { io, stdout, stderr } = fakeIo(undefined, { env, cwd: process.cwd() });
  const code = await command(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

const harden = (args: string[]) => run(runHardenCommand, ['--gate-url', GATE, '--undo-dir', dir, ...args]);

async function failingIds(): Promise<string[]> {
  const { stdout } = await run(runAuditCommand, ['--json', '--gate-url', GATE]);
  return (JSON.parse(stdout) as AuditReport).findings.filter((f) => f.status === 'fail').map((f) => f.id);
}

/**
 * The account configuration without what no API can restore: SIDs and dates of re-created
 * triggers (a trigger's firing history and SID are Twilio's), and update timestamps.
 */
async function configState(): Promise<unknown> {
  const state = (await emulator.control.accountConfig()) as { usageTriggers: Record<string, unknown>[] };
  // Sorted by content with keys in one order: a re-created trigger may list its fields in another order.
  const canonical = (value: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
  const triggers = state.usageTriggers.map(({ sid: _s, dateCreated: _c, dateUpdated: _u, dateFired: _f, lastFiring: _l, ...rest }) => rest).sort((a, b) => canonical(a).localeCompare(canonical(b)));
  return JSON.parse(JSON.stringify({ ...state, usageTriggers: triggers }, (key, value) => (key === 'dateUpdated' ? undefined : value)));
}

describe('gatekeeper harden on the messy account', () => {
  it('prints the plan with calls and before/after values and changes nothing', async () => {
    const before = await configState();
    const plan = await harden([]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/nothing changes without --apply/);
    expect(plan.stdout).toMatch(/voice\.high-risk-off:AC0+1\n    call: POST voice \/v1\/DialingPermissions\/BulkCountryUpdates/);
    expect(plan.stdout).toMatch(/sip\.transfer:TK[0-9a-f]{32} \(guarded\)\n    call: POST trunking \/v1\/Trunks\/TK[0-9a-f]{32} TransferMode=disable-all\n    before: enable-all\n    after: disable-all/);
    expect(plan.stdout).toContain(`CallbackUrl=${GATE}/usage/alert`);
    expect(await configState()).toEqual(before);
  });

  it('applies the safe steps only, unless --include-guarded', async () => {
    const applied = await harden(['--apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/\[skipped\] sip\.transfer:TK[0-9a-f]{32} \(guarded\)/);
    const failing = await failingIds();
    expect(failing).not.toContain('VOICE-HR-SPECIAL');
    expect(failing).toEqual(expect.arrayContaining(['VOICE-COUNTRIES', 'SIP-TRANSFER']));
  });

  it('fixes every automatic finding, writes the undo file first, and --undo restores the first state', async () => {
    const before = await configState();
    expect(await failingIds()).toEqual(expect.arrayContaining(AUTO_FIXED));
    const applied = await harden(['--apply', '--include-guarded']);
    expect(applied).toMatchObject({ code: 0, stderr: expect.stringMatching(/writing to the emulator at .*; undo file /) });
    expect(await configState()).not.toEqual(before);
    const failing = await failingIds();
    for (const id of AUTO_FIXED) expect(failing).not.toContain(id);
    expect(failing).toEqual(expect.arrayContaining(['SMS-HIGHRISK', 'SIP-WIDE-ACL', 'NUM-HTTP']));

    const undoFile = /undo with 'gatekeeper harden --undo (\S+)'/.exec(applied.stdout)?.[1] as string;
    expect(statSync(undoFile).mode & 0o777).toBe(0o600);
    const recorded = readFileSync(undoFile, 'utf8');
    expect(recorded).not.toContain(env.AUTH_TOKEN);
    expect(JSON.parse(recorded).steps.map((s: { status: string }) => s.status)).not.toContain('failed');

    expect((await harden(['--apply', '--include-guarded'])).stdout).toBe('harden: nothing to change\n');
    const undone = await run(runHardenCommand, ['--undo', undoFile]);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/not restored exactly: triggers\.rearm:UT[0-9a-f]{32}: trigger UT[0-9a-f]{32} re-created as UT[0-9a-f]{32}/);
    expect(await configState()).toEqual(before);
  });

  it('refuses an unknown step and a file that is not a harden undo record', async () => {
    expect(await harden(['--only', 'everything'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no step 'everything'/) });
    expect(await harden(['--undo', join(dir, 'missing.json')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/does not exist/) });
  });
});
