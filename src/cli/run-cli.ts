import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, usageError, type CliIo } from './cli-io';
import { localStackProblem } from './local-stack-check';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

export type { CliIo } from './cli-io';

export const USAGE = `Usage: gatekeeper <command> [options]

Commands:
  check NUMBER...   Check destinations against the policy (--help for options).
  policy validate FILE | policy show [FILE] | policy bounds [--policy FILE] [--json]
                    Validate a policy file, print the resolved policy, or print the most it
                    lets through an hour and a day.
  sanitize [--country CC] [--extra-countries CC,CC] [--explain] [--jsonl]
                    Remove links and phone numbers from text on standard input.
  smoke             Check the Sync semantics the throttles rely on against the account in
                    ACCOUNT_SID/AUTH_TOKEN (or TWILIO_API_BASE_URL). Skips without credentials.
  deny add|remove|list
                    Block callers by number or prefix on the runtime deny list (--help).
  allow add|remove|list
                    Let one number through blocked ranges on the runtime safe list (--help).
  verify-limits plan|apply
                    Make the Verify service's own Rate Limits match the policy (--help).
  mode show | mode set normal|strict|lockdown [--reason TEXT] [--until WHEN]
                    Read or switch the gate mode of every money path (--help).
  audit [--local] [--json] [--fail-on SEVERITY]
                    Check the account against the anti-fraud checklist; read-only (--help).
  harden [--local] [--apply] [--include-guarded] | harden --undo FILE
                    Plan (and with --apply, make) the safe fixes audit finds, with an undo file.
  lockdown [--local] | lockdown --apply --confirm SID | lockdown --undo FILE
                    Incident response: gate to lockdown, subaccounts suspended, calls ended, geo
                    narrowed, numbers re-pointed, callers denied, keys deleted (dry run first).
  deploy-check [--env FILE]
                    Refuse a deploy whose .env lacks GATE_HASH_SECRET or GATE_API_TOKEN, keeps
                    TWILIO_API_BASE_URL, or holds an invalid setting (npm run deploy runs it).
  simulate SCENARIO.json [--policy FILE] [--json]
                    Replay simulated users and attackers against a policy (docs/simulate.md).
  report [--since 24h|7d] [--until DATE] [--json] [--html FILE] [--serve] [--local]
                    What the gate allowed, refused and saved, from the decision logs (--help).
  help              Show this help.
  version           Print the version.

Exit codes: 0 when the command ran, 1 when a smoke check or deploy-check failed, 2 on bad usage or an invalid
policy file.
`;

// Each command's module is loaded when the command runs, not before: the ones that talk to an
// account load the twilio library (about 0.15 s idle, over a second on a busy machine), which
// `check`, `policy`, `sanitize`, `deploy-check` and `version` never need. esbuild bundles these
// requires as lazy initialisers.
const COMMANDS: Record<string, () => Command> = {
  check: () => (require('./commands/check') as typeof import('./commands/check')).runCheckCommand,
  policy: () => (require('./commands/policy') as typeof import('./commands/policy')).runPolicyCommand,
  sanitize: () => (args, io) =>
    (require('./commands/sanitize') as typeof import('./commands/sanitize')).runSanitizeCommand(args, { stdin: io.stdin ?? process.stdin, stdout: io.stdout, stderr: io.stderr }),
  smoke: () => (require('./commands/smoke') as typeof import('./commands/smoke')).runSmokeCommand,
  deny: () => (require('./commands/deny') as typeof import('./commands/deny')).runDenyCommand,
  allow: () => (require('./commands/allow') as typeof import('./commands/allow')).runAllowCommand,
  'verify-limits': () => (require('./commands/verify-limits') as typeof import('./commands/verify-limits')).runVerifyLimitsCommand,
  mode: () => (args, io) => (require('./commands/mode') as typeof import('./commands/mode')).runModeCommand(args, io),
  audit: () => (args, io) => (require('./commands/audit') as typeof import('./commands/audit')).runAuditCommand(args, io),
  harden: () => (args, io) => (require('./commands/harden') as typeof import('./commands/harden')).runHardenCommand(args, io),
  lockdown: () => (args, io) => (require('./commands/lockdown') as typeof import('./commands/lockdown')).runLockdownCommand(args, io),
  'deploy-check': () => (require('./commands/deploy-check') as typeof import('./commands/deploy-check')).runDeployCheckCommand,
  simulate: () => (require('./commands/simulate') as typeof import('./commands/simulate')).runSimulateCommand,
  report: () => (require('./commands/report') as typeof import('./commands/report')).runReportCommand,
};

/**
 * Runs one CLI invocation and resolves to its exit code. Kept free of `process` so tests can
 * drive it directly.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    if (rest.length > 0) return usageError(io, command, `unexpected argument '${rest[0]}'`);
    io.stdout.write(`${io.version}\n`);
    return EXIT_OK;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr.write(`gatekeeper: unknown command '${command}'\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--local') && !rest.some((arg) => arg === '--help' || arg === '-h')) {
    const problem = await localStackProblem(io.cwd ?? process.cwd());
    if (problem) {
      io.stderr.write(`gatekeeper ${command}: ${problem}\n`);
      return EXIT_FAILED;
    }
  }
  return load()(rest, io);
}
