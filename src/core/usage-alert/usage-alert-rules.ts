import { PolicyError } from '../policy/policy-error';
import { readNamedSection, readSection } from '../policy/read-json';

/**
 * What a usage trigger's callback does:
 * - `notify`: a warn-level log line (the Debugger and any log sink pick it up);
 * - `strict`: the gate mode `strict` until the end of the GMT day (when a daily trigger re-arms);
 * - `lockdown`: the gate mode `lockdown` until a person lifts it;
 * - `suspend-subaccount`: suspend the subaccount whose usage fired (never the gate's own account,
 *   never an account that is not its subaccount).
 */
export const USAGE_ALERT_ACTIONS = ['notify', 'strict', 'lockdown', 'suspend-subaccount'] as const;
export type UsageAlertAction = (typeof USAGE_ALERT_ACTIONS)[number];

/** The policy's `usageAlerts` section. */
export interface UsageAlertRules {
  /** Actions by trigger SID (`UT…`); they win over the trigger's friendly name. Default none. */
  triggers: Record<string, UsageAlertAction>;
  /** The action for a trigger that neither a SID entry nor its friendly name names. Default `notify`. */
  default: UsageAlertAction;
}

export const DEFAULT_USAGE_ALERT_ACTION: UsageAlertAction = 'notify';
const TRIGGER_SID = /^UT[0-9a-f]{32}$/;

export function isUsageAlertAction(value: unknown): value is UsageAlertAction {
  return typeof value === 'string' && (USAGE_ALERT_ACTIONS as readonly string[]).includes(value);
}

function readAction(value: unknown, path: string): UsageAlertAction {
  if (!isUsageAlertAction(value)) throw new PolicyError(path, `must be one of ${USAGE_ALERT_ACTIONS.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

/** Validates the `usageAlerts` section of the policy file and fills in its defaults. */
export function parseUsageAlertRules(value: unknown): UsageAlertRules {
  const section = readSection(value, 'usageAlerts', ['triggers', 'default']);
  const triggers: Record<string, UsageAlertAction> = {};
  for (const [sid, action] of Object.entries(readNamedSection(section.triggers, 'usageAlerts.triggers'))) {
    if (!TRIGGER_SID.test(sid)) throw new PolicyError(`usageAlerts.triggers.${sid}`, 'is not a Usage Trigger SID (UT and 32 hex digits)');
    triggers[sid] = readAction(action, `usageAlerts.triggers.${sid}`);
  }
  return { triggers, default: section.default === undefined ? DEFAULT_USAGE_ALERT_ACTION : readAction(section.default, 'usageAlerts.default') };
}

/**
 * The action a trigger's friendly name asks for, by the convention `gatekeeper:<action>:<period>`
 * (`gatekeeper:strict:daily`), or undefined. `gatekeeper harden` names the triggers it creates
 * this way, so the callback needs no list of SIDs.
 */
export function actionFromFriendlyName(name: string | null | undefined): UsageAlertAction | undefined {
  const match = /^gatekeeper:([a-z-]+)(?::[a-z]+)?$/.exec(name ?? '');
  return match && isUsageAlertAction(match[1]) ? match[1] : undefined;
}
