import type { AttackStack, DecisionRecord } from './stack';
import { top } from './traffic';

/** What one scenario measured: what leaked, what legitimate users lost, and why requests were refused. */
export interface ScenarioResult {
  attackRequests: number;
  /** Billable verifications, SMS or calls that reached the emulator for attack destinations. */
  attackSends: number;
  /** Upper bound of billed call time: each placed attack call times its `timeLimit`. */
  attackCallSeconds?: number;
  legitRequests: number;
  legitSuccessRate: number;
  /** Most frequent error codes answered to attack requests. */
  topRefusals: Record<string, number>;
  /** Most frequent deciding rules in the decision log (all traffic), e.g. `throttle:verify-start-prefix`. */
  topRules: Record<string, number>;
  [extra: string]: unknown;
}

export interface Scenario {
  name: string;
  /** What real fraud pattern it models. */
  models: string;
  env?: Record<string, string>;
  /** One run; `seed` draws its numbers, identities and timing, so runs over seeds differ and each repeats. */
  run(stack: AttackStack, seed: number): Promise<ScenarioResult>;
}

/** The deciding rule of a refusal in a decision record, for `topRules`. */
export function decidingRule(record: DecisionRecord): string | undefined {
  const destination = record.destination as { allowed?: boolean; reason?: string } | undefined;
  const throttle = record.throttle as { allowed?: boolean; rule?: string; reason?: string } | undefined;
  if (destination && destination.allowed === false) return `destination:${destination.reason}`;
  if (throttle && throttle.allowed === false) return `throttle:${throttle.rule ?? throttle.reason}`;
  if (typeof record.outcome === 'string' && !['sent', 'checked', 'placed', 'admitted', 'forwarded', 'allowed'].includes(record.outcome)) {
    return `${record.event}:${record.outcome}${typeof record.reason === 'string' ? `:${record.reason}` : ''}`;
  }
  return undefined;
}

export function topRulesOf(decisions: readonly DecisionRecord[]): Record<string, number> {
  return top(decisions.map(decidingRule).filter((rule): rule is string => rule !== undefined));
}

export function refusalCode(body: Record<string, unknown>, status: number): string {
  const error = body.error as { code?: string } | undefined;
  return error?.code ?? `HTTP ${status}`;
}
