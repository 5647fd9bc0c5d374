import { classifyTwilioError } from '../../core/twilio';
import {
  applyVerifyRateLimitChanges,
  describeRateLimitChange,
  desiredVerifyRateLimits,
  planVerifyRateLimits,
  readVerifyRateLimits,
  type RateLimitChange,
} from '../../core/verify';
import { connectAccount } from '../account-connection';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { parseCommandArgs } from '../command-args';
import { loadPolicyFile } from '../policy-file';

export const VERIFY_LIMITS_USAGE = `Usage:
  gatekeeper verify-limits plan [--policy FILE] [--local] [--json]    Show what apply would change
  gatekeeper verify-limits apply [--policy FILE] [--local]            Make the changes

Makes the Verify service's own Rate Limits match the policy's verify-start limits per number
(Rate Limit gate_number) and per identity (gate_identity): one Bucket per window, so Twilio
itself refuses a start beyond them even if the gate's throttle state is lost. Only these two
Rate Limits are touched. After apply, set GATE_VERIFY_RATE_LIMITS=true in the deployment so
verify/start passes their keys (keyed hashes of the number and identity, never the number).

The policy is --policy FILE, else src/assets/policy.private.json, else the built-in defaults.
The service is GATE_VERIFY_SERVICE_SID; the command connects with ACCOUNT_SID and AUTH_TOKEN
(TWILIO_API_BASE_URL for the emulator) from the environment or .env, or --local for the
'npm start' stack.
`;

function twilioProblem(error: unknown): string {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'api') return `Twilio answered ${failure.status}${failure.code !== undefined ? ` (error ${failure.code})` : ''}`;
  if (failure.kind === 'transport') return `could not reach Twilio (${failure.errno})`;
  return 'the request failed';
}

/**
 * `gatekeeper verify-limits plan|apply`: see VERIFY_LIMITS_USAGE. Resolves to the exit code:
 * 0 done (or nothing to change), 1 Twilio failed, 2 bad usage or settings.
 *
 * @example
 * await runVerifyLimitsCommand(['plan', '--json'], io) // 0
 */
export async function runVerifyLimitsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'verify-limits', VERIFY_LIMITS_USAGE, args, {
    policy: { type: 'string' },
    json: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (action === undefined || action === 'help') {
    io.stdout.write(VERIFY_LIMITS_USAGE);
    return EXIT_OK;
  }
  if (action !== 'plan' && action !== 'apply') return usageError(io, 'verify-limits', `unknown action '${action}'\n\n${VERIFY_LIMITS_USAGE}`);
  if (extra.length > 0) return usageError(io, `verify-limits ${action}`, `unexpected argument '${extra[0]}'`);

  let policy;
  try {
    policy = loadPolicyFile(values.policy, io.cwd ?? process.cwd());
  } catch (error) {
    // An invalid policy (PolicyError) or a missing file: both name the fix.
    if (error instanceof Error) return usageError(io, `verify-limits ${action}`, error.message);
    throw error;
  }
  const account = connectAccount(io, values.local);
  if (!account.ok) return usageError(io, `verify-limits ${action}`, account.problem);
  const serviceSid = account.config.verifyServiceSid;
  if (!serviceSid) return usageError(io, `verify-limits ${action}`, 'set GATE_VERIFY_SERVICE_SID to the Verify service the deployment uses');

  const desired = desiredVerifyRateLimits(policy.ruleSets);
  let current;
  try {
    current = await readVerifyRateLimits(account.client, serviceSid);
  } catch (error) {
    io.stderr.write(`gatekeeper verify-limits ${action}: reading the service's Rate Limits failed: ${twilioProblem(error)}\n`);
    return EXIT_FAILED;
  }
  const changes = planVerifyRateLimits(desired, current);
  if (action === 'plan') {
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ serviceSid, desired, changes }, null, 2)}\n`);
    } else if (changes.length === 0) {
      io.stdout.write(`verify-limits: the Rate Limits of ${serviceSid} on the ${account.target} match the policy\n`);
    } else {
      io.stdout.write(`verify-limits: ${changes.length} change(s) for ${serviceSid} on the ${account.target}:\n${changes.map((change) => `  ${describeRateLimitChange(change)}\n`).join('')}`);
    }
    return EXIT_OK;
  }
  const applied: RateLimitChange[] = [];
  try {
    await applyVerifyRateLimitChanges(account.client, serviceSid, current, changes, (change) => {
      applied.push(change);
      io.stdout.write(`  ${describeRateLimitChange(change)}\n`);
    });
  } catch (error) {
    io.stderr.write(`gatekeeper verify-limits apply: stopped after ${applied.length} of ${changes.length} change(s): ${twilioProblem(error)}; run 'verify-limits plan' to see what is left\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(
    changes.length === 0
      ? `verify-limits: nothing to change; the Rate Limits of ${serviceSid} match the policy\n`
      : `verify-limits: applied ${changes.length} change(s) to ${serviceSid} on the ${account.target}\n`,
  );
  if (!account.config.verifyRateLimits) io.stdout.write('verify-limits: now set GATE_VERIFY_RATE_LIMITS=true in the deployment so verify/start passes the keys\n');
  return EXIT_OK;
}
