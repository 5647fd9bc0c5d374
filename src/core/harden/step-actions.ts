import type twilio from 'twilio';
import type { DialingFlags, PlanStep, StepAction, TriggerSpec } from './plan-step';

type Client = twilio.Twilio;

/** Clients a step may use: the main account's (2010 API of every account) and each account's own (subdomain products). */
export interface StepClients {
  main: Client;
  own(accountSid: string): Client;
}

/** What applying a step did: the action as actually carried out (with the re-read `before`), what it created. */
export interface ActionOutcome {
  status: 'applied' | 'already' | 'failed';
  action: StepAction;
  created: string[];
  note: string | null;
}

/** Twilio's Voice bulk update is chunked: the request limit is unverified, 50 is well inside it. */
const BULK_CHUNK = 50;

const sameFlags = (a: DialingFlags, b: DialingFlags) => a.lowRisk === b.lowRisk && a.highRiskSpecial === b.highRiskSpecial && a.highRiskTollfraud === b.highRiskTollfraud;

async function readDialingFlags(client: Client): Promise<Map<string, DialingFlags>> {
  const rows = await client.voice.v1.dialingPermissions.countries.list({ pageSize: 1000 });
  return new Map(rows.map((c) => [c.isoCode, { lowRisk: c.lowRiskNumbersEnabled === true, highRiskSpecial: c.highRiskSpecialNumbersEnabled === true, highRiskTollfraud: c.highRiskTollfraudNumbersEnabled === true }]));
}

/** Writes dialing flags with BulkCountryUpdates, in chunks. */
export async function writeDialingFlags(client: Client, flags: { iso: string; flags: DialingFlags }[]): Promise<void> {
  for (let i = 0; i < flags.length; i += BULK_CHUNK) {
    const updateRequest = JSON.stringify(
      flags.slice(i, i + BULK_CHUNK).map((f) => ({
        iso_code: f.iso,
        low_risk_numbers_enabled: String(f.flags.lowRisk),
        high_risk_special_numbers_enabled: String(f.flags.highRiskSpecial),
        high_risk_tollfraud_numbers_enabled: String(f.flags.highRiskTollfraud),
      })),
    );
    await client.voice.v1.dialingPermissions.bulkCountryUpdates.create({ updateRequest });
  }
}

/** Writes Messaging Geo Permissions; returns the countries Twilio refused (per-item error codes). */
export async function writeSmsPermissions(client: Client, changes: { iso: string; enabled: boolean }[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const result = await client.accounts.v1.messagingGeopermissions.update({ permissions: changes.map((c) => ({ country_code: c.iso, type: 'country', enabled: c.enabled })) });
  const items = (Array.isArray(result.permissions) ? result.permissions : []) as { country_code?: unknown; error_code?: unknown }[];
  return items.filter((item) => item.error_code !== 0).map((item) => `${String(item.country_code)} (${String(item.error_code)})`);
}

async function readSmsPermissions(client: Client): Promise<Map<string, boolean>> {
  const result = await client.accounts.v1.messagingGeopermissions.fetch();
  const rows = (Array.isArray(result.permissions) ? result.permissions : []) as { country_code?: unknown; enabled?: unknown }[];
  return new Map(rows.map((p) => [String(p.country_code), p.enabled === true]));
}

/** Creates a usage trigger and returns its SID. */
export async function createTrigger(main: Client, accountSid: string, spec: TriggerSpec): Promise<string> {
  const created = await main.api.v2010.accounts(accountSid).usage.triggers.create({
    callbackUrl: spec.callbackUrl,
    callbackMethod: spec.callbackMethod,
    triggerValue: String(spec.triggerValue),
    usageCategory: spec.usageCategory,
    friendlyName: spec.friendlyName ?? undefined,
    recurring: spec.recurring as 'daily',
    triggerBy: spec.triggerBy as 'price',
  });
  return created.sid;
}

const done = (action: StepAction, created: string[] = [], note: string | null = null): ActionOutcome => ({ status: 'applied', action, created, note });
const already = (action: StepAction): ActionOutcome => ({ status: 'already', action, created: [], note: 'already as planned' });
const failed = (action: StepAction, note: string): ActionOutcome => ({ status: 'failed', action, created: [], note });

/**
 * Applies one step: re-reads the current state, writes only what still differs from the plan
 * (so a step run twice changes nothing the second time), and returns the action with the
 * values actually found before the write, which is what undo restores.
 */
export async function applyAction(step: PlanStep, clients: StepClients): Promise<ActionOutcome> {
  const action = step.action;
  const own = clients.own(step.accountSid);
  const triggers = clients.main.api.v2010.accounts(step.accountSid).usage.triggers;
  switch (action.kind) {
    case 'voice-flags': {
      const current = await readDialingFlags(own);
      const changes = action.changes.flatMap((c) => {
        const now = current.get(c.iso);
        return now === undefined || sameFlags(now, c.after) ? [] : [{ iso: c.iso, before: now, after: c.after }];
      });
      if (changes.length === 0) return already(action);
      await writeDialingFlags(own, changes.map((c) => ({ iso: c.iso, flags: c.after })));
      return done({ kind: 'voice-flags', changes });
    }
    case 'sms-permissions': {
      const current = await readSmsPermissions(own);
      const changes = action.changes.filter((c) => current.get(c.iso) !== c.after).map((c) => ({ ...c, before: current.get(c.iso) === true }));
      if (changes.length === 0) return already(action);
      const refused = await writeSmsPermissions(own, changes.map((c) => ({ iso: c.iso, enabled: c.after })));
      const written = { kind: 'sms-permissions' as const, changes: changes.filter((c) => !refused.some((r) => r.startsWith(`${c.iso} `))) };
      return refused.length === 0 ? done(written) : { status: 'failed', action: written, created: [], note: `Twilio refused ${refused.join(', ')}` };
    }
    case 'trigger-create': {
      const existing = await triggers.list({ pageSize: 1000 });
      if (existing.some((t) => t.friendlyName === action.create.friendlyName)) return already(action);
      return done(action, [await createTrigger(clients.main, step.accountSid, action.create)]);
    }
    case 'trigger-callback': {
      const trigger = await triggers(action.triggerSid).fetch().catch(() => null);
      if (trigger === null) return failed(action, `trigger ${action.triggerSid} no longer exists`);
      if (trigger.callbackUrl === action.after) return already(action);
      await triggers(action.triggerSid).update({ callbackUrl: action.after });
      return done({ ...action, before: trigger.callbackUrl });
    }
    case 'trigger-rearm': {
      const trigger = await triggers(action.triggerSid).fetch().catch(() => null);
      if (trigger === null) return failed(action, `trigger ${action.triggerSid} no longer exists`);
      await triggers(action.triggerSid).remove();
      return done(action, [await createTrigger(clients.main, step.accountSid, action.after)]);
    }
    case 'trunk-transfer': {
      const trunk = await own.trunking.v1.trunks(action.trunkSid).fetch();
      if (trunk.transferMode === action.after) return already(action);
      await own.trunking.v1.trunks(action.trunkSid).update({ transferMode: action.after as 'disable-all' });
      return done({ ...action, before: String(trunk.transferMode) });
    }
    case 'voice-inherit': {
      const settings = await own.voice.v1.dialingPermissions.settings().fetch();
      if (settings.dialingPermissionsInheritance === action.after) return already(action);
      await own.voice.v1.dialingPermissions.settings().update({ dialingPermissionsInheritance: action.after });
      return done({ ...action, before: settings.dialingPermissionsInheritance === true });
    }
    default:
      throw new Error(`harden cannot apply a ${action.kind} step`);
  }
}

/**
 * Reverses an applied step with the values it recorded. Returns a note when the result is not
 * identical to the state before (a re-created trigger gets a new SID and no firing history).
 */
export async function undoAction(step: PlanStep & { created: string[] }, clients: StepClients): Promise<string | null> {
  const action = step.action;
  const own = clients.own(step.accountSid);
  const triggers = clients.main.api.v2010.accounts(step.accountSid).usage.triggers;
  switch (action.kind) {
    case 'voice-flags':
      await writeDialingFlags(own, action.changes.map((c) => ({ iso: c.iso, flags: c.before })));
      return null;
    case 'sms-permissions': {
      const refused = await writeSmsPermissions(own, action.changes.map((c) => ({ iso: c.iso, enabled: c.before })));
      return refused.length === 0 ? null : `Twilio refused ${refused.join(', ')}`;
    }
    case 'trigger-create':
      for (const sid of step.created) await triggers(sid).remove();
      return null;
    case 'trigger-callback':
      await triggers(action.triggerSid).update({ callbackUrl: action.before });
      return null;
    case 'trigger-rearm': {
      for (const sid of step.created) await triggers(sid).remove();
      const sid = await createTrigger(clients.main, step.accountSid, action.before);
      return `trigger ${action.triggerSid} re-created as ${sid}: same settings, new SID, no firing history`;
    }
    case 'trunk-transfer':
      await own.trunking.v1.trunks(action.trunkSid).update({ transferMode: action.before as 'enable-all' });
      return null;
    case 'voice-inherit':
      await own.voice.v1.dialingPermissions.settings().update({ dialingPermissionsInheritance: action.before });
      return null;
    default:
      throw new Error(`harden cannot undo a ${action.kind} step`);
  }
}

/** Applies and reverses steps of some kinds; harden's covers its own, lockdown's adds its own. */
export interface StepExecutor {
  apply(step: PlanStep, clients: StepClients): Promise<ActionOutcome>;
  undo(step: PlanStep & { created: string[] }, clients: StepClients): Promise<string | null>;
}

export const HARDEN_EXECUTOR: StepExecutor = { apply: applyAction, undo: undoAction };
