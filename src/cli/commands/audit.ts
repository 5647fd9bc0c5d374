import { parseArgs } from 'node:util';
import { AUDIT_CHECKS, AUDIT_EXIT, SEVERITIES, auditExitCode, countryPolicy, renderAuditTable, runAudit, type AuditContext, type Severity } from '../../core/audit';
import { connectGuard, parseSubaccountScope, readScope, resolveGateUrl } from '../account-guard-connection';
import type { CliIo } from '../cli-io';
import { loadPolicyFile } from '../policy-file';

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
    options: {
      local: { type: 'boolean' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
      subaccounts: { type: 'string' },
      'gate-url': { type: 'string' },
      policy: { type: 'string' },
      countries: { type: 'string' },
      'keep-key': { type: 'string', multiple: true },
      checks: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`gatekeeper audit: ${message}\n`);
  return AUDIT_EXIT.USAGE;
}

/** `--countries GB,US` as ISO codes, or an Error. */
export function parseCountryList(value: string | undefined): string[] | null | Error {
  if (value === undefined) return null;
  const codes = value.split(',').map((c) => c.trim().toUpperCase());
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  return bad === undefined ? codes : new Error(`--countries: '${bad}' is not a two-letter ISO country code`);
}

/** The options audit and harden share, resolved, or a usage message. */
export function resolveGuardOptions(values: ReturnType<typeof parse>['values'], io: CliIo, env: Record<string, string | undefined>): Omit<AuditContext, 'now'> | string {
  const countries = parseCountryList(values.countries);
  if (countries instanceof Error) return countries.message;
  const gateUrl = resolveGateUrl(values['gate-url'], env, values.local === true);
  if (gateUrl instanceof Error) return gateUrl.message;
  const keepKeys = values['keep-key'] ?? [];
  const badKey = keepKeys.find((k) => !/^SK[0-9a-fA-F]{32}$/.test(k));
  if (badKey !== undefined) return `--keep-key: '${badKey.slice(0, 40)}' is not an API key SID (SK + 32 hex digits)`;
  let policy;
  try {
    policy = loadPolicyFile(values.policy, io.cwd ?? process.cwd());
  } catch (error) {
    return `policy: ${(error as Error).message}`;
  }
  return { countries: countryPolicy(policy.policy.destinations.countries, countries), gateUrl, keepKeys };
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
