import { resolve } from 'node:path';
import { countryPolicy, type AuditContext } from '../core/audit';
import { undoPlan, type PlanStep, type RecordedStep, type StepClients, type StepExecutor, type UndoRecord } from '../core/harden';
import { resolveGateUrl, type GuardConnection } from './account-guard-connection';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io';
import { loadPolicyFile } from './policy-file';
import { existingJournal, readUndoFile } from './undo-file';

/** The parseArgs options audit, harden and lockdown share. */
export const GUARD_OPTIONS = {
  local: { type: 'boolean' },
  subaccounts: { type: 'string' },
  'gate-url': { type: 'string' },
  policy: { type: 'string' },
  countries: { type: 'string' },
  'keep-key': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The shared options as parsed. */
export interface GuardOptionValues {
  local?: boolean;
  'gate-url'?: string;
  policy?: string;
  countries?: string;
  'keep-key'?: string[];
}

/** `--countries GB,US` as ISO codes, or an Error. */
export function parseCountryList(value: string | undefined): string[] | null | Error {
  if (value === undefined) return null;
  const codes = value.split(',').map((c) => c.trim().toUpperCase());
  const bad = codes.find((c) => !/^[A-Z]{2}$/.test(c));
  return bad === undefined ? codes : new Error(`--countries: '${bad}' is not a two-letter ISO country code`);
}

/** The options audit, harden and lockdown share, resolved, or a usage message. */
export function resolveGuardOptions(values: GuardOptionValues, io: CliIo, env: Record<string, string | undefined>): Omit<AuditContext, 'now'> | string {
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

/** A plan step (or a recorded one, with its status and note) as the commands print it. */
export function stepLines(step: PlanStep | RecordedStep): string {
  const status = 'status' in step ? `[${step.status}] ` : '';
  const guarded = step.guarded ? ' (guarded)' : '';
  const note = 'note' in step && step.note ? `\n    note: ${step.note}` : '';
  return `${status}${step.key}${guarded}\n    call: ${step.call}\n    before: ${step.before}\n    after: ${step.after}${note}\n`;
}

/**
 * Clients for the steps: the main account's, and each subaccount's own (for its subdomain
 * products), built from the tokens the accounts list gives the main account (never printed).
 */
export async function guardClients(connection: GuardConnection): Promise<StepClients> {
  const rows = await connection.main.api.v2010.accounts.list({ pageSize: 1000 });
  const tokens = new Map(rows.filter((a) => a.sid !== connection.mainSid && a.authToken).map((a) => [a.sid, a.authToken]));
  return { main: connection.main, own: (sid) => (tokens.has(sid) ? connection.clientFor(sid, tokens.get(sid) as string) : connection.main) };
}

/** `<command> --undo FILE`: reverses an undo record of `tool` on the connected account and prints what it did. */
export async function runUndoFile(command: 'harden' | 'lockdown', file: string, connection: GuardConnection, io: CliIo, executor?: StepExecutor): Promise<number> {
  const path = resolve(io.cwd ?? process.cwd(), file);
  const tool: UndoRecord['tool'] = command === 'harden' ? 'gatekeeper-harden' : 'gatekeeper-lockdown';
  const record = readUndoFile(path, tool);
  const problem = record instanceof Error ? record.message : record.accountSid !== connection.mainSid ? `${file} was written for ${record.accountSid}, not ${connection.mainSid}` : null;
  if (problem !== null || record instanceof Error) {
    io.stderr.write(`gatekeeper ${command}: ${problem}\n`);
    return EXIT_USAGE;
  }
  io.stderr.write(`${command}: undoing ${file} on the ${connection.target}\n`);
  const { record: undone, notes } = await undoPlan(record, await guardClients(connection), existingJournal(path), executor);
  for (const step of undone.steps) if (step.status === 'undone' || step.status === 'undo-failed') io.stdout.write(`[${step.status}] ${step.key}\n`);
  for (const note of notes) io.stdout.write(`not restored exactly: ${note}\n`);
  return undone.steps.some((s) => s.status === 'undo-failed') ? EXIT_FAILED : EXIT_OK;
}
