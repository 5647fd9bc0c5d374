import type { GateConfig } from '../../core/config';
import { MAX_LIST_TTL_SECONDS, NumberListError, parseNumberTarget, type NumberList, type NumberListEntry, type NumberTarget } from '../../core/number-list';
import { StoreError } from '../../core/throttle';
import type { createTwilioClient } from '../../core/twilio';
import { maskPhoneNumber } from '../../core/log';
import { connectAccount } from '../account-connection';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { parseCommandArgs } from '../command-args';

/** The operations the command uses (not `check`, whose answer each list words its own way). */
type ListAdmin = Omit<NumberList, 'check'>;

/** What differs between `gatekeeper deny` and `gatekeeper allow`. */
export interface NumberListCommand {
  /** `deny`, `allow`. */
  name: string;
  /** What the list is called in messages: `deny list`, `safe list`. */
  title: string;
  usage: string;
  /** Whether `--prefix` is accepted. */
  prefixes: boolean;
  /** Opens the list the deployment reads, with the deployment's secret and Sync service. */
  open(client: ReturnType<typeof createTwilioClient>, config: GateConfig & { hashSecret: string }): ListAdmin;
  /** Said after a successful add: when the gates see it. */
  takesEffect: string;
  /**
   * Whether `add` must say how long the entry lasts (`--for` or `--expires`) or that it never
   * expires (`--permanent`): for a list that lets numbers through, forgetting an expiry should
   * be a decision, not a default.
   */
  requiresExpiry: boolean;
  /** A warning to print before adding a number (e.g. a premium-rate number to the safe list). */
  warnBeforeAdding?(e164: string): string | undefined;
}

const DURATION = /^(\d{1,8})([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function parseFor(value: string): number | undefined {
  const match = DURATION.exec(value);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]] : NaN;
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_LIST_TTL_SECONDS ? seconds : undefined;
}

type Expiry = { ok: true; ttlSeconds: number | undefined } | { ok: false; problem: string };

/** Reads `--for DURATION`, `--expires DATE-TIME` or `--permanent` into a lifetime (`undefined`: never expires). */
function readExpiry(command: NumberListCommand, action: string, values: { for?: string; expires?: string; permanent?: boolean }, now: number): Expiry {
  const given = [values.for !== undefined && '--for', values.expires !== undefined && '--expires', values.permanent && '--permanent'].filter(Boolean);
  if (action !== 'add') return given.length > 0 ? { ok: false, problem: `${given[0]} applies to add only` } : { ok: true, ttlSeconds: undefined };
  if (given.length > 1) return { ok: false, problem: `give one of ${given.join(', ')}` };
  if (values.for !== undefined) {
    const ttlSeconds = parseFor(values.for);
    return ttlSeconds === undefined ? { ok: false, problem: `--for '${values.for}' is not a duration from 1s to 365d; use e.g. 30m, 12h or 7d` } : { ok: true, ttlSeconds };
  }
  if (values.expires !== undefined) {
    const at = Date.parse(values.expires);
    const ttlSeconds = Math.ceil((at - now) / 1000);
    if (!/^\d{4}-\d\d-\d\d/.test(values.expires) || !Number.isFinite(at) || ttlSeconds < 1 || ttlSeconds > MAX_LIST_TTL_SECONDS) {
      return { ok: false, problem: `--expires '${values.expires}' is not a date or date-time within the next 365 days; use e.g. 2026-12-31 or 2026-12-31T18:00:00Z` };
    }
    return { ok: true, ttlSeconds };
  }
  if (!values.permanent && command.requiresExpiry) {
    return { ok: false, problem: `say how long the entry lasts: --for DURATION (e.g. 7d), --expires DATE (e.g. 2026-12-31), or --permanent for an entry that never expires` };
  }
  return { ok: true, ttlSeconds: undefined };
}

function describeEntry(entry: NumberListEntry): string {
  const what = entry.kind === 'prefix' ? `prefix ${entry.display}` : entry.display;
  return `${what} (${entry.expiresAt === null ? 'never expires' : `expires ${new Date(entry.expiresAt).toISOString()}`})`;
}

function table(entries: readonly NumberListEntry[]): string {
  const rows = [
    ['KIND', 'ENTRY', 'EXPIRES', 'ADDED', 'ID'],
    ...entries.map((entry) => [
      entry.kind,
      entry.display,
      entry.expiresAt === null ? 'never' : new Date(entry.expiresAt).toISOString(),
      new Date(entry.addedAt).toISOString(),
      entry.kind === 'number' ? entry.id : '-',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

async function list(command: NumberListCommand, io: CliIo, connection: { list: ListAdmin; target: string }, json: boolean): Promise<number> {
  const entries = await connection.list.list();
  if (json) {
    const shown = entries.map((entry) => ({ ...entry, addedAt: new Date(entry.addedAt).toISOString(), expiresAt: entry.expiresAt === null ? null : new Date(entry.expiresAt).toISOString() }));
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    io.stdout.write(entries.length === 0 ? `${command.name}: the ${command.title} of the ${connection.target} is empty\n` : table(entries));
  }
  return EXIT_OK;
}

/**
 * `gatekeeper <deny|allow> add|remove|list`: one implementation for both runtime number lists.
 * Resolves to the exit code.
 *
 * @example
 * await runNumberListCommand(DENY_COMMAND, ['add', '--prefix', '+1415555', '--for', '1h'], io) // 0
 */
export async function runNumberListCommand(command: NumberListCommand, args: readonly string[], io: CliIo): Promise<number> {
  const { name, usage } = command;
  const parsed = parseCommandArgs(io, name, usage, args, {
    prefix: { type: 'string' },
    for: { type: 'string' },
    expires: { type: 'string' },
    permanent: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [action, value, ...extra] = positionals;
  if (action === undefined || action === 'help') {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (action !== 'add' && action !== 'remove' && action !== 'list') return usageError(io, name, `unknown action '${action}'\n\n${usage}`);
  if (extra.length > 0) return usageError(io, `${name} ${action}`, `unexpected argument '${extra[0]}'`);
  if (!command.prefixes && values.prefix !== undefined) return usageError(io, `${name} ${action}`, `the ${command.title} takes exact numbers only, not --prefix`);
  if (action === 'list' && (value !== undefined || values.prefix !== undefined)) return usageError(io, `${name} list`, 'takes no entry');
  let target: NumberTarget | undefined;
  if (action !== 'list') {
    const what = command.prefixes ? 'one NUMBER, ID or --prefix PREFIX' : 'one NUMBER or ID';
    if ((value === undefined) === (values.prefix === undefined)) return usageError(io, `${name} ${action}`, `give ${what}`);
    const read = values.prefix !== undefined ? parseNumberTarget(values.prefix, { asPrefix: true }) : parseNumberTarget(value as string);
    if (!read.ok) return usageError(io, `${name} ${action}`, command.prefixes ? read.problem : read.problem.replace(/; for a number range use --prefix$/, ''));
    target = read.target;
  }
  if (action === 'add' && target?.kind === 'id') {
    return usageError(io, `${name} add`, `add takes a NUMBER${command.prefixes ? ' or --prefix PREFIX' : ''}; an ID only names an existing entry`);
  }
  const expiry = readExpiry(command, action, values, Date.now());
  if (!expiry.ok) return usageError(io, `${name} ${action}`, expiry.problem);
  const { ttlSeconds } = expiry;

  const account = connectAccount(io, values.local);
  if (!account.ok) return usageError(io, `${name} ${action}`, account.problem);
  const connection = { list: command.open(account.client, account.config), target: account.target };
  try {
    if (target === undefined) return await list(command, io, connection, values.json);
    if (target.kind !== 'id' && action === 'add') {
      const warning = target.kind === 'number' ? command.warnBeforeAdding?.(target.e164) : undefined;
      if (warning) io.stderr.write(`gatekeeper ${name} add: warning: ${target.kind === 'number' ? maskPhoneNumber(target.e164) : ''} ${warning}\n`);
      const entry = await connection.list.add(target, { ttlSeconds });
      io.stdout.write(`${name}: added ${describeEntry(entry)} to the ${command.title} of the ${connection.target}; ${command.takesEffect}\n`);
      return EXIT_OK;
    }
    const removed = await connection.list.remove(target);
    const entryName = target.kind === 'prefix' ? `prefix ${target.prefix}` : 'the entry';
    io.stdout.write(removed ? `${name}: removed ${entryName} from the ${command.title} of the ${connection.target}\n` : `${name}: ${entryName} was not on the ${command.title}\n`);
    return removed ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof NumberListError || error instanceof StoreError) {
      io.stderr.write(`gatekeeper ${name} ${action}: ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
