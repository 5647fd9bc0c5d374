import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { PROJECT_ROOT } from '../helpers/bundle-server';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/local-stack';

const run = promisify(execFile);
const cli = join(PROJECT_ROOT, 'dist', 'cli', 'gatekeeper.js');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
});
afterAll(() => emulator.close());

// `npm run smoke:live` runs this command against a real account; here it runs against the
// emulator, which must pass every check the way a real account does.
describe('gatekeeper smoke', () => {
  it('passes every Sync check against the emulator', async () => {
    const { stdout } = await run(process.execPath, [cli, 'smoke'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: emulator.url },
    });
    expect(stdout).toContain('smoke: 5 passed, 0 failed');
    expect(stdout).toMatch(/ok {3}conditional update with a stale revision: expected HTTP 412, code 54205/);
  });

  it('skips with a clear message and exit code 0 without credentials', async () => {
    const { stdout } = await run(process.execPath, [cli, 'smoke'], { cwd: '/', env: { PATH: process.env.PATH } });
    expect(stdout).toBe('smoke: skipped: no credentials (set ACCOUNT_SID and AUTH_TOKEN in .env to check a real account)\n');
  });
});
