import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/bundle-server';
import { startLocalStack, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, type LocalStack } from '../helpers/local-stack';

// The adaptive defence through the built bundle, the built CLI and the emulator, over real HTTP:
// a pumped range refused, a customer in it let through by an operator, a repeated start backed off.
const run = promisify(execFile);
const cli = join(PROJECT_ROOT, 'dist', 'cli', 'gatekeeper.js');
const HASH_SECRET = randomBytes(32).toString('hex');
const VERIFY_ROUTE = 'POST /verify/v2/Services/:svc/Verifications';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ GATE_HASH_SECRET: HASH_SECRET });
});
afterAll(() => stack.close());

function start(to: string) {
  return stack.call('/verify/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to }) });
}

async function sent(): Promise<number> {
  return (await stack.control.requestLog()).byRoute[VERIFY_ROUTE] ?? 0;
}

describe('adaptive defence over HTTP', () => {
  it('refuses a range after three unentered codes, and lets a safe-listed customer in it through', async () => {
    await stack.control.resetLog();
    const inRange = (i: number) => `+4475001234${String(i).padStart(2, '0')}`;
    for (let i = 1; i <= 3; i += 1) expect((await start(inRange(i))).status).toBe(200);
    const refused = await start(inRange(40));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ success: false, error: { code: 'ERR_GATE_DESTINATION_REFUSED', message: expect.any(String) } });
    expect(await sent()).toBe(3);

    const env = { PATH: process.env.PATH, ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: stack.emulator.url, GATE_HASH_SECRET: HASH_SECRET };
    const added = await run(process.execPath, [cli, 'allow', 'add', inRange(40), '--for', '1h'], { env, cwd: PROJECT_ROOT });
    expect(added.stdout).toMatch(/^allow: added \+4475\*+40 \(expires /);
    // Instances cache the list for up to 5 s.
    const deadline = Date.now() + 7_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await start(inRange(40))).status) !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(status).toBe(200);
    expect((await start(inRange(41))).status).toBe(403);
    const listed = await run(process.execPath, [cli, 'allow', 'list', '--json'], { env, cwd: PROJECT_ROOT });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ kind: 'number', display: '+4475******40' })]);
  }, 20_000);

  it('backs off a repeated start with 429 and Retry-After, until the code is entered', async () => {
    const to = '+447911123456';
    expect((await start(to)).status).toBe(200);
    const refused = await start(to);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ERR_GATE_THROTTLED');
    const code = await stack.control.verificationCode(to);
    const checked = await stack.call('/verify/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to, code }) });
    expect(await checked.json()).toEqual({ success: true, valid: true });
    // verify/check is its own Function: verify/start's memory of the refusal lasts at most 5 s,
    // then it judges the number on the store, where the approval restarted the backoff.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect((await start(to)).status).toBe(200);
    expect((await start(to)).status).toBe(429);
  }, 15_000);
});
