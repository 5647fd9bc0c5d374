import type { AuditReport } from './run-audit';
import type { Finding } from './finding';

const STATUS_ORDER = { fail: 0, error: 1, manual: 2, pass: 3 } as const;
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

function resourceText(f: Finding): string {
  return f.resource.sid ?? f.resource.iso ?? f.resource.type;
}

function evidenceText(f: Finding): string {
  return Object.entries(f.evidence)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * The audit as a terminal table: failures and errors first (worst first), then manual items,
 * then a one-line count of passes; each failure with its evidence and fix on the next lines.
 */
export function renderAuditTable(report: AuditReport): string {
  const shown = report.findings
    .filter((f) => f.status !== 'pass')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id));
  const lines = [`${pad('STATUS', 7)}${pad('SEVERITY', 9)}${pad('CHECK', 19)}${pad('ACCOUNT', 36)}RESOURCE`];
  for (const f of shown) {
    lines.push(`${pad(f.status, 7)}${pad(f.severity, 9)}${pad(f.id, 19)}${pad(f.accountSid, 36)}${resourceText(f)}`);
    const evidence = evidenceText(f);
    if (evidence) lines.push(`         ${f.status === 'error' ? 'why' : 'evidence'}: ${evidence}`);
    if (f.status !== 'error') lines.push(`         fix: ${f.fix.harden ? `gatekeeper harden (step ${f.fix.harden}); ` : ''}${f.fix.text}${f.fix.console ? ` ${f.fix.console}` : ''}`);
  }
  const s = report.summary;
  lines.push('', `${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info; ${s.passed} passed, ${s.manual} manual, ${s.errors} could not run`);
  return `${lines.join('\n')}\n`;
}
