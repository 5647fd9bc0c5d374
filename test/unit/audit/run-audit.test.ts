import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_CHECKS,
  auditExitCode,
  countryPolicy,
  isDisarmed,
  isInsecureUrl,
  p95,
  readable,
  runAudit,
  suggestedDailySpendThreshold,
  unreadable,
  type AccountSnapshot,
  type AuditContext,
  type TriggerInfo,
} from '../../../src/core/audit';
import { emptySnapshot } from '../../helpers/account-snapshot';

const NOW = Date.UTC(2026, 11, 4, 12);
const SID = `AC${'a'.repeat(32)}`;
const GATE = 'https://gate.twil.io';

/** An account with nothing wrong: every part readable and clean. */
function cleanAccount(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  const trigger = (usageCategory: string, triggerBy: string, triggerValue: number): TriggerInfo => ({
    sid: `UT${usageCategory.length}${'0'.repeat(31)}`,
    friendlyName: null,
    usageCategory,
    triggerBy,
    recurring: 'daily',
    triggerValue,
    callbackUrl: `${GATE}/usage/alert`,
    callbackMethod: 'POST',
    dateFired: null,
  });
  return emptySnapshot(SID, 'main', {
    voice: readable({ inherits: false, countries: [{ isoCode: 'GB', lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false }], parentCountries: null }),
    sms: readable([{ isoCode: 'GB', enabled: true, highRisk: false }]),
    triggers: readable([trigger('totalprice', 'price', 20), trigger('sms-outbound', 'count', 1000)]),
    dailySpend: readable(Array(30).fill(1)),
    ...overrides,
  });
}

const context: AuditContext = { now: NOW, countries: countryPolicy({ allow: [], deny: ['LV'] }), gateUrl: GATE, keepKeys: [] };

describe('runAudit', () => {
  it('passes every check on a clean account and lists the console-only items as manual', () => {
    const report = runAudit([cleanAccount()], AUDIT_CHECKS, context, SID);
    expect(report.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(report.summary).toMatchObject({ critical: 0, high: 0, errors: 0, manual: 4 });
    expect(auditExitCode(report, 'info')).toBe(0);
  });

  it('turns an unreadable part into an error finding naming why, and exits 3 without failures', () => {
    const report = runAudit([cleanAccount({ trunks: unreadable('Elastic SIP Trunks: HTTP 403') })], AUDIT_CHECKS, context, SID);
    const errors = report.findings.filter((f) => f.status === 'error');
    expect(errors.map((f) => f.id)).toEqual(['SIP-CREDONLY', 'SIP-INSECURE', 'SIP-TRANSFER', 'SIP-SYMRTP', 'SIP-DR-HTTP']);
    expect(errors[0].evidence).toEqual({ reason: 'Elastic SIP Trunks: HTTP 403' });
    expect(auditExitCode(report, 'high')).toBe(3);
  });

  it('exits 1 when a failure reaches --fail-on, even when another check could not run', () => {
    const account = cleanAccount({ keys: unreadable('API keys: HTTP 401'), voice: readable({ inherits: false, countries: [{ isoCode: 'GB', lowRisk: true, highRiskSpecial: true, highRiskTollfraud: false }], parentCountries: null }) });
    const report = runAudit([account], AUDIT_CHECKS, context, SID);
    expect(auditExitCode(report, 'critical')).toBe(1);
  });

  it.each([
    ['medium', 0],
    ['low', 1],
  ] as const)('applies --fail-on %s to a low finding (exit %i)', (failOn, code) => {
    const account = cleanAccount({ trunks: readable([{ sid: `TK${'1'.repeat(32)}`, friendlyName: null, secure: true, transferMode: 'disable-all', disasterRecoveryUrl: null, symmetricRtpEnabled: true, aclSids: [], credentialListSids: [] }]) });
    expect(auditExitCode(runAudit([account], AUDIT_CHECKS, context, SID), failOn)).toBe(code);
  });
});

describe('VOICE-INHERIT', () => {
  const gb = { isoCode: 'GB', lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false };
  const inheritFindings = (parent: (typeof gb)[]) => {
    const sub = cleanAccount({ sid: `AC${'b'.repeat(32)}`, role: 'subaccount', voice: readable({ inherits: false, countries: [gb, { ...gb, isoCode: 'FR', highRiskSpecial: true }], parentCountries: parent }) });
    return runAudit([sub], AUDIT_CHECKS.filter((c) => c.id === 'VOICE-INHERIT'), context, SID).findings;
  };

  it("fails a subaccount whose own table opens more than the main account's", () => {
    expect(inheritFindings([gb, { ...gb, isoCode: 'FR' }])).toMatchObject([{ status: 'fail', evidence: { widerCountries: 1, examples: ['FR'] } }]);
  });

  it('passes one whose own table is no wider', () => {
    expect(inheritFindings([gb, { ...gb, isoCode: 'FR', highRiskSpecial: true }])).toMatchObject([{ status: 'pass' }]);
  });
});

describe('audit rules', () => {
  it('reads the policy as an allow-list when it has one, else as everything but the deny-list', () => {
    expect(countryPolicy({ allow: [], deny: ['LV'] }).voice('LV')).toBe(false);
    expect(countryPolicy({ allow: [], deny: ['LV'] }).sms('FR')).toBe(true);
    expect(countryPolicy({ allow: ['GB'], deny: [] }).voice('FR')).toBe(false);
    expect(countryPolicy({ allow: [], deny: [] }, ['US']).sms('GB')).toBe(false);
  });

  it('treats http as insecure except on this machine', () => {
    expect(isInsecureUrl('http://pbx.example.com/x')).toBe(true);
    expect(isInsecureUrl('http://127.0.0.1:3000/usage/alert')).toBe(false);
    expect(isInsecureUrl('https://pbx.example.com/x')).toBe(false);
  });

  it('sets the spend threshold at twice the p95, at least 20 USD', () => {
    expect(p95([1, 2, 3, 4, 100])).toBe(100);
    expect(suggestedDailySpendThreshold(Array(30).fill(4))).toBe(20);
    expect(suggestedDailySpendThreshold(Array(30).fill(50))).toBe(100);
  });

  it('sees a trigger that fired in the current GMT period as disarmed', () => {
    const trigger = { recurring: 'daily', dateFired: Date.UTC(2026, 11, 4, 1) } as TriggerInfo;
    expect(isDisarmed(trigger, NOW)).toBe(true);
    expect(isDisarmed(trigger, Date.UTC(2026, 11, 5, 0, 0, 1))).toBe(false);
  });
});

describe('docs/account.md', () => {
  const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'account.md'), 'utf8');
  it.each(AUDIT_CHECKS.map((c) => [c.id, c.severity, c.fix.harden] as const))('lists %s with severity %s and its harden step', (id, severity, step) => {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
    expect(row).toBeDefined();
    expect(row?.split('|')[2].trim()).toBe(severity);
    if (step) expect(row).toContain(`\`${step}\``);
  });
});
