import { runModeCommand } from '../../../src/cli/commands/mode';
import { runCli } from '../../../src/cli/run-cli';
import { createGateModeReader, createSyncGateModeStore } from '../../../src/core/gate-mode';
import { createTwilioClient } from '../../../src/core/twilio';
import { fakeIo } from '../../helpers/fake-cli-io';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper mode` against the emulator, through the real twilio client, as an operator runs it.
const emulator = useFileEmulator();
const NOW = Date.UTC(2026, 11, 4, 12);
let env: Record<string, string>;

beforeEach(() => {
  env = { ACCOUNT_SID: `AC${'0'.repeat(31)}1`, AUTH_TOKEN: 'c'.repeat(32), GATE_HASH_SECRET: 's'.repeat(32), TWILIO_API_BASE_URL: emulator.url };
});

async function mode(args: string[], now = NOW) {
  const { io, stdout, stderr } = fakeIo(undefined, { env });
  const code = await runModeCommand(args, io, () => now);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The mode as a deployed gate with the same settings reads it. */
async function gateView(now = NOW) {
  const client = createTwilioClient({ ...env, getTwilioClient: () => { throw new Error('unused'); } });
  return (await createGateModeReader({ store: createSyncGateModeStore({ client }), now: () => now }).current()).mode;
}

describe('gatekeeper mode', () => {
  it('shows normal before anything was set', async () => {
    expect(await mode(['show'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^mode: normal \(never set\) \(emulator at http:\/\/127\.0\.0\.1:\d+\)\n$/) });
  });

  it('sets lockdown with a reason, which the gate then reads, and back to normal', async () => {
    const set = await mode(['set', 'lockdown', '--reason', 'usage spike']);
    expect(set).toMatchObject({ code: 0, stderr: expect.stringMatching(/^mode: writing to the emulator at /) });
    expect(set.stdout).toBe('mode: lockdown, set 2026-12-04T12:00:00.000Z by cli, reason: usage spike; running instances follow within 5 s\n');
    expect(await gateView()).toBe('lockdown');
    expect(JSON.parse((await mode(['show', '--json'])).stdout)).toMatchObject({ mode: 'lockdown', document: { reason: 'usage spike', until: null } });
    expect((await mode(['set', 'normal'])).code).toBe(0);
    expect(await gateView()).toBe('normal');
  });

  it('ends a mode set with --until by itself', async () => {
    expect((await mode(['set', 'strict', '--until', '2h'])).stdout).toMatch(/^mode: strict until 2026-12-04T14:00:00\.000Z/);
    expect(await gateView(NOW + 2 * 3_600_000 - 1)).toBe('strict');
    expect(await gateView(NOW + 2 * 3_600_000)).toBe('normal');
    expect((await mode(['show'], NOW + 3 * 3_600_000)).stdout).toMatch(/^mode: normal \(strict expired at 2026-12-04T14:00:00\.000Z\)/);
  });

  it('takes a date-time with offset for --until', async () => {
    expect((await mode(['set', 'lockdown', '--until', '2026-12-05T08:00:00+01:00'])).stdout).toMatch(/until 2026-12-05T07:00:00\.000Z/);
  });

  it.each([
    [['set'], /give normal, strict or lockdown/],
    [['set', 'panic'], /not 'panic'/],
    [['set', 'strict', '--until', 'tomorrow'], /neither a duration/],
    [['set', 'strict', '--until', '2020-01-01T00:00:00Z'], /future/],
    [['set', 'normal', '--until', '1h'], /never expires/],
    [['show', 'extra'], /unexpected argument 'extra'/],
    [['flip'], /unknown action 'flip'/],
    [['set', 'strict', '--bogus'], /Unknown option/],
  ])('refuses %j with a usage error and writes nothing', async (args, message) => {
    const result = await mode(args);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect(await gateView()).toBe('normal');
  });

  it('answers --help', async () => {
    expect(await mode(['set', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage:') });
  });

  it('says the write may not have happened when Sync fails', async () => {
    await emulator.control.injectFault({ route: 'POST /sync/v1/Services/:svc/Documents/:doc', kind: '500-html', count: 5 });
    const result = await mode(['set', 'lockdown']);
    expect(result).toMatchObject({ code: 1, stderr: expect.stringMatching(/may not have changed/) });
  });

  it('is reachable from the CLI entry', async () => {
    const { io, stdout } = fakeIo(undefined, { env });
    expect(await runCli(['mode', 'show'], io)).toBe(0);
    expect(stdout()).toMatch(/^mode: normal/);
  });
});
