import type { AccountSnapshot, Readable } from './account-snapshot';
import type { CountryPolicy } from './country-policy';

/** How bad a failing check is, worst first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** `fail`: the problem is there; `pass`: checked and fine; `manual`: only the console can tell; `error`: could not be checked. */
export type FindingStatus = 'fail' | 'pass' | 'manual' | 'error';

/** How to fix a finding: a `gatekeeper harden` step, and/or words and a console link. */
export interface Fix {
  text: string;
  harden: string | null;
  console: string | null;
}

/** What a finding is about. */
export interface FindingResource {
  type: 'account' | 'country' | 'trigger' | 'number' | 'trunk' | 'sip-domain' | 'ip-acl' | 'key' | 'alerts' | 'console';
  sid?: string;
  iso?: string;
}

/** One result of one check on one account (and resource). Evidence holds no secret and no unmasked number. */
export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  accountSid: string;
  resource: FindingResource;
  evidence: Record<string, unknown>;
  fix: Fix;
}

/** Everything a check may consult besides the account. */
export interface AuditContext {
  now: number;
  /** Which destinations the policy allows, per channel. */
  countries: CountryPolicy;
  /** The deployed gate's base URL (`https://gatekeeper-1234.twil.io`), or null when unknown. */
  gateUrl: string | null;
  /** API keys the operator keeps on purpose (`--keep-key`). */
  keepKeys: readonly string[];
}

/** A failing item a check found. */
export interface CheckFailure {
  resource: FindingResource;
  evidence: Record<string, unknown>;
}

/** The outcome of a check on one account: failures (empty = pass), or `manual`, or not applicable. */
export type CheckOutcome = { kind: 'failures'; failures: CheckFailure[]; passEvidence?: Record<string, unknown> } | { kind: 'manual'; evidence: Record<string, unknown> } | { kind: 'not-applicable' };

/** One audit check: what it reads, how bad a failure is, how to fix it, and the pure test itself. */
export interface CheckDefinition {
  id: string;
  title: string;
  severity: Severity;
  /** The API data it reads, for the docs table and the --help listing. */
  reads: string;
  fix: Fix;
  run(account: AccountSnapshot, context: AuditContext): CheckOutcome;
}

/** Thrown by `part` when a check needs data that could not be read; the runner turns it into an `error` finding. */
export class UnreadablePart extends Error {}

/** The value of a snapshot part, or an `UnreadablePart` naming why it is missing. */
export function part<T>(value: Readable<T>): T {
  if (!value.ok) throw new UnreadablePart(value.reason);
  return value.value;
}

/** The gate URL, or an `UnreadablePart` saying how to give it. */
export function gateUrlOf(context: AuditContext): string {
  if (context.gateUrl === null) throw new UnreadablePart("the gate's URL is unknown: pass --gate-url https://<your-service>.twil.io");
  return context.gateUrl;
}

export const failures = (list: CheckFailure[], passEvidence?: Record<string, unknown>): CheckOutcome => ({ kind: 'failures', failures: list, passEvidence });

/**
 * A failure of the account as a whole (a missing trigger, countries outside the policy, too many
 * keys): there is no narrower resource to point at, so the finding names the account.
 */
export function accountFailure(account: AccountSnapshot, evidence: Record<string, unknown>): CheckFailure {
  return { resource: { type: 'account', sid: account.sid }, evidence };
}
