import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { parseConfig } from '../../../src/core/config';
import { createDenyList, createDenyListStore } from '../../../src/core/deny-list';
import { createTwilioClient } from '../../../src/core/twilio';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper deny` against the emulator, through the real twilio client, as an operator runs it.
const emulator = useFileEmulator();
let env: Record<string, string>;

beforeEach(async () => {
  env = { ACCOUNT_SID: `AC${'0'.repeat(31)}1`, AUTH_TOKEN: 'b'.repeat(32), TWILIO_API_BASE_URL: emulator.url, GATE_HASH_SECRET: 'd'.repeat(40) };
});

async function deny(args: string[], extra: Partial<Parameters<typeof fakeIo>[1]> = {}) {
  const { io, stdout, stderr } = fakeIo(undefined, { env, ...extra });
  const code = await runCli(['deny', ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The deny list as a deployed gate with the same settings sees it. */
function gateView(settings: Record<string, string> = env) {
  const config = parseConfig(settings);
  const client = createTwilioClient({ ...settings, getTwilioClient: () => { throw new Error('unused'); } });
  return createDenyList({ store: createDenyListStore({ client }), secret: config.hashSecret as string });
}

describe('gatekeeper deny', () => {
  it('adds a number the gates then refuse, and lists it masked', async () => {
    const added = await deny(['add', '+447400123456']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^deny: added \+4474\*{6}56 \(never expires\) to the deny list of the emulator at http:\/\/127\.0\.0\.1:\d+; callers are refused within 5 s\n$/);
    expect((await gateView().check('+447400123456')).denied).toBe(true);

    const listed = await deny(['list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+ENTRY\s+EXPIRES\s+ADDED\s+ID$/);
    expect(lines[1]).toMatch(/^number\s+\+4474\*{6}56\s+never\s+\S+Z\s+[0-9a-f]{32}$/);
    expect(listed.stdout).not.toContain('7400123456');
  });

  it('adds an expiring prefix and lists it as JSON', async () => {
    const added = await deny(['add', '--prefix', '+4474001', '--for', '2h']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/added prefix \+4474001 \(expires \d{4}-\d\d-\d\dT/);
    expect((await gateView().check('+447400123456')).denied).toBe(true);
    const listed = JSON.parse((await deny(['list', '--json'])).stdout);
    expect(listed).toEqual([{ kind: 'prefix', display: '+4474001', id: '+4474001', addedAt: expect.any(String), expiresAt: expect.any(String) }]);
    expect(Date.parse(listed[0].expiresAt) - Date.parse(listed[0].addedAt)).toBe(2 * 3_600_000);
  });

  it('removes by number, by id and by prefix; a second remove exits 1', async () => {
    await deny(['add', '+447400123456']);
    await deny(['add', '+447400123457']);
    await deny(['add', '--prefix', '+4930']);
    const id = (JSON.parse((await deny(['list', '--json'])).stdout) as { id: string; display: string }[]).find((entry) => entry.display.endsWith('57'))?.id as string;
    expect(await deny(['remove', '+447400123456'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^deny: removed the entry/) });
    expect(await deny(['remove', id])).toMatchObject({ code: 0 });
    expect(await deny(['remove', '--prefix', '+4930'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/removed prefix \+4930/) });
    expect(await deny(['remove', '+447400123456'])).toMatchObject({ code: 1, stdout: 'deny: the entry was not on the deny list\n' });
    expect((await deny(['list'])).stdout).toMatch(/is empty/);
    const view = gateView();
    expect((await view.check('+447400123457')).denied).toBe(false);
    expect((await view.check('+4930123456')).denied).toBe(false);
  });

  it("hashes with the deployment's GATE_HASH_SECRET, and refuses to run without one", async () => {
    await deny(['add', '+447400123456']);
    expect((await gateView().check('+447400123456')).denied).toBe(true);
    expect((await gateView({ ...env, GATE_HASH_SECRET: 'x'.repeat(32) }).check('+447400123456')).denied).toBe(false);
    const { GATE_HASH_SECRET: _unset, ...withoutSecret } = env;
    expect(await deny(['list'], { env: withoutSecret })).toMatchObject({ code: 2, stderr: expect.stringMatching(/GATE_HASH_SECRET is not set/) });
  });

  it('edits the npm start stack with --local, from .gatekeeper/local.env', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'gate-deny-'));
    mkdirSync(join(cwd, '.gatekeeper'));
    const local = { ACCOUNT_SID: `AC${'0'.repeat(31)}1`, AUTH_TOKEN: 'c'.repeat(32), TWILIO_API_BASE_URL: emulator.url, GATE_HASH_SECRET: 'e'.repeat(40) };
    writeFileSync(join(cwd, '.gatekeeper', 'local.env'), Object.entries(local).map(([key, value]) => `${key}=${value}`).join('\n'));
    expect((await deny(['add', '+447400123456', '--local'], { env: {}, cwd })).code).toBe(0);
    expect((await gateView(local).check('+447400123456')).denied).toBe(true);
    expect(await deny(['list', '--local'], { env: {}, cwd: join(cwd, 'elsewhere') })).toMatchObject({ code: 2, stderr: expect.stringMatching(/local\.env not found; start the local stack with 'npm start' first/) });
  });

  it('prints its usage', async () => {
    expect(await deny([])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage:\n {2}gatekeeper deny add NUMBER/) });
    expect(await deny(['--help'])).toMatchObject({ code: 0 });
  });

  it.each([
    [['block', '+447400123456'], /unknown action 'block'/],
    [['add'], /give one NUMBER, ID or --prefix PREFIX/],
    [['add', '+447400123456', '--prefix', '+44'], /give one NUMBER, ID or --prefix PREFIX/],
    [['add', '07400123456'], /E\.164 format/],
    [['add', '--prefix', '+447400123456'], /whole phone number/],
    [['add', '0'.repeat(32)], /an ID only names an existing entry/],
    [['add', '+447400123456', '--for', 'forever'], /--for 'forever' is not a duration from 1s to 365d/],
    [['add', '+447400123456', '--for', '366d'], /--for '366d'/],
    [['remove', '+447400123456', '--for', '1h'], /--for applies to add only/],
    [['list', '+447400123456'], /takes no entry/],
    [['add', '+447400123456', 'extra'], /unexpected argument 'extra'/],
    [['add', '+447400123456', '--colour'], /Unknown option/],
  ])('exits 2 on %j with a message', async (args, message) => {
    const result = await deny(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect((await emulator.control.requestLog()).total).toBe(0);
  });

  it('exits 2 without credentials and 2 on an invalid setting, naming the fix', async () => {
    expect(await deny(['list'], { env: {} })).toMatchObject({ code: 2, stderr: expect.stringMatching(/set ACCOUNT_SID and AUTH_TOKEN/) });
    env.GATE_HASH_SECRET = 'short';
    expect(await deny(['list'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/GATE_HASH_SECRET: is 5 characters/) });
  });

  it('exits 1 with a message when Sync fails', async () => {
    await emulator.control.injectFault({ route: 'GET /sync/**', kind: '500-html', count: 100 });
    const result = await deny(['add', '+447400123456']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gatekeeper deny add: Sync item fetch failed with HTTP 500/);
    await emulator.control.clearFaults();
  });
});
