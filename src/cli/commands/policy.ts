import { policyFileOf } from '../../core/policy';
import { EXIT_OK, usageError, type CliIo } from '../cli-io';
import { loadPolicyFile } from '../policy-file';

export const POLICY_USAGE = `Usage:
  gatekeeper policy validate FILE   Check a policy file; exit 2 with the problem if it is invalid.
  gatekeeper policy show [FILE]     Print the effective policy in the policy file's own format:
                                    every default filled in and every throttle rule set written
                                    out, so 'policy show > p.json' is a file 'policy validate'
                                    accepts (default FILE: src/assets/policy.private.json, else
                                    the built-in defaults).
`;

const HELP = new Set(['--help', '-h', 'help']);

/** `gatekeeper policy validate|show`: see POLICY_USAGE. */
export async function runPolicyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [action, file, ...extra] = args;
  if (action === undefined || HELP.has(action) || args.slice(1).some((arg) => arg === '--help' || arg === '-h')) {
    io.stdout.write(POLICY_USAGE);
    return EXIT_OK;
  }
  if (action !== 'validate' && action !== 'show') return usageError(io, 'policy', `unknown action '${action}'\n\n${POLICY_USAGE}`);
  if (extra.length > 0) return usageError(io, `policy ${action}`, `unexpected argument '${extra[0]}'`);
  if (file?.startsWith('-')) return usageError(io, `policy ${action}`, `unknown option '${file}'\n\n${POLICY_USAGE}`);
  if (action === 'validate' && file === undefined) return usageError(io, 'policy validate', 'give the policy FILE to check');

  let loaded;
  try {
    loaded = loadPolicyFile(file, io.cwd ?? process.cwd());
  } catch (error) {
    return usageError(io, `policy ${action}`, error instanceof Error ? error.message : String(error));
  }
  if (action === 'validate') {
    io.stdout.write(`${file}: valid\n`);
    return EXIT_OK;
  }
  io.stdout.write(`${JSON.stringify(policyFileOf(loaded), null, 2)}\n`);
  return EXIT_OK;
}
