import { DEFAULT_NUMBER_LIST_CACHE_MS } from '../../core/number-list';
import { createSafeList, createSafeListStore, safeListWarning } from '../../core/safe-list';
import type { CliIo } from '../cli-io';
import { runNumberListCommand, type NumberListCommand } from './number-list-command';

const CACHE_SECONDS = DEFAULT_NUMBER_LIST_CACHE_MS / 1000;

export const ALLOW_USAGE = `Usage:
  gatekeeper allow add NUMBER --for DURATION | --expires DATE | --permanent
                                                 Let one number through blocked ranges (E.164)
  gatekeeper allow remove NUMBER | ID            Take it off (ID: as 'allow list' shows it)
  gatekeeper allow list [--json]                 Show the entries (numbers masked)

Options: --for 30s|10m|1h|7d or --expires 2026-12-31[T18:00:00Z] (at most 365 days ahead), or
--permanent for an entry that never expires: add requires one of the three. --local (edit the
stack 'npm start' runs, from .gatekeeper/local.env), --json. A premium-rate or shared-cost
number is added with a warning: it earns its operator money on every code.

The safe list is for a customer stuck behind a refusal: verify/start lets a listed number past
the destination rules, Lookup, low-conversion blocking and the per-number backoff. The throttles
still count it. Exact numbers only, stored as a keyed hash; no prefixes. Running instances
cache what they read for up to ${CACHE_SECONDS} s. The command connects with ACCOUNT_SID and AUTH_TOKEN
(TWILIO_API_BASE_URL for the emulator) from the environment or .env; GATE_HASH_SECRET and
GATE_SYNC_SERVICE_SID must be the deployment's.
`;

const ALLOW_COMMAND: NumberListCommand = {
  name: 'allow',
  title: 'safe list',
  usage: ALLOW_USAGE,
  prefixes: false,
  open: (client, config) => createSafeList({ store: createSafeListStore({ client, serviceSid: config.syncServiceSid }), secret: config.hashSecret }),
  takesEffect: `verify/start lets it through within ${CACHE_SECONDS} s`,
  requiresExpiry: true,
  warnBeforeAdding: safeListWarning,
};

/**
 * `gatekeeper allow add|remove|list`: the runtime safe list. See ALLOW_USAGE. Resolves to the exit code.
 *
 * @example
 * await runAllowCommand(['add', '+447400123456', '--for', '7d'], io) // 0
 */
export function runAllowCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runNumberListCommand(ALLOW_COMMAND, args, io);
}
