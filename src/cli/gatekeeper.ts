/**
 * The `gatekeeper` command. Commands are added as the gates land; each one returns an exit code:
 * 0 when it ran, 2 on bad usage (with a message on standard error).
 */
import { version } from '../../package.json';
import { runCli } from './run-cli';

runCli(process.argv.slice(2), { version, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gatekeeper: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
