import { parseArgs } from 'node:util';
import { AUDIT_CHECKS, AUDIT_EXIT, SEVERITIES, auditExitCode, renderAuditTable, runAudit, type Severity } from '../../core/audit';
import { API_KEY_PROBLEM, connectGuard, parseSubaccountScope, readScope } from '../account-guard-connection';
import { GUARD_OPTIONS, resolveGuardOptions } from '../guard-cli';
import type { CliIo } from '../cli-io';

export const AUDIT_USAGE = `Usage: gatekeeper audit [--local] [--json] [--fail-on critical|high|medium|low|info]
                       [--subaccounts all|none|AC...,AC...] [--gate-url URL] [--policy FILE]
                       [--countries CC,CC] [--keep-key SK...] [--checks ID,ID]

Reads the account (and its subaccounts) and reports what the Anti-Fraud guide's checklist finds:
geo permissions, usage triggers, numbers, SIP, API keys, recent alerts, and the console-only
settings as 'manual'. Changes nothing. Numbers are masked; no secret is printed.

  --gate-url URL     the deployed gate (https://<service>.twil.io); checks that compare URLs with
                     the gate cannot run without it (--local uses the local stack's)
  --policy FILE      the policy whose destination countries are allowed (default: the deployed one)
  --countries CC,CC  allow exactly these countries instead of the policy's
  --keep-key SK...   API keys you keep on purpose (repeatable)
  --checks ID,ID     run only these checks

Exit codes: 0 nothing at or above --fail-on (default high); 1 findings at or above it;
2 bad usage; 3 incomplete: a check could not run (the report says which and why).
`;

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: false,
    options: { ...GUARD_OPTIONS, json: { type: 'boolean' }, 'fail-on': { type: 'string' }, checks: { type: 'string' } },
  });
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`gatekeeper audit: ${message}\n`);
  return AUDIT_EXIT.USAGE;
}

/**
 * `gatekeeper audit`: reads the account and its subaccounts, runs every check, prints a table
 * (or `--json`) and exits 0, 1, 2 or 3 (see AUDIT_USAGE). Resolves to the exit code.
 */
export async function runAuditCommand(args: readonly string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  let values;
  try {
    values = parse(args).values;
  } catch (error) {
    return usage(io, `${(error as Error).message}\n\n${AUDIT_USAGE}`);
  }
  if (values.help) {
    io.stdout.write(AUDIT_USAGE);
    return AUDIT_EXIT.CLEAN;
  }
  const failOn = (values['fail-on'] ?? 'high') as Severity;
  if (!SEVERITIES.includes(failOn)) return usage(io, `--fail-on must be one of ${SEVERITIES.join(', ')}`);
  const scope = parseSubaccountScope(values.subaccounts);
  if (scope instanceof Error) return usage(io, scope.message);
  const wanted = values.checks?.split(',').map((c) => c.trim().toUpperCase());
  const unknown = wanted?.find((id) => !AUDIT_CHECKS.some((c) => c.id === id));
  if (unknown !== undefined) return usage(io, `--checks: no check '${unknown}'; see docs/account.md for the list`);
  const checks = wanted ? AUDIT_CHECKS.filter((c) => wanted.includes(c.id)) : AUDIT_CHECKS;

  const connection = connectGuard(io, values.local === true);
  if (connection === API_KEY_PROBLEM) {
    // Not a mistake in the command line: with these credentials no check can run.
    io.stderr.write(`gatekeeper audit: incomplete, no check could run: ${connection}\n`);
    return AUDIT_EXIT.INCOMPLETE;
  }
  if (typeof connection === 'string') return usage(io, connection);
  const options = resolveGuardOptions(values, io, connection.env);
  if (typeof options === 'string') return usage(io, options);
  io.stderr.write(`audit: reading the ${connection.target} (read-only)\n`);
  const at = now();
  const snapshots = await readScope(connection, scope, at);
  if (snapshots instanceof Error) return usage(io, snapshots.message);
  const report = runAudit(snapshots, checks, { ...options, now: at }, connection.mainSid);
  io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderAuditTable(report));
  const code = auditExitCode(report, failOn);
  if (code === AUDIT_EXIT.INCOMPLETE) {
    const failed = [...new Set(report.findings.filter((f) => f.status === 'error').map((f) => f.id))];
    io.stderr.write(`audit: incomplete: ${failed.join(', ')} could not run (see the report for why)\n`);
  }
  return code;
}
