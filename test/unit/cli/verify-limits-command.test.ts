import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run-cli';
import { readVerifyRateLimits } from '../../../src/core/verify';
import { createTwilioClient } from '../../../src/core/twilio';
import { fakeIo } from '../../helpers/fake-cli-io';
import { createVerifyService, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../../helpers/local-stack';
import { useFileEmulator } from '../../helpers/file-emulator';

// `gatekeeper verify-limits` against the emulator's Verify Service Rate Limits, through the real twilio client.
const emulator = useFileEmulator();
let env: Record<string, string>;
let cwd: string;

beforeEach(async () => {
  env = { ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: emulator.url, GATE_HASH_SECRET: 'g'.repeat(40), GATE_VERIFY_SERVICE_SID: await createVerifyService(emulator.url) };
  cwd = mkdtempSync(join(tmpdir(), 'verify-limits-'));
});

async function verifyLimits(args: string[]) {
  const { io, stdout, stderr } = fakeIo(undefined, { env, cwd });
  const code = await runCli(['verify-limits', ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

function client() {
  return createTwilioClient({ ...env, getTwilioClient: () => { throw new Error('unused'); } });
}

function writePolicy(policy: unknown): string {
  mkdirSync(join(cwd, 'src', 'assets'), { recursive: true });
  const file = join(cwd, 'src', 'assets', 'policy.private.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

describe('gatekeeper verify-limits', () => {
  it('plans the default limits on a fresh service, applies them, and then has nothing to change', async () => {
    const plan = await verifyLimits(['plan']);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toContain('6 change(s)');
    expect(plan.stdout).toContain('+ bucket gate_number: 3 per 600 s');
    expect(plan.stdout).toContain('+ bucket gate_identity: 20 per 86400 s');

    const applied = await verifyLimits(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/applied 6 change\(s\)/);
    expect(applied.stdout).toMatch(/now set GATE_VERIFY_RATE_LIMITS=true/);
    const current = await readVerifyRateLimits(client(), env.GATE_VERIFY_SERVICE_SID);
    expect(current.map((rateLimit) => [rateLimit.uniqueName, rateLimit.buckets.map(({ max, interval }) => `${max}/${interval}`).sort()])).toEqual([
      ['gate_number', ['10/86400', '3/600']],
      ['gate_identity', ['20/86400', '5/600']],
    ]);

    expect((await verifyLimits(['plan'])).stdout).toMatch(/match the policy/);
    expect((await verifyLimits(['apply'])).stdout).toMatch(/nothing to change/);
  });

  it('follows a policy change with an update and a deletion, and leaves other Rate Limits alone', async () => {
    await verifyLimits(['apply']);
    await client().verify.v2.services(env.GATE_VERIFY_SERVICE_SID).rateLimits.create({ uniqueName: 'end_user_ip' });
    writePolicy({ throttles: { 'verify-start': { windows: [{ limit: 2, per: '10m' }] } } });
    const plan = JSON.parse((await verifyLimits(['plan', '--json'])).stdout) as { changes: { op: string }[] };
    expect(plan.changes.map((change) => change.op)).toEqual(['update_bucket', 'delete_bucket']);
    expect((await verifyLimits(['apply'])).code).toBe(0);
    const current = await readVerifyRateLimits(client(), env.GATE_VERIFY_SERVICE_SID);
    expect(current.find((rateLimit) => rateLimit.uniqueName === 'gate_number')?.buckets.map(({ max, interval }) => ({ max, interval }))).toEqual([{ max: 2, interval: 600 }]);
    const names = (await client().verify.v2.services(env.GATE_VERIFY_SERVICE_SID).rateLimits.list()).map((rateLimit) => rateLimit.uniqueName);
    expect(names.sort()).toEqual(['end_user_ip', 'gate_identity', 'gate_number']);
  });

  it('stops at the first failed change with exit 1 and says how far it got', async () => {
    await emulator.control.injectFault({ route: 'POST /verify/v2/Services/:svc/RateLimits/:rl/Buckets', kind: '500-html', count: 1 });
    const applied = await verifyLimits(['apply']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/stopped after 1 of 6 change\(s\): Twilio answered 500; run 'verify-limits plan' to see what is left/);
    expect((await verifyLimits(['plan'])).stdout).toContain('5 change(s)');
  });

  it.each([
    [['sync'], /unknown action 'sync'/],
    [['plan', 'extra'], /unexpected argument 'extra'/],
    [['plan', '--policy', 'missing.json'], /policy file 'missing\.json' does not exist/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await verifyLimits(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('needs the Verify service and credentials', async () => {
    delete env.GATE_VERIFY_SERVICE_SID;
    expect(await verifyLimits(['plan'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/set GATE_VERIFY_SERVICE_SID/) });
    env = {};
    expect(await verifyLimits(['plan'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/set ACCOUNT_SID and AUTH_TOKEN/) });
  });

  it('reports a service that does not exist with exit 1', async () => {
    env.GATE_VERIFY_SERVICE_SID = `VA${'0'.repeat(32)}`;
    const result = await verifyLimits(['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/reading the service's Rate Limits failed: Twilio answered 404 \(error 20404\)/);
  });
});
