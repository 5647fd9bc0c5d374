import { identityRequirementProblem, policyBounds, policyFileOf, type PolicyBounds } from '../../core/policy';
import { EXIT_OK, usageError, type CliIo } from '../cli-io';
import { loadPolicyFile } from '../policy-file';

export const POLICY_USAGE = `Usage:
  gatekeeper policy validate FILE   Check a policy file; exit 2 with the problem if it is invalid.
  gatekeeper policy show [FILE]     Print the effective policy in the policy file's own format:
                                    every default filled in and every throttle rule set written
                                    out, so 'policy show > p.json' is a file 'policy validate'
                                    accepts (default FILE: src/assets/policy.private.json, else
                                    the built-in defaults).
  gatekeeper policy bounds [--policy FILE] [--json]
                                    The most codes, outbound calls and outbound SMS per hour and
                                    per day an attacker who never enters a code can get out under
                                    the policy, whatever its spread, and the rule that binds.
`;

function formatLimit(limit: number): string {
  return Number.isFinite(limit) ? limit.toLocaleString('en-US') : 'unbounded';
}

function boundsText(bounds: PolicyBounds): string {
  const lines = ['Worst case for an attacker who never enters a code, from the policy alone (Sync answering, normal mode):'];
  for (const [resource, label] of [['codes', 'verification codes'], ['calls', 'outbound calls'], ['sms', 'outbound SMS']] as const) {
    const { hour, day } = bounds[resource];
    lines.push(`  ${label.padEnd(20)} per hour ${formatLimit(hour.limit).padStart(9)} (${hour.rule ?? 'no rule bounds it'})   per day ${formatLimit(day.limit).padStart(9)} (${day.rule ?? 'no rule bounds it'})`);
  }
  return `${lines.join('\n')}\n`;
}

/** `policy bounds [--policy FILE] [--json]`. */
function runBounds(args: readonly string[], io: CliIo): number {
  let file: string | undefined;
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--json') json = true;
    else if (arg === '--policy' && args[index + 1] !== undefined) file = args[++index];
    else return usageError(io, 'policy bounds', `unexpected argument '${arg}'\n\n${POLICY_USAGE}`);
  }
  let loaded;
  try {
    loaded = loadPolicyFile(file, io.cwd ?? process.cwd());
  } catch (error) {
    return usageError(io, 'policy bounds', error instanceof Error ? error.message : String(error));
  }
  const bounds = policyBounds(loaded);
  // JSON has no Infinity: an unbounded resource is null.
  io.stdout.write(json ? `${JSON.stringify(bounds, (_, value: unknown) => (value === Number.POSITIVE_INFINITY ? null : value))}\n` : boundsText(bounds));
  return EXIT_OK;
}

const HELP = new Set(['--help', '-h', 'help']);

/** `gatekeeper policy validate|show|bounds`: see POLICY_USAGE. */
export async function runPolicyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [action, file, ...extra] = args;
  if (action === undefined || HELP.has(action) || args.slice(1).some((arg) => arg === '--help' || arg === '-h')) {
    io.stdout.write(POLICY_USAGE);
    return EXIT_OK;
  }
  if (action === 'bounds') return runBounds(args.slice(1), io);
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
    const identityProblem = identityRequirementProblem(loaded.policy, io.env?.GATE_IDENTITY_SECRET || undefined);
    if (identityProblem) return usageError(io, 'policy validate', `GATE_IDENTITY_SECRET (environment or .env) is ${identityProblem}`);
    io.stdout.write(`${file}: valid\n`);
    return EXIT_OK;
  }
  io.stdout.write(`${JSON.stringify(policyFileOf(loaded), null, 2)}\n`);
  return EXIT_OK;
}
