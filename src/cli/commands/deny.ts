import { join } from 'node:path';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { ConfigError, parseConfig } from '../../core/config';
import {
  createDenyList,
  createDenyListStore,
  DEFAULT_DENY_LIST_CACHE_MS,
  DenyListError,
  MAX_DENY_TTL_SECONDS,
  parseDenyTarget,
  type DenyEntry,
  type DenyList,
  type DenyTarget,
} from '../../core/deny-list';
import { StoreError } from '../../core/throttle';
import { createTwilioClient } from '../../core/twilio';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';
import { readEnvFile } from '../env-file';

export const DENY_USAGE = `Usage:
  gatekeeper deny add NUMBER [--for DURATION]            Block one caller (E.164, e.g. +447911123456)
  gatekeeper deny add --prefix PREFIX [--for DURATION]   Block a number range (e.g. +4479112)
  gatekeeper deny remove NUMBER | ID | --prefix PREFIX   Unblock (ID: as 'deny list' shows it)
  gatekeeper deny list [--json]                          Show the entries (numbers masked)

Options: --for 30s|10m|1h|7d (at most 365d; without it an entry never expires), --local (edit
the stack 'npm start' runs, from .gatekeeper/local.env), --json.

The inbound gates check the deny list on every call; running instances cache what they read for
up to ${DEFAULT_DENY_LIST_CACHE_MS / 1000} s, so a change takes effect within ${DEFAULT_DENY_LIST_CACHE_MS / 1000} s. Numbers are stored only as
a keyed hash. The command connects with ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL for the
emulator) from the environment or .env; GATE_HASH_SECRET and GATE_SYNC_SERVICE_SID must be the
deployment's (or unset on both: the secret is then derived from AUTH_TOKEN).
`;

/** Settings `npm start` writes for the local stack. */
export const LOCAL_ENV_FILE = join('.gatekeeper', 'local.env');

const DURATION = /^(\d{1,8})([smhd])$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function parseFor(value: string): number | undefined {
  const match = DURATION.exec(value);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2]] : NaN;
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_DENY_TTL_SECONDS ? seconds : undefined;
}

function describeEntry(entry: DenyEntry): string {
  const what = entry.kind === 'prefix' ? `prefix ${entry.display}` : entry.display;
  return `${what} (${entry.expiresAt === null ? 'never expires' : `expires ${new Date(entry.expiresAt).toISOString()}`})`;
}

function table(entries: readonly DenyEntry[]): string {
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

type Connection = { ok: true; denyList: DenyList; target: string } | { ok: false; problem: string };

function connect(io: CliIo, local: boolean): Connection {
  const env: Record<string, string | undefined> = { ...(io.env ?? {}) };
  if (local) {
    const file = join(io.cwd ?? process.cwd(), LOCAL_ENV_FILE);
    const settings = readEnvFile(file);
    if (Object.keys(settings).length === 0) return { ok: false, problem: `--local: ${file} not found; start the local stack with 'npm start' first` };
    Object.assign(env, settings);
  }
  const accountSid = env.ACCOUNT_SID;
  const authToken = env.AUTH_TOKEN;
  if (!accountSid || !authToken) return { ok: false, problem: 'set ACCOUNT_SID and AUTH_TOKEN (in .env or the environment), or use --local for the npm start stack' };
  let config;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problem: error.message };
    throw error;
  }
  if (!config.hashSecret) return { ok: false, problem: 'no GATE_HASH_SECRET and no AUTH_TOKEN to derive it from' };
  const client = createTwilioClient(
    {
      ACCOUNT_SID: accountSid,
      AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: env.TWILIO_API_BASE_URL,
      getTwilioClient: (options?: { timeout?: number }) => twilio(accountSid, authToken, options),
    },
    { timeoutMs: config.twilioTimeoutMs },
  );
  return {
    ok: true,
    denyList: createDenyList({ store: createDenyListStore({ client, serviceSid: config.syncServiceSid }), secret: config.hashSecret }),
    target: env.TWILIO_API_BASE_URL ? `emulator at ${env.TWILIO_API_BASE_URL}` : `account ${accountSid}`,
  };
}

async function list(io: CliIo, connection: { denyList: DenyList; target: string }, json: boolean): Promise<number> {
  const entries = await connection.denyList.list();
  if (json) {
    const shown = entries.map((entry) => ({ ...entry, addedAt: new Date(entry.addedAt).toISOString(), expiresAt: entry.expiresAt === null ? null : new Date(entry.expiresAt).toISOString() }));
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    io.stdout.write(entries.length === 0 ? `deny: the deny list of the ${connection.target} is empty\n` : table(entries));
  }
  return EXIT_OK;
}

/**
 * `gatekeeper deny add|remove|list`: see DENY_USAGE. Resolves to the exit code.
 *
 * @example
 * await runDenyCommand(['add', '--prefix', '+1415555', '--for', '1h'], io) // 0
 */
export async function runDenyCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        prefix: { type: 'string' },
        for: { type: 'string' },
        json: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(io, 'deny', `${error instanceof Error ? error.message : String(error)}\n\n${DENY_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [action, value, ...extra] = positionals;
  if (values.help || action === undefined || action === 'help') {
    io.stdout.write(DENY_USAGE);
    return EXIT_OK;
  }
  if (action !== 'add' && action !== 'remove' && action !== 'list') return usageError(io, 'deny', `unknown action '${action}'\n\n${DENY_USAGE}`);
  if (extra.length > 0) return usageError(io, `deny ${action}`, `unexpected argument '${extra[0]}'`);
  if (action === 'list' && (value !== undefined || values.prefix !== undefined)) return usageError(io, 'deny list', 'takes no entry');
  if (action !== 'add' && values.for !== undefined) return usageError(io, `deny ${action}`, '--for applies to add only');

  let ttlSeconds: number | undefined;
  if (values.for !== undefined) {
    ttlSeconds = parseFor(values.for);
    if (ttlSeconds === undefined) return usageError(io, 'deny add', `--for '${values.for}' is not a duration from 1s to 365d; use e.g. 30m, 12h or 7d`);
  }
  let target: DenyTarget | undefined;
  if (action !== 'list') {
    if ((value === undefined) === (values.prefix === undefined)) return usageError(io, `deny ${action}`, 'give one NUMBER, ID or --prefix PREFIX');
    const read = values.prefix !== undefined ? parseDenyTarget(values.prefix, { asPrefix: true }) : parseDenyTarget(value as string);
    if (!read.ok) return usageError(io, `deny ${action}`, read.problem);
    target = read.target;
  }
  if (action === 'add' && target?.kind === 'id') return usageError(io, 'deny add', 'add takes a NUMBER or --prefix PREFIX; an ID only names an existing entry');

  const connection = connect(io, values.local);
  if (!connection.ok) return usageError(io, `deny ${action}`, connection.problem);
  try {
    if (target === undefined) return await list(io, connection, values.json);
    if (target.kind !== 'id' && action === 'add') {
      const entry = await connection.denyList.add(target, { ttlSeconds });
      io.stdout.write(`deny: added ${describeEntry(entry)} to the ${connection.target}; callers are refused within ${DEFAULT_DENY_LIST_CACHE_MS / 1000} s\n`);
      return EXIT_OK;
    }
    const removed = await connection.denyList.remove(target);
    const name = target.kind === 'prefix' ? `prefix ${target.prefix}` : 'the entry';
    io.stdout.write(removed ? `deny: removed ${name} from the ${connection.target}\n` : `deny: ${name} was not on the deny list\n`);
    return removed ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof DenyListError || error instanceof StoreError) {
      io.stderr.write(`gatekeeper deny ${action}: ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}
