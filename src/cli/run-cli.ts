import twilio from 'twilio';
import { DEFAULT_SYNC_SERVICE_SID } from '../core/config';
import { createTwilioClient } from '../core/twilio';
import { runSyncSmoke } from './sync-smoke';

export interface CliIo {
  version: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Environment: process.env merged with `.env` by the entry point. */
  env?: Readonly<Record<string, string | undefined>>;
}

export const USAGE = `Usage: gatekeeper <command> [options]

Commands:
  smoke             Check the Sync semantics the throttles rely on against the account in
                    ACCOUNT_SID/AUTH_TOKEN (or TWILIO_API_BASE_URL). Skips without credentials.
  help              Show this help.
  version           Print the version.

Exit codes: 0 when the command ran (smoke: and every check passed), 1 when a smoke check
failed, 2 on bad usage.
`;

async function smoke(io: CliIo): Promise<number> {
  const env = io.env ?? {};
  const accountSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!accountSid || !authToken) {
    io.stdout.write('smoke: skipped: no credentials (set ACCOUNT_SID and AUTH_TOKEN in .env to check a real account)\n');
    return 0;
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
  return failed === 0 ? 0 : 1;
}

/**
 * Runs one CLI invocation and resolves to its exit code. Kept free of `process` so tests can
 * drive it directly.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (rest.length > 0 && (command === 'version' || command === '--version' || command === '-v' || command === 'smoke')) {
    io.stderr.write(`gatekeeper ${command}: unexpected argument '${rest[0]}'\n`);
    return 2;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    io.stdout.write(`${io.version}\n`);
    return 0;
  }
  if (command === 'smoke') return smoke(io);
  io.stderr.write(`gatekeeper: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}
