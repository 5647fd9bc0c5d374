import { parseDuration } from '../throttle/duration';
import type { ThrottleRuleSetsInput } from '../throttle/rules';
import { PolicyError } from '../policy/policy-error';
import { readNamedSection, readSection } from '../policy/read-json';

/** What a burst of one error code does once it reaches its threshold. */
export const DEBUGGER_ALERT_ACTIONS = ['notify', 'strict', 'lockdown'] as const;
export type DebuggerAlertAction = (typeof DEBUGGER_ALERT_ACTIONS)[number];

/** One counted error code. */
export interface DebuggerCodeRule {
  /** Alerts of this code for one resource (trunk, SIP domain, call, or none) that make a burst. */
  threshold: number;
  /** The sliding window the alerts are counted in, as written (`5m`). */
  per: string;
  action: DebuggerAlertAction;
  /**
   * For calls the gate placed: put the destination's first `digits` digits (with `+`) on the
   * runtime deny list for `for`, so `voice/outbound` refuses that range. Null: off.
   */
  denyPrefix: { digits: number; for: string; forSeconds: number } | null;
}

export interface DebuggerAlertRules {
  /** By error code (`32201`). Codes not listed are logged and not counted. */
  codes: Record<string, DebuggerCodeRule>;
}

/**
 * The defaults, from Twilio's Anti-Fraud guide and the error dictionary (account-protection.md):
 * trunk alarms count per trunk and only notify (a lockdown a scanner could trip at will would be
 * an outage button); a destination Twilio blocks (32203) or geo permissions refuse (21215, 13227,
 * 32205) on a call the gate placed puts the range on the deny list for a day.
 */
export const DEFAULT_DEBUGGER_CODES: Readonly<Record<string, { threshold: number; per: string; action: DebuggerAlertAction; denyPrefix?: { digits: number; for: string } }>> = {
  '32200': { threshold: 5, per: '5m', action: 'notify' },
  '32201': { threshold: 20, per: '5m', action: 'notify' },
  '32202': { threshold: 10, per: '5m', action: 'notify' },
  '32203': { threshold: 1, per: '5m', action: 'notify', denyPrefix: { digits: 6, for: '1d' } },
  '32205': { threshold: 3, per: '5m', action: 'notify', denyPrefix: { digits: 6, for: '1d' } },
  '21215': { threshold: 3, per: '5m', action: 'notify', denyPrefix: { digits: 6, for: '1d' } },
  '13227': { threshold: 3, per: '5m', action: 'notify', denyPrefix: { digits: 6, for: '1d' } },
  '21408': { threshold: 10, per: '5m', action: 'notify' },
};

/** Longest deny entry a burst may create: an operator, not a webhook, decides longer blocks. */
const MAX_DENY_SECONDS = 30 * 86_400;
const MAX_THRESHOLD = 1000;

function readCodeRule(code: string, value: unknown, base: (typeof DEFAULT_DEBUGGER_CODES)[string] | undefined): DebuggerCodeRule {
  const path = `debuggerAlerts.codes.${code}`;
  const own = readSection(value, path, ['threshold', 'per', 'action', 'denyPrefix']);
  const merged = { ...base, ...own } as Record<string, unknown>;
  const { threshold, per, action } = merged;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1 || threshold > MAX_THRESHOLD) {
    throw new PolicyError(`${path}.threshold`, `must be a whole number from 1 to ${MAX_THRESHOLD}`);
  }
  const windowMs = parseDuration(per);
  if (windowMs === undefined || windowMs < 1000 || windowMs > 86_400_000) throw new PolicyError(`${path}.per`, 'must be a duration from 1s to 1d, e.g. 5m');
  if (!(DEBUGGER_ALERT_ACTIONS as readonly unknown[]).includes(action)) throw new PolicyError(`${path}.action`, `must be one of ${DEBUGGER_ALERT_ACTIONS.join(', ')}`);
  let denyPrefix: DebuggerCodeRule['denyPrefix'] = null;
  if (merged.denyPrefix !== null && merged.denyPrefix !== undefined && merged.denyPrefix !== false) {
    const deny = readSection(merged.denyPrefix, `${path}.denyPrefix`, ['digits', 'for']);
    const { digits } = deny;
    if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 4 || digits > 15) {
      throw new PolicyError(`${path}.denyPrefix.digits`, 'must be a whole number from 4 to 15 (shorter prefixes would block whole countries)');
    }
    const forMs = parseDuration(deny.for);
    if (forMs === undefined || forMs < 60_000 || forMs > MAX_DENY_SECONDS * 1000) throw new PolicyError(`${path}.denyPrefix.for`, 'must be a duration from 1m to 30d, e.g. 1d');
    denyPrefix = { digits, for: deny.for as string, forSeconds: forMs / 1000 };
  }
  return { threshold, per: per as string, action: action as DebuggerAlertAction, denyPrefix };
}

/** Validates the `debuggerAlerts` section over the defaults; `false` for a code switches it off. */
export function parseDebuggerAlertRules(value: unknown): DebuggerAlertRules {
  const section = readSection(value, 'debuggerAlerts', ['codes']);
  const own = readNamedSection(section.codes, 'debuggerAlerts.codes');
  const codes: Record<string, DebuggerCodeRule> = {};
  for (const code of new Set([...Object.keys(DEFAULT_DEBUGGER_CODES), ...Object.keys(own)])) {
    if (!/^\d{5}$/.test(code)) throw new PolicyError(`debuggerAlerts.codes.${code}`, 'is not a Twilio error code (5 digits)');
    if (own[code] === false) continue;
    codes[code] = readCodeRule(code, own[code], DEFAULT_DEBUGGER_CODES[code]);
  }
  return { codes };
}

/** The throttle action counting one code. */
export const debuggerCountAction = (code: string) => `debugger-${code}`;

/**
 * The throttle rule sets that count the codes: one per code, by resource (the `identity`
 * subject, keyed by a hash like every subject), admitting up to the threshold. The alert that
 * brings the count to the threshold is the one admitted with nothing remaining: it trips the
 * action, once per burst, in the same single write that counts it. Store failures are `open`: an
 * alert is never lost for a counting problem, it is only not counted.
 */
export function debuggerCountRuleSets(rules: DebuggerAlertRules): ThrottleRuleSetsInput {
  return Object.fromEntries(
    Object.entries(rules.codes).map(([code, rule]) => [
      debuggerCountAction(code),
      { action: debuggerCountAction(code), subject: 'identity', windows: [{ limit: rule.threshold, per: rule.per }], onStoreError: 'open' as const },
    ]),
  );
}
