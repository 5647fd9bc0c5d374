import { enterGate, gateModeLogFields } from '../gate/enter-gate';
import type { GateModeState } from '../gate-mode';
import type { HttpReply } from '../http/reply';
import { loggedNumber, type LogFields, type LogLevel } from '../log';
import { resolveForwardTargets } from './forward-targets';
import type { GateConfig } from '../config';
import type { VoiceGate } from './voice-gate';
import type { InboundCallFacts } from './voice-requests';
import { forwardCallReply, rejectCallReply } from './voice-twiml';

/** How a forward request ended. */
export type ForwardCallOutcome =
  | { kind: 'forwarded'; call: InboundCallFacts; numbers: string[]; timeLimit: number }
  | { kind: 'misconfigured'; call: InboundCallFacts; setting: string; problem: string }
  /** The gate mode is lockdown: the call is rejected, no outbound leg is placed. */
  | { kind: 'stopped'; call: InboundCallFacts; mode: GateModeState };

/**
 * Decides a forward: to the numbers of `GATE_FORWARD_TO` and nowhere else, each checked against
 * the voice destination policy (once per warm instance), with the call time limit. Nothing in
 * the request chooses or changes the destination, so the function is no open relay: a caller, a
 * crafted webhook or a compromised IVR can only reach your own fixed numbers, for at most
 * `GATE_CALL_TIME_LIMIT`. A missing or refused list is a configuration problem: the call is
 * rejected (a forward's outbound leg costs money, so it fails closed).
 *
 * @example
 * const outcome = await forwardCall({ gate: setUpVoiceGate({ env: context, config, policyText, createClient }), config, call: readInboundCall(params) });
 * renderForwardCall(outcome) // <Dial timeLimit="600" answerOnBridge="true"><Number>+4474…</Number></Dial>
 */
export async function forwardCall({ gate, config, call }: { gate: VoiceGate; config: GateConfig; call: InboundCallFacts }): Promise<ForwardCallOutcome> {
  if (!gate.ok) return { kind: 'misconfigured', call, setting: gate.setting, problem: gate.problem };
  const entry = await enterGate(gate.runtime, 'voice/forward');
  if (entry.kind === 'stopped') return { kind: 'stopped', call, mode: entry.mode };
  const targets = resolveForwardTargets(gate.voice.forwardTo, entry.runtime.policy.evaluateDestination, config.defaultCountry);
  if (!targets.ok) return { kind: 'misconfigured', call, setting: targets.setting, problem: targets.problem };
  return { kind: 'forwarded', call, numbers: targets.numbers, timeLimit: gate.voice.callTimeLimitSeconds };
}

/**
 * One log record: `voice.forward` (info, numbers masked) or `config.invalid` (error).
 *
 * @example
 * const log = forwardCallLog(outcome);
 * logger[log.level](log.event, log.fields);
 */
export function forwardCallLog(outcome: ForwardCallOutcome): { level: Exclude<LogLevel, 'silent'>; event: string; fields: LogFields } {
  const callSid = outcome.call.callSid;
  if (outcome.kind === 'misconfigured') {
    return { level: 'error', event: 'config.invalid', fields: { setting: outcome.setting, problem: outcome.problem, callSid, fallback: 'reject' } };
  }
  if (outcome.kind === 'stopped') {
    return { level: 'info', event: 'voice.forward', fields: { outcome: 'rejected', reason: 'lockdown', rule: 'gate-mode', callSid, ...gateModeLogFields(outcome.mode) } };
  }
  return {
    level: 'info',
    event: 'voice.forward',
    fields: {
      outcome: outcome.kind,
      callSid,
      from: outcome.call.from ? loggedNumber(outcome.call.from) : undefined,
      to: outcome.numbers.map(loggedNumber),
      timeLimit: outcome.timeLimit,
    },
  };
}

/**
 * `<Dial timeLimit answerOnBridge="true">` to the fixed numbers, or `<Reject reason="busy"/>`.
 *
 * @example
 * renderForwardCall({ kind: 'misconfigured', call, setting: 'GATE_FORWARD_TO', problem }) // <Reject reason="busy"/>
 */
export function renderForwardCall(outcome: ForwardCallOutcome): HttpReply {
  return outcome.kind === 'forwarded' ? forwardCallReply(outcome.numbers, outcome.timeLimit) : rejectCallReply();
}

/**
 * The forward function's fail-safe: reject, never forward blind.
 *
 * @example
 * twimlEndpoint({ name: 'voice/forward', fallback: () => forwardFallback(), ... })
 */
export function forwardFallback(): HttpReply {
  return rejectCallReply();
}
