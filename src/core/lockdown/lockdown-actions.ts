import { createDenyList, createDenyListStore } from '../deny-list';
import { createGateModeDocument, createSyncGateModeStore } from '../gate-mode';
import { HARDEN_EXECUTOR, type ActionOutcome, type StepClients, type StepExecutor } from '../harden/step-actions';
import type { NumberRouting, PlanStep } from '../harden/plan-step';

/** What lockdown's own steps need besides the Twilio clients: where the gate keeps its mode and deny list. */
export interface GateSettings {
  syncServiceSid: string;
  /** The deployment's GATE_HASH_SECRET; without it the deny step fails (and says so). */
  hashSecret: string | null;
  now: () => number;
}

function routingParams(r: NumberRouting) {
  return { voiceUrl: r.voiceUrl ?? '', voiceApplicationSid: r.voiceApplicationSid ?? '', trunkSid: r.trunkSid ?? '', smsUrl: r.smsUrl ?? '', smsApplicationSid: r.smsApplicationSid ?? '' };
}

function denyListOf(clients: StepClients, gate: GateSettings) {
  if (gate.hashSecret === null) throw new Error('GATE_HASH_SECRET is not set: the deny list is keyed with the deployment\'s secret');
  return createDenyList({ store: createDenyListStore({ client: clients.main, serviceSid: gate.syncServiceSid }), secret: gate.hashSecret });
}

async function applyLockdown(step: PlanStep, clients: StepClients, gate: GateSettings): Promise<ActionOutcome> {
  const action = step.action;
  const api = clients.main.api.v2010.accounts(step.accountSid);
  switch (action.kind) {
    case 'gate-mode': {
      const store = createSyncGateModeStore({ client: clients.main, serviceSid: gate.syncServiceSid });
      const current = await store.read();
      await store.write(action.after);
      return { status: 'applied', action: { ...action, before: current.kind === 'document' ? current.document : null }, created: [], note: null };
    }
    case 'account-status': {
      const account = await clients.main.api.v2010.accounts(action.subaccountSid).fetch();
      if (account.status === 'suspended') return { status: 'already', action, created: [], note: 'already suspended' };
      await clients.main.api.v2010.accounts(action.subaccountSid).update({ status: 'suspended' });
      return { status: 'applied', action: { ...action, before: account.status }, created: [], note: null };
    }
    case 'end-calls': {
      const failed: string[] = [];
      for (const call of action.calls) {
        try {
          await api.calls(call.sid).update({ status: call.after });
        } catch {
          failed.push(call.sid);
        }
      }
      const note = failed.length === 0 ? 'not undoable: ended calls stay ended' : `could not end ${failed.join(', ')} (already ended?)`;
      return { status: failed.length === 0 ? 'applied' : 'failed', action, created: [], note };
    }
    case 'number-routing': {
      const n = await api.incomingPhoneNumbers(action.numberSid).fetch();
      const before: NumberRouting = { voiceUrl: n.voiceUrl || null, voiceApplicationSid: n.voiceApplicationSid || null, trunkSid: n.trunkSid || null, smsUrl: n.smsUrl || null, smsApplicationSid: n.smsApplicationSid || null };
      await api.incomingPhoneNumbers(action.numberSid).update(routingParams(action.after));
      return { status: 'applied', action: { ...action, before }, created: [], note: before.trunkSid ? `trunk ${before.trunkSid} cleared: the number is off the PBX until undo` : null };
    }
    case 'deny-callers': {
      const list = denyListOf(clients, gate);
      const entries = [];
      for (const number of action.numbers ?? []) {
        const added = await list.add({ kind: 'number', e164: number }, { ttlSeconds: action.ttlSeconds });
        entries.push({ display: added.display, id: added.id });
      }
      return { status: 'applied', action: { kind: 'deny-callers', ttlSeconds: action.ttlSeconds, entries }, created: [], note: null };
    }
    case 'delete-keys': {
      for (const key of action.keys) await api.keys(key.sid).remove();
      return { status: 'applied', action, created: [], note: 'not undoable: create new keys for the services that need them' };
    }
    default:
      return HARDEN_EXECUTOR.apply(step, clients);
  }
}

async function undoLockdown(step: PlanStep & { created: string[] }, clients: StepClients, gate: GateSettings): Promise<string | null> {
  const action = step.action;
  const api = clients.main.api.v2010.accounts(step.accountSid);
  switch (action.kind) {
    case 'gate-mode': {
      const store = createSyncGateModeStore({ client: clients.main, serviceSid: gate.syncServiceSid });
      await store.write(action.before ?? createGateModeDocument({ mode: 'normal', reason: 'lockdown undone', by: 'cli lockdown --undo' }, gate.now()));
      return null;
    }
    case 'account-status':
      await clients.main.api.v2010.accounts(action.subaccountSid).update({ status: action.before as 'active' });
      return null;
    case 'end-calls':
      return `${action.calls.length} ended calls cannot be restarted`;
    case 'number-routing':
      await api.incomingPhoneNumbers(action.numberSid).update(routingParams(action.before));
      return null;
    case 'deny-callers': {
      const list = denyListOf(clients, gate);
      for (const entry of action.entries) if (entry.id) await list.remove({ kind: 'id', id: entry.id });
      return null;
    }
    case 'delete-keys':
      return `deleted keys cannot be restored: ${action.keys.map((k) => k.sid).join(', ')}`;
    case 'rotate-token':
      return `the old Auth Token cannot come back; the new one is in ${action.tokenFile}`;
    default:
      return HARDEN_EXECUTOR.undo(step, clients);
  }
}

/** Carries out lockdown's steps (and the geo steps it shares with harden). */
export function lockdownExecutor(gate: GateSettings): StepExecutor {
  return { apply: (step, clients) => applyLockdown(step, clients, gate), undo: (step, clients) => undoLockdown(step, clients, gate) };
}
