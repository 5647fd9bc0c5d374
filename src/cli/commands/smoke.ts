import twilio from 'twilio';
import { DEFAULT_SYNC_SERVICE_SID } from '../../core/config';
import { createTwilioClient } from '../../core/twilio';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { runSyncSmoke } from '../sync-smoke';

export const SMOKE_USAGE = `Usage: gatekeeper smoke

Checks the Sync semantics the throttles rely on (revisions, conditional updates, conflicts)
against the account in ACCOUNT_SID/AUTH_TOKEN from the environment or .env (or the emulator in
TWILIO_API_BASE_URL). Skips, with exit 0, without credentials. Exit 1 when a check fails.
`;

/** `gatekeeper smoke`: the Sync semantics check behind `npm run smoke:live`. */
export async function runSmokeCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(SMOKE_USAGE);
    return EXIT_OK;
  }
  if (args.length > 0) return usageError(io, 'smoke', `unexpected argument '${args[0]}'`);
  const env = io.env ?? {};
  const accountSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!accountSid || !authToken) {
    io.stdout.write('smoke: skipped: no credentials (set ACCOUNT_SID and AUTH_TOKEN in .env to check a real account)\n');
    return EXIT_OK;
  }
  const context = {
    ACCOUNT_SID: accountSid,
    AUTH_TOKEN: authToken,
    TWILIO_API_BASE_URL: env.TWILIO_API_BASE_URL,
    GATE_TWILIO_TIMEOUT_MS: env.GATE_TWILIO_TIMEOUT_MS,
    getTwilioClient: (options?: { timeout?: number }) => twilio(accountSid, authToken, options),
  };
  const target = env.TWILIO_API_BASE_URL ? `emulator at ${env.TWILIO_API_BASE_URL}` : 'your Twilio account';
  io.stdout.write(`smoke: checking Sync semantics against ${target}\n`);
  const checks = await runSyncSmoke(createTwilioClient(context), env.GATE_SYNC_SERVICE_SID || DEFAULT_SYNC_SERVICE_SID);
  for (const check of checks) {
    io.stdout.write(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}: expected ${check.expected}, got ${check.observed}\n`);
  }
  const failed = checks.filter((check) => !check.passed).length;
  io.stdout.write(`smoke: ${checks.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}
