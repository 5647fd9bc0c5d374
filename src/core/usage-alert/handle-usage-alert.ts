import { createGateModeDocument, type GateModeDocument } from '../gate-mode';
import { actionFromFriendlyName, type UsageAlertAction, type UsageAlertRules } from './usage-alert-rules';
import { usageAlertDedupeId, type UsageAlert } from './usage-alert-request';

/** What handling a callback may do to the world, injected so the decision stays pure and testable. */
export interface UsageAlertPorts {
  /** Records the delivery; `duplicate` when an earlier delivery of it was recorded. */
  claim(dedupeId: string): Promise<'new' | 'duplicate'>;
  /** Forgets the delivery, so a redelivery acts again (after the action failed). Best effort. */
  release(dedupeId: string): Promise<void>;
  /**
   * The trigger's friendly name, read with the gate's credentials. It can only be read for the
   * gate's own account or one of its subaccounts, so `readable` also proves the account is one of
   * those; `readable: false` when Twilio says it does not exist or may not be read (404, 401,
   * 403). Rejects on anything else (timeouts, 5xx).
   */
  triggerName(accountSid: string, triggerSid: string): Promise<{ readable: true; name: string | null } | { readable: false }>;
  /** The account's parent (`owner_account_sid`), read with the gate's credentials. Rejects when it cannot be read. */
  accountOwner(accountSid: string): Promise<string>;
  setMode(document: GateModeDocument): Promise<void>;
  suspendAccount(accountSid: string): Promise<void>;
}

export type UsageAlertActionSource = 'policy' | 'friendly-name' | 'default';

/** How a callback was handled. Every outcome is answered 200: Twilio needs no TwiML and no retry. */
export type UsageAlertOutcome =
  | { kind: 'duplicate'; alert: UsageAlert }
  | { kind: 'handled'; alert: UsageAlert; action: UsageAlertAction; source: UsageAlertActionSource; mode?: GateModeDocument }
  | { kind: 'refused'; alert: UsageAlert; action: 'suspend-subaccount'; source: UsageAlertActionSource; reason: 'own_account' | 'not_a_subaccount' }
  | { kind: 'failed'; alert: UsageAlert; action: UsageAlertAction | undefined; step: 'claim' | 'name' | 'owner' | 'act'; error: unknown };

/** Who a webhook names as the setter of a mode, so `gatekeeper mode show` can say where it came from. */
const setterOf = (alert: UsageAlert) => `usage-alert:${alert.usageTriggerSid}`;

/** The next 00:00 GMT: when a daily trigger re-arms (Twilio's recurring periods are in GMT). */
export function endOfGmtDay(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

function describeAlert(alert: UsageAlert): string {
  const what = [alert.usageCategory, alert.triggerBy && `by ${alert.triggerBy}`, alert.currentValue && `at ${alert.currentValue}`].filter(Boolean).join(' ');
  return `usage trigger ${alert.usageTriggerSid}${what ? ` (${what})` : ''}`.slice(0, 200);
}

type Chosen = { action: UsageAlertAction; source: UsageAlertActionSource; ownershipProven: boolean };

async function chooseAction(alert: UsageAlert, rules: UsageAlertRules, ports: UsageAlertPorts): Promise<Chosen> {
  const listed = rules.triggers[alert.usageTriggerSid];
  if (listed) return { action: listed, source: 'policy', ownershipProven: false };
  const trigger = await ports.triggerName(alert.accountSid, alert.usageTriggerSid);
  const named = trigger.readable ? actionFromFriendlyName(trigger.name) : undefined;
  if (named) return { action: named, source: 'friendly-name', ownershipProven: true };
  return { action: rules.default, source: 'default', ownershipProven: trigger.readable };
}

/**
 * Handles one Usage Trigger callback in at most 4 Twilio round trips: claim the delivery (a Sync
 * create: a second delivery of the same firing does nothing), find the action (the policy by SID,
 * else the trigger's friendly name, read with the gate's credentials, else the default), read the
 * account's owner (only to suspend a subaccount the name did not prove), act.
 * Suspending is refused for the gate's own account (suspending it would stop the gate, and Twilio
 * refuses the main account anyway) and for any account that is not its subaccount. A failed
 * action releases the claim, so a redelivery can act.
 *
 * @example
 * const outcome = await handleUsageAlert(readUsageAlert(params), { rules, gateAccountSid, now, ports });
 */
export async function handleUsageAlert(
  alert: UsageAlert,
  input: { rules: UsageAlertRules; gateAccountSid: string; now: () => number; ports: UsageAlertPorts },
): Promise<UsageAlertOutcome> {
  const { rules, gateAccountSid, now, ports } = input;
  const dedupeId = usageAlertDedupeId(alert);
  try {
    if ((await ports.claim(dedupeId)) === 'duplicate') return { kind: 'duplicate', alert };
  } catch (error) {
    return { kind: 'failed', alert, action: undefined, step: 'claim', error };
  }
  const fail = async (step: 'name' | 'owner' | 'act', action: UsageAlertAction | undefined, error: unknown): Promise<UsageAlertOutcome> => {
    await ports.release(dedupeId).catch(() => undefined);
    return { kind: 'failed', alert, action, step, error };
  };

  let chosen: Chosen;
  try {
    chosen = await chooseAction(alert, rules, ports);
  } catch (error) {
    return fail('name', undefined, error);
  }
  const { action, source } = chosen;
  switch (action) {
    case 'notify':
      return { kind: 'handled', alert, action, source };
    case 'strict':
    case 'lockdown': {
      const until = action === 'strict' ? endOfGmtDay(now()) : null;
      const mode = createGateModeDocument({ mode: action, reason: describeAlert(alert), until, by: setterOf(alert) }, now());
      try {
        await ports.setMode(mode);
      } catch (error) {
        return fail('act', action, error);
      }
      return { kind: 'handled', alert, action, source, mode };
    }
    case 'suspend-subaccount': {
      // An unknown gate account is treated as possibly this one: never suspend on a guess.
      if (!gateAccountSid || alert.accountSid === gateAccountSid) return { kind: 'refused', alert, action, source, reason: 'own_account' };
      if (!chosen.ownershipProven) {
        let owner: string;
        try {
          owner = await ports.accountOwner(alert.accountSid);
        } catch (error) {
          return fail('owner', action, error);
        }
        if (owner !== gateAccountSid) return { kind: 'refused', alert, action, source, reason: 'not_a_subaccount' };
      }
      try {
        await ports.suspendAccount(alert.accountSid);
      } catch (error) {
        return fail('act', action, error);
      }
      return { kind: 'handled', alert, action, source };
    }
  }
}
