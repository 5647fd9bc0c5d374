import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLockdownCommand } from '../../../src/cli/commands/lockdown';
import { createDenyList, createDenyListStore } from '../../../src/core/deny-list';
import { createGateModeReader, createSyncGateModeStore } from '../../../src/core/gate-mode';
import { createTwilioClient } from '../../../src/core/twilio';
import { caught } from '../../contract/harness';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper lockdown` on the messy-account scenario: the dry run changes nothing, --apply
// --confirm carries out every step against the emulator, and --undo reverses what it can.
const emulator = useFileEmulator();
const MAIN = `AC${'0'.repeat(31)}1`;
const GATE = 'https://gatekeeper-1234-dev.twil.io';
const PUMPER = '+447400555001';
let env: Record<string, string>;
let dir: string;
let seeded: Awaited<ReturnType<typeof emulator.control.seedMessyAccount>>;

beforeEach(async () => {
  env = { ACCOUNT_SID: MAIN, AUTH_TOKEN: 'c'.repeat(32), TWILIO_API_BASE_URL: emulator.url, GATE_HASH_SECRET: 's'.repeat(32) };
  dir = mkdtempSync(join(tmpdir(), 'lockdown-'));
  seeded = await emulator.control.seedMessyAccount({ accountSid: MAIN, gateUrl: GATE, authToken: env.AUTH_TOKEN });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lockdown(args: string[]) {
  const { io, stdout, stderr } = fakeIo(undefined, { env, cwd: process.cwd() });
  const code = await runLockdownCommand(['--gate-url', GATE, '--undo-dir', dir, ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

const client = (sid = MAIN, token = env.AUTH_TOKEN) => createTwilioClient({ ACCOUNT_SID: sid, AUTH_TOKEN: token, TWILIO_API_BASE_URL: emulator.url, getTwilioClient: () => { throw new Error('unused'); } });
const gateMode = async () => (await createGateModeReader({ store: createSyncGateModeStore({ client: client() }) }).current()).mode;
const denied = async (number: string) => (await createDenyList({ store: createDenyListStore({ client: client() }), secret: env.GATE_HASH_SECRET }).check(number)).denied;

async function everything() {
  const calls = (await emulator.control.calls()).map((c) => [c.sid, c.status]);
  return { config: await emulator.control.accountConfig(), calls, mode: await gateMode(), denied: await denied(PUMPER) };
}

describe('gatekeeper lockdown on the messy account', () => {
  it('prints the plan and the human steps, and changes nothing', async () => {
    const before = await everything();
    const plan = await lockdown([]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/nothing changes without --apply --confirm AC0+1/);
    for (const step of ['gate-mode', `suspend:${seeded.subaccountSid}`, `end-calls:${seeded.subaccountSid}`, `voice-geo:${MAIN}`, `sms-geo:${MAIN}`, `numbers:${seeded.numbers.onTrunk}`, 'deny-callers', `delete-keys:${MAIN}`]) {
      expect(plan.stdout).toContain(`${step}\n`);
    }
    expect(plan.stdout).toMatch(/WARNING clearing trunk_sid/);
    expect(plan.stdout).toContain('+4474******01 (7 calls in the last hour)');
    expect(plan.stdout).not.toContain(PUMPER);
    expect(plan.stdout).toMatch(/help@twilio\.com/);
    expect(plan.stdout).not.toContain(`suspend:${MAIN}`);
    expect(await everything()).toEqual(before);
  });

  it('refuses --apply without the main account SID in --confirm', async () => {
    expect(await lockdown(['--apply'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--apply needs --confirm AC0+1/) });
    expect(await lockdown(['--apply', '--confirm', seeded.subaccountSid])).toMatchObject({ code: 2 });
    expect(await gateMode()).toBe('normal');
  });

  it('performs every step, and --undo restores everything restorable', async () => {
    const before = await everything();
    const sub = (await emulator.control.accounts()).find((a) => a.sid === seeded.subaccountSid);
    const applied = await lockdown(['--apply', '--confirm', MAIN, '--reason', 'pumping']);
    expect(applied).toMatchObject({ code: 0, stderr: expect.stringMatching(/writing to the emulator at .*; undo file /) });

    expect(await gateMode()).toBe('lockdown');
    const subClient = client(seeded.subaccountSid, sub?.authToken as string);
    expect(await caught(() => subClient.messages.create({ to: '+14155550199', from: '+14155550100', body: 'hi' }))).toMatchObject({ code: 10001 });
    const statuses = Object.fromEntries((await emulator.control.calls()).map((c) => [c.sid, c.status]));
    expect(seeded.calls.inProgress.map((sid) => statuses[sid])).toEqual(['completed', 'completed']);
    expect(statuses[seeded.calls.queued]).toBe('canceled');
    expect(await denied(PUMPER)).toBe(true);
    const config = (await emulator.control.accountConfig()) as { apiKeys: unknown[]; incomingNumbers: { sid: string; trunkSid: string | null; urls: { VoiceUrl: string | null } }[] };
    expect(config.apiKeys).toEqual([]);
    const onTrunk = config.incomingNumbers.find((n) => n.sid === seeded.numbers.onTrunk);
    expect(onTrunk).toMatchObject({ trunkSid: null, urls: { VoiceUrl: `${GATE}/voice/inbound` } });

    const undoFile = /undo with 'gatekeeper lockdown --undo (\S+)'/.exec(applied.stdout)?.[1] as string;
    const recorded = readFileSync(undoFile, 'utf8');
    expect(recorded).not.toContain(PUMPER);
    expect(recorded).not.toContain(env.AUTH_TOKEN);

    const undone = await lockdown(['--undo', undoFile]);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/not restored exactly: delete-keys:AC0+1: deleted keys cannot be restored/);
    expect(undone.stdout).toMatch(/not restored exactly: end-calls:.*ended calls cannot be restarted/);
    const after = await everything();
    expect(after.mode).toBe('normal');
    expect(after.denied).toBe(false);
    const { apiKeys: _before, ...restBefore } = before.config;
    const { apiKeys: _after, ...restAfter } = after.config;
    const stripUpdates = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'dateUpdated' ? undefined : v)));
    expect(stripUpdates(restAfter)).toEqual(stripUpdates(restBefore));
  });

  it('rotates the Auth Token last only when asked, writes it only to --token-out, and never prints it', async () => {
    await emulator.control.setStrictCredentials(true);
    expect(await lockdown(['--apply', '--confirm', MAIN, '--rotate-token'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --token-out/) });
    const tokenFile = join(dir, 'new-token');
    const applied = await lockdown(['--apply', '--confirm', MAIN, '--skip', 'numbers,delete-keys', '--rotate-token', '--token-out', tokenFile]);
    expect(applied.code).toBe(0);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(applied.stdout + applied.stderr).not.toContain(token);
    expect(applied.stdout).toMatch(/\[applied\] rotate-token:AC0+1/);
    expect(await caught(() => client().api.v2010.accounts(MAIN).fetch())).toMatchObject({ status: 401 });
    await expect(client(MAIN, token).api.v2010.accounts(MAIN).fetch()).resolves.toMatchObject({ sid: MAIN });
  });
});
