import { join, resolve } from 'node:path';
import { checkDeploySettings } from '../../core/config';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { readEnvFile } from '../env-file';

export const DEPLOY_CHECK_USAGE = `Usage: gatekeeper deploy-check [--env FILE]

Checks the settings a deploy uploads (FILE, default .env) before 'twilio-run deploy' runs:
GATE_HASH_SECRET and GATE_API_TOKEN must be set, TWILIO_API_BASE_URL must not be, and every
setting must be valid. 'npm run deploy' runs it first. Exit 0 when the deploy may go ahead,
1 with the problems on standard error when it may not.
`;

/** `gatekeeper deploy-check`: see DEPLOY_CHECK_USAGE. */
export async function runDeployCheckCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(DEPLOY_CHECK_USAGE);
    return EXIT_OK;
  }
  let file = join(io.cwd ?? process.cwd(), '.env');
  if (args[0] === '--env') {
    if (args[1] === undefined) return usageError(io, 'deploy-check', '--env needs a FILE');
    file = resolve(io.cwd ?? process.cwd(), args[1]);
  } else if (args.length > 0) {
    return usageError(io, 'deploy-check', `unexpected argument '${args[0]}'`);
  }
  if (args.length > 2) return usageError(io, 'deploy-check', `unexpected argument '${args[2]}'`);
  const problems = checkDeploySettings(readEnvFile(file));
  if (problems.length === 0) {
    io.stdout.write(`deploy-check: ${file}: ready to deploy\n`);
    return EXIT_OK;
  }
  io.stderr.write(`deploy-check: ${file}: not ready to deploy\n${problems.map((problem) => `  - ${problem}\n`).join('')}`);
  return EXIT_FAILED;
}
