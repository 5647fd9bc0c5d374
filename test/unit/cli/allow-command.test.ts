import { runCli } from '../../../src/cli/run-cli';
import { parseConfig } from '../../../src/core/config';
import { createSafeList, createSafeListStore } from '../../../src/core/safe-list';
import { createTwilioClient } from '../../../src/core/twilio';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper allow` against the emulator, through the real twilio client, as an operator runs it.
const emulator = useFileEmulator();
let env: Record<string, string>;

beforeEach(async () => {
  env = { ACCOUNT_SID: `AC${'0'.repeat(31)}1`, AUTH_TOKEN: 'c'.repeat(32), TWILIO_API_BASE_URL: emulator.url, GATE_HASH_SECRET: 'f'.repeat(40) };
});

async function allow(args: string[]) {
  const { io, stdout, stderr } = fakeIo(undefined, { env });
  const code = await runCli(['allow', ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The safe list as a deployed gate with the same settings sees it. */
function gateView() {
  const config = parseConfig(env);
  const client = createTwilioClient({ ...env, getTwilioClient: () => { throw new Error('unused'); } });
  return createSafeList({ store: createSafeListStore({ client }), secret: config.hashSecret as string });
}

describe('gatekeeper allow', () => {
  it('adds an expiring number the gate then finds, lists it masked, and removes it', async () => {
    const added = await allow(['add', '+447400123456', '--for', '7d']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^allow: added \+4474\*{6}56 \(expires \d{4}-\d\d-\d\dT\S+Z\) to the safe list of the emulator at http:\/\/127\.0\.0\.1:\d+; verify\/start lets it through within 5 s\n$/);
    expect(await gateView().check('+447400123456')).toMatchObject({ listed: true, rule: 'safe-list.numbers' });

    const listed = await allow(['list']);
    expect(listed.stdout.split('\n')[1]).toMatch(/^number\s+\+4474\*{6}56\s+\d{4}-\S+Z\s+\S+Z\s+[0-9a-f]{32}$/);
    const json = JSON.parse((await allow(['list', '--json'])).stdout) as { expiresAt: string; addedAt: string }[];
    expect(Date.parse(json[0].expiresAt) - Date.parse(json[0].addedAt)).toBe(7 * 86_400_000);
    expect(`${listed.stdout}${JSON.stringify(json)}`).not.toContain('7400123456');

    expect(await allow(['remove', '+447400123456'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^allow: removed the entry from the safe list/) });
    expect(await allow(['remove', '+447400123456'])).toMatchObject({ code: 1, stdout: 'allow: the entry was not on the safe list\n' });
    expect((await allow(['list'])).stdout).toMatch(/^allow: the safe list of the emulator at \S+ is empty\n$/);
  });

  it('adds with --expires until that moment, and with --permanent for good', async () => {
    const until = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    expect(await allow(['add', '+447400123456', '--expires', until])).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`expires ${until}T00:00:0\\d`)) });
    expect(await allow(['add', '+447400123457', '--permanent'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/never expires/) });
  });

  it('warns before safe-listing a premium-rate number, and still adds it when told how long', async () => {
    const result = await allow(['add', '+449061234567', '--for', '1h']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^gatekeeper allow add: warning: \+4490\*+67 is a premium-rate number: every code sent to it earns its operator money/);
    expect((await allow(['add', '+447400123456', '--for', '1h'])).stderr).toBe('');
  });

  it('stores only keyed hashes in Sync, in its own Maps', async () => {
    await allow(['add', '+447400123456', '--permanent']);
    const writes = (await emulator.control.requestLog()).entries.filter((entry) => entry.method === 'POST');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((entry) => /\/Maps\/gate-safe-\d+\/Items/.test(entry.path) || /\/Maps$/.test(entry.path))).toBe(true);
    expect(JSON.stringify(await emulator.control.requestLog())).not.toContain('7400123456');
  });

  it.each([
    [['add', '--prefix', '+4474001'], /allow add: the safe list takes exact numbers only, not --prefix/],
    [['add'], /allow add: give one NUMBER or ID/],
    [['add', '07400123456'], /not a valid phone number in E\.164 format \(e\.g\. \+447911123456\)\n/],
    [['add', '+447400123456', '--for', '2y'], /--for '2y' is not a duration/],
    [['remove', '+447400123456', '--for', '1h'], /--for applies to add only/],
    [['add', '0123456789abcdef0123456789abcdef'], /an ID only names an existing entry/],
    [['list', '+447400123456'], /allow list: takes no entry/],
    [['block'], /unknown action 'block'/],
    [['add', '+447400123456'], /say how long the entry lasts: --for DURATION \(e\.g\. 7d\), --expires DATE \(e\.g\. 2026-12-31\), or --permanent/],
    [['add', '+447400123456', '--for', '7d', '--permanent'], /give one of --for, --permanent/],
    [['add', '+447400123456', '--expires', '1999-01-01'], /--expires '1999-01-01' is not a date or date-time within the next 365 days/],
    [['remove', '+447400123456', '--permanent'], /--permanent applies to add only/],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const result = await allow(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    // The safe list takes no prefixes, so its hints never suggest one.
    if (args[1] !== '--prefix') expect(result.stderr).not.toContain('--prefix');
  });

  it('prints its usage with --help', async () => {
    const help = await allow(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/gatekeeper allow add NUMBER --for DURATION \| --expires DATE \| --permanent/);
    expect(help.stdout).toMatch(/throttles\s+still count it/);
  });
});
