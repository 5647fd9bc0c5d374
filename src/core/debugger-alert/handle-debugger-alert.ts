import { createGateModeDocument, type GateModeDocument } from '../gate-mode';
import type { DebuggerAlertRules, DebuggerCodeRule } from './debugger-alert-rules';
import { resourceKind, type DebuggerAlert } from './debugger-alert-request';

/** The count of one code for one resource after this alert. */
export interface AlertCount {
  /** True for the alert that brought the count to the threshold: it trips the action, once. */
  reached: boolean;
  /** True when the count was already at the threshold (a burst that already tripped). */
  over: boolean;
  /** False when the store could not count it (the alert is still logged). */
  counted: boolean;
}

/** What handling an alert may touch, injected so the decision stays testable. */
export interface DebuggerAlertPorts {
  count(code: string, resource: string): Promise<AlertCount>;
  /** A call's endpoints, read with the gate's credentials; null when it cannot be read. */
  fetchCall(accountSid: string, callSid: string): Promise<{ from: string; to: string } | null>;
  /** Whether the gate places calls from this number (its caller-id pool). */
  isGateCallerId(number: string): boolean;
  /** Adds a prefix to the runtime deny list for `ttlSeconds`. */
  denyPrefix(prefix: string, ttlSeconds: number): Promise<void>;
  setMode(document: GateModeDocument): Promise<void>;
}

/** What the gate did about a burst on a call it placed. */
export type DenyEffect =
  | { kind: 'denied'; prefix: string; forSeconds: number }
  | { kind: 'not-gate-call' }
  | { kind: 'call-unreadable' }
  | { kind: 'failed'; error: unknown };

export type DebuggerAlertOutcome =
  /** A code the policy does not count: logged only. */
  | { kind: 'ignored'; alert: DebuggerAlert }
  /** Counted, below its threshold, or over it after the burst already tripped. */
  | { kind: 'counted'; alert: DebuggerAlert; rule: DebuggerCodeRule; count: AlertCount }
  /** This alert reached the threshold: the action ran. */
  | { kind: 'tripped'; alert: DebuggerAlert; rule: DebuggerCodeRule; mode?: GateModeDocument; deny?: DenyEffect; modeError?: unknown };

/** Where the mode came from, for `gatekeeper mode show`. */
const setterOf = (alert: DebuggerAlert) => `debugger:${alert.errorCode}`;

async function denyDestination(alert: DebuggerAlert, rule: DebuggerCodeRule, ports: DebuggerAlertPorts): Promise<DenyEffect | undefined> {
  if (!rule.denyPrefix || resourceKind(alert.resourceSid) !== 'call') return undefined;
  try {
    const call = await ports.fetchCall(alert.accountSid, alert.resourceSid as string);
    if (!call) return { kind: 'call-unreadable' };
    // Only the gate's own calls: a destination another app dialled is that app's decision.
    if (!ports.isGateCallerId(call.from) || !/^\+\d{7,15}$/.test(call.to)) return { kind: 'not-gate-call' };
    const prefix = call.to.slice(0, 1 + rule.denyPrefix.digits);
    await ports.denyPrefix(prefix, rule.denyPrefix.forSeconds);
    return { kind: 'denied', prefix, forSeconds: rule.denyPrefix.forSeconds };
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/**
 * Counts one Debugger alert per error code and resource in a sliding window (one throttle write)
 * and, for the alert that reaches the policy's threshold, acts once: `notify` (the warn line),
 * `strict` or `lockdown` (the gate mode, strict until the end of the window's hour at least... see
 * docs/account.md), and for a call the gate placed, its destination range onto the deny list.
 */
export async function handleDebuggerAlert(alert: DebuggerAlert, input: { rules: DebuggerAlertRules; now: () => number; ports: DebuggerAlertPorts }): Promise<DebuggerAlertOutcome> {
  const rule = input.rules.codes[alert.errorCode];
  if (!rule) return { kind: 'ignored', alert };
  const count = await input.ports.count(alert.errorCode, alert.resourceSid ?? 'none');
  if (!count.reached) return { kind: 'counted', alert, rule, count };

  const deny = await denyDestination(alert, rule, input.ports);
  if (rule.action === 'notify') return { kind: 'tripped', alert, rule, deny };
  const mode = createGateModeDocument({ mode: rule.action, reason: `debugger: ${rule.threshold}x ${alert.errorCode} in ${rule.per}`, by: setterOf(alert) }, input.now());
  try {
    await input.ports.setMode(mode);
  } catch (modeError) {
    return { kind: 'tripped', alert, rule, deny, modeError };
  }
  return { kind: 'tripped', alert, rule, mode, deny };
}
