import { parseArgs } from 'node:util';
import { createGateModeDocument, createSyncGateModeStore, DEFAULT_GATE_MODE_CACHE_MS, isGateMode, modeAt, type GateModeDocument, type GateModeRead } from '../../core/gate-mode';
import { StoreError } from '../../core/throttle';
import { parseDuration } from '../../core/throttle/duration';
import { connectAccount } from '../account-connection';
import { EXIT_FAILED, EXIT_OK, usageError, type CliIo } from '../cli-io';

export const MODE_USAGE = `Usage:
  gatekeeper mode show [--json]
  gatekeeper mode set normal|strict|lockdown [--reason TEXT] [--until WHEN]

The gate mode switches every money path at once:
  normal    the policy as written
  strict    the policy's strict profile (lower caps, fewer countries, Lookup, no call channel)
  lockdown  verify/start, voice/outbound and sms/outbound answer 503 ERR_GATE_LOCKDOWN;
            inbound calls are rejected and inbound messages are not forwarded

--until takes a duration (30m, 2h, 1d) or a date-time with offset (2026-12-05T08:00:00Z); the
mode then ends by itself and the gate is normal again. Running instances see a change within
${DEFAULT_GATE_MODE_CACHE_MS / 1000} s. --local works on the stack 'npm start' runs; otherwise the command connects with
ACCOUNT_SID and AUTH_TOKEN from the environment or .env, and says which account before it writes.
`;

const SETTER = 'cli';

function parseUntil(value: string, now: number): number | string {
  const duration = parseDuration(value);
  if (duration !== undefined) return now + duration;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return at;
  }
  return `--until '${value.slice(0, 40)}' is neither a duration (30m, 2h, 1d) nor a date-time with offset (2026-12-05T08:00:00Z)`;
}

function describe(read: GateModeRead, now: number): { mode: string; line: string; document: GateModeDocument | null } {
  if (read.kind === 'absent') return { mode: 'normal', line: 'normal (never set)', document: null };
  if (read.kind === 'invalid') return { mode: 'normal', line: 'normal (the stored gate-mode document is not valid; set a mode to replace it)', document: null };
  const { document } = read;
  const mode = modeAt(document, now);
  const expired = mode !== document.mode ? ` (${document.mode} expired at ${new Date(document.until as number).toISOString()})` : '';
  const until = mode === document.mode && document.until !== null ? ` until ${new Date(document.until).toISOString()}` : '';
  const reason = document.reason ? `, reason: ${document.reason}` : '';
  return { mode, line: `${mode}${until}${expired}, set ${new Date(document.since).toISOString()} by ${document.by}${reason}`, document };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { local: { type: 'boolean' }, json: { type: 'boolean' }, reason: { type: 'string' }, until: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

/**
 * `gatekeeper mode show|set`: reads or switches the gate mode (the `gate-mode` Sync Document).
 * See MODE_USAGE. Resolves to the exit code.
 *
 * @example
 * await runModeCommand(['set', 'lockdown', '--reason', 'usage spike', '--until', '2h'], io) // 0
 */
export async function runModeCommand(args: readonly string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  let parsed;
  try {
    parsed = parse(args);
  } catch (error) {
    return usageError(io, 'mode', `${(error as Error).message}\n\n${MODE_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [action, target, ...extra] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(MODE_USAGE);
    return values.help ? EXIT_OK : usageError(io, 'mode', 'say show or set');
  }
  if (action !== 'show' && action !== 'set') return usageError(io, 'mode', `unknown action '${action}'; use show or set`);
  if (extra.length > 0 || (action === 'show' && target !== undefined)) return usageError(io, `mode ${action}`, `unexpected argument '${extra[0] ?? target}'`);

  let document: GateModeDocument | undefined;
  if (action === 'set') {
    if (!isGateMode(target)) return usageError(io, 'mode set', `give normal, strict or lockdown${target ? `, not '${target}'` : ''}`);
    const until = values.until === undefined ? null : parseUntil(values.until, now());
    if (typeof until === 'string') return usageError(io, 'mode set', until);
    try {
      document = createGateModeDocument({ mode: target, reason: values.reason, until, by: SETTER }, now());
    } catch (error) {
      return usageError(io, 'mode set', (error as Error).message.replace(/^gate mode: /, ''));
    }
  }

  const connection = connectAccount(io, values.local === true);
  if (!connection.ok) return usageError(io, `mode ${action}`, connection.problem);
  const store = createSyncGateModeStore({ client: connection.client, serviceSid: connection.config.syncServiceSid });
  try {
    if (document) {
      io.stderr.write(`mode: writing to the ${connection.target}\n`);
      await store.write(document);
      io.stdout.write(`mode: ${describe({ kind: 'document', document }, now()).line}; running instances follow within ${DEFAULT_GATE_MODE_CACHE_MS / 1000} s\n`);
      return EXIT_OK;
    }
    const shown = describe(await store.read(), now());
    if (values.json) io.stdout.write(`${JSON.stringify({ mode: shown.mode, document: shown.document })}\n`);
    else io.stdout.write(`mode: ${shown.line} (${connection.target})\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    io.stderr.write(`gatekeeper mode ${action}: Sync did not answer (${error.reason})${action === 'set' ? "; the mode may not have changed: check with 'gatekeeper mode show' and try again" : ''}\n`);
    return EXIT_FAILED;
  }
}
