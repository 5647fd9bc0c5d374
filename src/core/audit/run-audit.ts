import type { AccountSnapshot } from './account-snapshot';
import { SEVERITIES, UnreadablePart, type AuditContext, type CheckDefinition, type Finding, type Severity } from './finding';

/** Counts per severity of failing findings, and per status of the rest. */
export interface AuditSummary {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  passed: number;
  manual: number;
  errors: number;
}

/** The audit's machine-readable answer (`--json`). */
export interface AuditReport {
  tool: 'gatekeeper-audit';
  version: 1;
  generatedAt: string;
  accountSid: string;
  scope: { accounts: string[]; checks: string[] };
  summary: AuditSummary;
  findings: Finding[];
}

function runOne(check: CheckDefinition, account: AccountSnapshot, context: AuditContext): Finding[] {
  const base = { id: check.id, title: check.title, severity: check.severity, accountSid: account.sid, fix: check.fix };
  const whole = { type: 'account' as const, sid: account.sid };
  try {
    const outcome = check.run(account, context);
    if (outcome.kind === 'not-applicable') return [];
    if (outcome.kind === 'manual') return [{ ...base, status: 'manual', resource: { type: 'console' }, evidence: outcome.evidence }];
    if (outcome.failures.length === 0) return [{ ...base, status: 'pass', resource: whole, evidence: outcome.passEvidence ?? {} }];
    return outcome.failures.map((f) => ({ ...base, status: 'fail', resource: f.resource, evidence: f.evidence }));
  } catch (error) {
    if (!(error instanceof UnreadablePart)) throw error;
    return [{ ...base, status: 'error', resource: whole, evidence: { reason: error.message } }];
  }
}

/**
 * Runs every check over every account snapshot. Pure: the same snapshots and context give the
 * same report. A check whose data could not be read gives an `error` finding naming why.
 *
 * @example
 * const report = runAudit(snapshots, AUDIT_CHECKS, { now: Date.now(), countries, gateUrl, keepKeys: [] }, mainSid);
 */
export function runAudit(accounts: readonly AccountSnapshot[], checks: readonly CheckDefinition[], context: AuditContext, mainSid: string): AuditReport {
  const findings = accounts.flatMap((account) => checks.flatMap((check) => runOne(check, account, context)));
  const summary: AuditSummary = { critical: 0, high: 0, medium: 0, low: 0, info: 0, passed: 0, manual: 0, errors: 0 };
  for (const f of findings) {
    if (f.status === 'fail') summary[f.severity] += 1;
    else if (f.status === 'pass') summary.passed += 1;
    else if (f.status === 'manual') summary.manual += 1;
    else summary.errors += 1;
  }
  return {
    tool: 'gatekeeper-audit',
    version: 1,
    generatedAt: new Date(context.now).toISOString(),
    accountSid: mainSid,
    scope: { accounts: accounts.map((a) => a.sid), checks: checks.map((c) => c.id) },
    summary,
    findings,
  };
}

/** Exit codes of `gatekeeper audit`. */
export const AUDIT_EXIT = { CLEAN: 0, FINDINGS: 1, USAGE: 2, INCOMPLETE: 3 } as const;

/** True when `severity` is at least as bad as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/**
 * 1 when a failing finding is at or above `failOn`; else 3 when a check could not run (the audit
 * is incomplete and must not read as clean); else 0.
 */
export function auditExitCode(report: AuditReport, failOn: Severity): number {
  if (report.findings.some((f) => f.status === 'fail' && atLeast(f.severity, failOn))) return AUDIT_EXIT.FINDINGS;
  if (report.findings.some((f) => f.status === 'error')) return AUDIT_EXIT.INCOMPLETE;
  return AUDIT_EXIT.CLEAN;
}
