import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan, planHarden } from '../../core/harden';
import { connectGuard, parseSubaccountScope, readScope } from '../account-guard-connection';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../cli-io';
import { GUARD_OPTIONS, guardClients, resolveGuardOptions, runUndoFile, stepLines } from '../guard-cli';
import { DEFAULT_UNDO_DIR, fileJournal } from '../undo-file';

export const HARDEN_USAGE = `Usage: gatekeeper harden [--local] [--apply] [--include-guarded] [--only STEP,STEP]
                        [--subaccounts all|none|AC...,AC...] [--gate-url URL] [--policy FILE]
                        [--countries CC,CC] [--undo-dir DIR]
       gatekeeper harden --undo FILE [--local]

Prints the plan: each step with its id, the exact API call, and the values before and after.
Nothing changes without --apply. Steps that could cut traffic the policy allows (guarded) are
applied only with --include-guarded. Steps: voice.high-risk-off, voice.inherit (guarded),
voice.countries (guarded),
sms.countries (guarded unless the policy allow-lists countries), triggers.create,
triggers.callback, triggers.rearm, sip.transfer (guarded).

--apply writes an undo file (default ${DEFAULT_UNDO_DIR}/harden-<time>.json) before the first change
and after each step; 'gatekeeper harden --undo FILE' restores what can be restored, last step
first, and lists what cannot. Exit codes: 0 done, 1 a step failed, 2 bad usage.
`;

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: false,
    options: { ...GUARD_OPTIONS, apply: { type: 'boolean' }, 'include-guarded': { type: 'boolean' }, only: { type: 'string' }, undo: { type: 'string' }, 'undo-dir': { type: 'string' } },
  });
}

const STEP_IDS = ['voice.high-risk-off', 'voice.inherit', 'voice.countries', 'sms.countries', 'triggers.create', 'triggers.callback', 'triggers.rearm', 'sip.transfer'];

function usage(io: CliIo, message: string): number {
  io.stderr.write(`gatekeeper harden: ${message}\n`);
  return EXIT_USAGE;
}

/**
 * `gatekeeper harden`: plans (and with --apply, applies) the fixes audit marks as automatic,
 * with an undo file; `--undo FILE` reverses one. See HARDEN_USAGE. Resolves to the exit code.
 */
export async function runHardenCommand(args: readonly string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  let values;
  try {
    values = parse(args).values;
  } catch (error) {
    return usage(io, `${(error as Error).message}\n\n${HARDEN_USAGE}`);
  }
  if (values.help) {
    io.stdout.write(HARDEN_USAGE);
    return EXIT_OK;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.find((id) => !STEP_IDS.includes(id));
  if (unknown !== undefined) return usage(io, `--only: no step '${unknown}'; steps are ${STEP_IDS.join(', ')}`);
  const scope = parseSubaccountScope(values.subaccounts);
  if (scope instanceof Error) return usage(io, scope.message);
  const connection = connectGuard(io, values.local === true);
  if (typeof connection === 'string') return usage(io, connection);
  if (values.undo !== undefined) return runUndoFile('harden', values.undo, connection, io);

  const options = resolveGuardOptions(values, io, connection.env);
  if (typeof options === 'string') return usage(io, options);
  const at = now();
  const snapshots = await readScope(connection, scope, at);
  if (snapshots instanceof Error) return usage(io, snapshots.message);
  const steps = planHarden(snapshots, { now: at, countries: options.countries, gateUrl: options.gateUrl, smsAllowListed: options.countries.explicit }).filter((s) => only === undefined || only.includes(s.id));
  if (options.gateUrl === null) io.stderr.write('harden: no --gate-url, so no usage trigger steps are planned\n');
  if (!values.apply) {
    io.stdout.write(steps.length === 0 ? 'harden: nothing to change\n' : `harden plan for the ${connection.target} (nothing changes without --apply):\n${steps.map(stepLines).join('')}`);
    return EXIT_OK;
  }
  if (steps.length === 0) {
    io.stdout.write('harden: nothing to change\n');
    return EXIT_OK;
  }
  const journal = fileJournal(resolve(io.cwd ?? process.cwd(), values['undo-dir'] ?? DEFAULT_UNDO_DIR), 'harden', at);
  io.stderr.write(`harden: writing to the ${connection.target}; undo file ${journal.path}\n`);
  const clients = await guardClients(connection);
  const record = await applyPlan(steps, { clients, journal, tool: 'gatekeeper-harden', accountSid: connection.mainSid, target: connection.target, now: at, includeGuarded: values['include-guarded'] === true, onStep: (step) => io.stdout.write(stepLines(step)) });
  io.stdout.write(`harden: undo with 'gatekeeper harden --undo ${journal.path}${values.local ? ' --local' : ''}'\n`);
  return record.steps.some((s) => s.status === 'failed') ? EXIT_FAILED : EXIT_OK;
}
