/**
 * The `gatekeeper` command. Commands are added as the gates land; each returns an exit code:
 * 0 when it ran, 2 on bad usage (with a message on standard error).
 */
import { join } from 'node:path';
import { version } from '../../package.json';
import { readEnvFile } from './env-file';
import { runCli } from './run-cli';

// Like twilio-run, settings come from `.env` in the working directory; the shell's environment wins.
const env = { ...readEnvFile(join(process.cwd(), '.env')), ...process.env };

runCli(process.argv.slice(2), { version, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failure = error as { status?: unknown; code?: unknown };
    const detail =
      typeof failure?.status === 'number'
        ? `Twilio answered HTTP ${failure.status}, code ${String(failure.code)}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`gatekeeper: the command failed (${detail})\n`);
    process.exitCode = 1;
  },
);
