import { createDenyList, createDenyListStore } from '../../core/deny-list';
import { DEFAULT_NUMBER_LIST_CACHE_MS } from '../../core/number-list';
import type { CliIo } from '../cli-io';
import { runNumberListCommand, type NumberListCommand } from './number-list-command';

const CACHE_SECONDS = DEFAULT_NUMBER_LIST_CACHE_MS / 1000;

export const DENY_USAGE = `Usage:
  gatekeeper deny add NUMBER [--for DURATION]            Block one caller (E.164, e.g. +447911123456)
  gatekeeper deny add --prefix PREFIX [--for DURATION]   Block a number range (e.g. +4479112)
  gatekeeper deny remove NUMBER | ID | --prefix PREFIX   Unblock (ID: as 'deny list' shows it)
  gatekeeper deny list [--json]                          Show the entries (numbers masked)

Options: --for 30s|10m|1h|7d or --expires 2026-12-31[T18:00:00Z] (at most 365 days ahead;
without either, or with --permanent, an entry never expires), --local (edit the stack
'npm start' runs, from .gatekeeper/local.env), --json.

The inbound gates check the deny list on every call; running instances cache what they read for
up to ${CACHE_SECONDS} s, so a change takes effect within ${CACHE_SECONDS} s. Numbers are stored only as
a keyed hash. The command connects with ACCOUNT_SID and AUTH_TOKEN (TWILIO_API_BASE_URL for the
emulator) from the environment or .env; GATE_HASH_SECRET and GATE_SYNC_SERVICE_SID must be the
deployment's.
`;

const DENY_COMMAND: NumberListCommand = {
  name: 'deny',
  title: 'deny list',
  usage: DENY_USAGE,
  prefixes: true,
  open: (client, config) => createDenyList({ store: createDenyListStore({ client, serviceSid: config.syncServiceSid }), secret: config.hashSecret }),
  takesEffect: `callers are refused within ${CACHE_SECONDS} s`,
  requiresExpiry: false,
};

/**
 * `gatekeeper deny add|remove|list`: see DENY_USAGE. Resolves to the exit code.
 *
 * @example
 * await runDenyCommand(['add', '--prefix', '+1415555', '--for', '1h'], io) // 0
 */
export function runDenyCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runNumberListCommand(DENY_COMMAND, args, io);
}
