import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSyncGateModeStore } from '../../core/gate-mode';
import { applyPlan, type PlanStep } from '../../core/harden';
import { HUMAN_STEPS, LOCKDOWN_STEPS, lockdownExecutor, planLockdown, readLiveCalls, readRecentCallers, rotateAuthToken, type LockdownStepId } from '../../core/lockdown';
import type { UndoJournal, UndoRecord } from '../../core/harden';
import { connectGuard, parseSubaccountScope, readScope, type GuardConnection } from '../account-guard-connection';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../cli-io';
import { GUARD_OPTIONS, guardClients, resolveGuardOptions, runUndoFile, stepLines } from '../guard-cli';
import { DEFAULT_UNDO_DIR, fileJournal } from '../undo-file';

export const LOCKDOWN_USAGE = `Usage: gatekeeper lockdown [--local] [--reason TEXT] [--subaccounts all|none|AC...,AC...]
                          [--skip STEP,STEP] [--keep-key SK...] [--gate-url URL] [--policy FILE]
                          [--countries CC,CC] [--undo-dir DIR]
       gatekeeper lockdown --apply --confirm <main account SID> [the same options]
       gatekeeper lockdown --undo FILE [--local]
       add --rotate-token --token-out FILE [--show-secret] to rotate the Auth Token last

Incident response in one command. Without --apply it prints the plan and changes nothing.
Steps, in order (each independent: a failure is reported and the run goes on):
  gate-mode     the gate to lockdown (verify/start, voice/outbound, sms/outbound refuse)
  suspend       suspend the subaccounts in scope (never the main account)
  end-calls     end their in-progress, ringing and queued calls (cannot be undone)
  voice-geo     Voice dialing permissions down to the policy, high-risk ranges off
  sms-geo       Messaging geo permissions down to the policy
  numbers       numbers not routed through the gate are pointed at it (it rejects in lockdown),
                clearing trunk_sid and voice_application_sid, which take precedence
  deny-callers  the busiest repeat callers of the last hour onto the deny list for 24 h
  delete-keys   API keys deleted except --keep-key (cannot be undone)
  rotate-token  only with --rotate-token: a secondary token is created and promoted (cannot be
                undone); the new token goes only to the --token-out file (mode 0600), printed
                only with --show-secret. Deployed Functions follow after about a minute;
                update .env, CI secrets and webhook validators elsewhere.

The undo file (default ${DEFAULT_UNDO_DIR}/lockdown-<time>.json) is written before the first change;
'gatekeeper lockdown --undo FILE' reverses what can be reversed, last step first.
Exit codes: 0 done, 1 a step failed, 2 bad usage.
`;

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: false,
    options: {
      ...GUARD_OPTIONS,
      apply: { type: 'boolean' },
      confirm: { type: 'string' },
      reason: { type: 'string' },
      skip: { type: 'string' },
      undo: { type: 'string' },
      'undo-dir': { type: 'string' },
      'rotate-token': { type: 'boolean' },
      'token-out': { type: 'string' },
      'show-secret': { type: 'boolean' },
    },
  });
}

/** Rotates the main account's token last, writes it to the file asked for, and records the step (without the token). */
async function rotateLast(connection: GuardConnection, record: UndoRecord, journal: UndoJournal, tokenFile: string, showSecret: boolean, io: CliIo): Promise<UndoRecord> {
  const base = { id: 'rotate-token', key: `rotate-token:${connection.mainSid}`, accountSid: connection.mainSid, guarded: false, call: 'POST accounts /v1/AuthTokens/Secondary, then POST accounts /v1/AuthTokens/Promote', before: 'current token', after: `new token in ${tokenFile}`, created: [], action: { kind: 'rotate-token' as const, tokenFile } };
  let step;
  try {
    const token = await rotateAuthToken(connection.main, (next) => connection.clientFor(connection.mainSid, next));
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
    if (showSecret) io.stdout.write(`new Auth Token: ${token}\n`);
    step = { ...base, status: 'applied' as const, note: 'cannot be undone; deployed Functions follow after about a minute; update .env, CI secrets and webhook validators' };
  } catch (error) {
    step = { ...base, status: 'failed' as const, note: `rotation failed: ${(error as Error).message.slice(0, 200)}` };
  }
  const next = { ...record, steps: [...record.steps, step] };
  await journal.save(next);
  io.stdout.write(`[${step.status}] ${step.key}\n    note: ${step.note}\n`);
  return next;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`gatekeeper lockdown: ${message}\n`);
  return EXIT_USAGE;
}

function gateSettings(connection: GuardConnection, now: () => number) {
  return { syncServiceSid: connection.env.GATE_SYNC_SERVICE_SID || 'default', hashSecret: connection.env.GATE_HASH_SECRET || null, now };
}

/** Reads what the lockdown plan needs and plans it. */
async function plan(connection: GuardConnection, values: ReturnType<typeof parse>['values'], io: CliIo, at: number): Promise<PlanStep[] | string> {
  const skip = (values.skip?.split(',').map((s) => s.trim()) ?? []) as LockdownStepId[];
  const unknown = skip.find((s) => !LOCKDOWN_STEPS.includes(s));
  if (unknown !== undefined) return `--skip: no step '${unknown}'; steps are ${LOCKDOWN_STEPS.join(', ')}`;
  const scope = parseSubaccountScope(values.subaccounts);
  if (scope instanceof Error) return scope.message;
  const options = resolveGuardOptions(values, io, connection.env);
  if (typeof options === 'string') return options;
  const snapshots = await readScope(connection, scope, at);
  if (snapshots instanceof Error) return snapshots.message;
  const sids = snapshots.map((s) => s.sid);
  const liveCalls = Object.fromEntries(await Promise.all(sids.map(async (sid) => [sid, await readLiveCalls(connection.main, sid).catch(() => [])] as const)));
  const recentCallers = await readRecentCallers(connection.main, sids, at).catch(() => []);
  const gateModeRead = await createSyncGateModeStore({ client: connection.main, serviceSid: connection.env.GATE_SYNC_SERVICE_SID || 'default' }).read().catch(() => ({ kind: 'absent' as const }));
  return planLockdown(snapshots, {
    now: at,
    mainSid: connection.mainSid,
    hostingSid: connection.mainSid,
    countries: options.countries,
    gateUrl: options.gateUrl,
    keepKeys: options.keepKeys,
    gateMode: gateModeRead.kind === 'document' ? gateModeRead.document : null,
    liveCalls,
    recentCallers,
    reason: values.reason ?? 'gatekeeper lockdown',
    skip,
  });
}

/**
 * `gatekeeper lockdown`: plans the incident response and, with `--apply --confirm <main SID>`,
 * carries it out with an undo file; `--undo FILE` reverses one. See LOCKDOWN_USAGE.
 */
export async function runLockdownCommand(args: readonly string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  let values;
  try {
    values = parse(args).values;
  } catch (error) {
    return usage(io, `${(error as Error).message}\n\n${LOCKDOWN_USAGE}`);
  }
  if (values.help) {
    io.stdout.write(LOCKDOWN_USAGE);
    return EXIT_OK;
  }
  const connection = connectGuard(io, values.local === true);
  if (typeof connection === 'string') return usage(io, connection);
  if (values.undo !== undefined) return runUndoFile('lockdown', values.undo, connection, io, lockdownExecutor(gateSettings(connection, now)));
  if (values.apply && values.confirm !== connection.mainSid) {
    return usage(io, `--apply needs --confirm ${connection.mainSid} (the main account SID), so that a lockdown is never started by accident`);
  }
  const tokenFile = values['token-out'] === undefined ? null : resolve(io.cwd ?? process.cwd(), values['token-out']);
  if (values['rotate-token'] && tokenFile === null) return usage(io, '--rotate-token needs --token-out FILE: the new token is written only there');
  if (tokenFile !== null && existsSync(tokenFile)) return usage(io, `--token-out: ${tokenFile} exists; name a new file`);
  const at = now();
  const steps = await plan(connection, values, io, at);
  if (typeof steps === 'string') return usage(io, steps);
  const human = `\nAlso, by hand:\n${HUMAN_STEPS.map((line) => `  - ${line}`).join('\n')}\n`;
  if (!values.apply) {
    const rotation = values['rotate-token'] ? 'rotate-token (last): a secondary Auth Token is created and promoted; cannot be undone\n' : '';
    io.stdout.write(`lockdown plan for the ${connection.target} (nothing changes without --apply --confirm ${connection.mainSid}):\n${steps.map(stepLines).join('')}${rotation}${human}`);
    return EXIT_OK;
  }
  const journal = fileJournal(resolve(io.cwd ?? process.cwd(), values['undo-dir'] ?? DEFAULT_UNDO_DIR), 'lockdown', at);
  io.stderr.write(`lockdown: writing to the ${connection.target}; undo file ${journal.path}\n`);
  if (steps.some((s) => s.id === 'numbers' && s.before.includes('WARNING'))) io.stderr.write('lockdown: WARNING: numbers on an Elastic SIP Trunk are taken off it (trunk_sid cleared) until undo\n');
  const applied = await applyPlan(steps, {
    clients: await guardClients(connection),
    journal,
    tool: 'gatekeeper-lockdown',
    accountSid: connection.mainSid,
    target: connection.target,
    now: at,
    includeGuarded: true,
    executor: lockdownExecutor(gateSettings(connection, now)),
    onStep: (step) => io.stdout.write(stepLines(step)),
  });
  const record = values['rotate-token'] && tokenFile !== null ? await rotateLast(connection, applied, journal, tokenFile, values['show-secret'] === true, io) : applied;
  io.stdout.write(`lockdown: undo with 'gatekeeper lockdown --undo ${journal.path}${values.local ? ' --local' : ''}'${human}`);
  return record.steps.some((s) => s.status === 'failed') ? EXIT_FAILED : EXIT_OK;
}
