import { throttleLogFields } from '../reply/decision-log';
import type { Environment, GateConfig, VoiceConfig } from '../config';
import type { DenyCheck } from '../deny-list';
import { enterGate, gateModeLogFields } from '../gate/enter-gate';
import type { GateRuntime } from '../gate/gate-runtime';
import type { GateModeState } from '../gate-mode';
import type { HttpReply } from '../http/reply';
import { loggedNumber, type LogFields, type LogLevel } from '../log';
import type { ThrottleDecision } from '../throttle';
import { screenInboundSender, type CallerIdentity, type InboundRejection, type KnownCallerWrite, type OriginShareJudgement } from '../inbound';
import { resolveForwardTargets } from './forward-targets';
import { inboundFallbackAction, renderFallback, type FallbackAction } from './inbound-fallback';
import type { VoiceGate } from './voice-gate';
import type { InboundCallFacts } from './voice-requests';
import { forwardCallReply, redirectCallReply, rejectCallReply } from './voice-twiml';

/** The throttle action of the per-caller rule sets (caller, caller prefix, anonymous callers). */
export const VOICE_INBOUND_ACTION = 'voice-inbound';
/**
 * The throttle action of the overall inbound rate, evaluated only for calls the per-caller rule
 * sets admit. Its one Sync item (one Map's 20 reads and 20 writes a second) is what every call
 * would otherwise read: asking it second keeps a flood from a few callers, or from a blocked
 * range, off it entirely. The price: a call the overall rate refuses still counts against its
 * caller's own limits (on the strict side).
 */
export const VOICE_INBOUND_GLOBAL_ACTION = 'voice-inbound-global';

/** Where an admitted call goes: the real voice app, or the fixed forwarding numbers. */
export type AdmitRoute = { kind: 'redirect'; url: string } | { kind: 'forward'; numbers: string[]; timeLimit: number };

export type { InboundRejection } from '../inbound';

/** How an inbound call was screened. Core decides; `renderInboundCall` turns it into TwiML. */
export type InboundCallOutcome =
  | {
      kind: 'admitted';
      call: InboundCallFacts;
      caller: CallerIdentity;
      route: AdmitRoute;
      denyList: DenyCheck | null;
      /** The per-caller rule sets' decision. */
      throttle: ThrottleDecision;
      /** The overall rate's decision. */
      overall: ThrottleDecision;
      /** How `inbound.originShare` judged the caller's country (null when not asked). */
      origin: OriginShareJudgement | null;
      /** In `monitor` mode: the refusal enforcing would have made. */
      wouldReject?: { reason: InboundRejection; rule: string };
      /** How the caller was recorded for `inbound.knownCallers` (null when not). */
      knownCaller: KnownCallerWrite | null;
    }
  | {
      kind: 'rejected';
      call: InboundCallFacts;
      caller: CallerIdentity;
      reason: InboundRejection;
      /** What decided: `inbound.anonymous`, `inbound.deny.prefixes[+4479112]`, `deny-list.numbers`, a throttle rule set. */
      rule: string;
      denyList: DenyCheck | null;
      throttle: ThrottleDecision | null;
      overall: ThrottleDecision | null;
      origin: OriginShareJudgement | null;
    }
  | { kind: 'misconfigured'; call: InboundCallFacts; setting: string; problem: string; fallback: FallbackAction }
  /** The gate mode is lockdown: rejected before anything else, nothing counted, nothing billed. */
  | { kind: 'stopped'; call: InboundCallFacts; mode: GateModeState };

function admitRoute(voice: VoiceConfig, runtime: GateRuntime, config: GateConfig): AdmitRoute | { setting: string; problem: string } {
  if (voice.voiceAppUrl !== undefined) return { kind: 'redirect', url: voice.voiceAppUrl };
  if (voice.forwardTo.length > 0) {
    const targets = resolveForwardTargets(voice.forwardTo, runtime.policy.evaluateDestination, config.defaultCountry);
    return targets.ok ? { kind: 'forward', numbers: targets.numbers, timeLimit: voice.callTimeLimitSeconds } : targets;
  }
  return { setting: 'GATE_VOICE_APP_URL', problem: 'neither GATE_VOICE_APP_URL nor GATE_FORWARD_TO is set: admitted calls would have nowhere to go' };
}

/**
 * Screens one inbound call (the TDoS and inbound-pumping guard), cheapest check first, and stops
 * at the first refusal:
 * 1. withheld or unparseable callers follow `inbound.anonymous` (`allow` or `reject`);
 * 2. `inbound.deny` of the policy file (in memory);
 * 3. the runtime deny list (one exact-item read and the cached prefix list; a failed read is
 *    logged and the call goes on to the throttles, which fail `local`);
 * 4. the `voice-inbound` throttles (per caller, per caller prefix, anonymous callers together),
 *    then, for calls they admit, the overall rate (`voice-inbound-global`), inside whose
 *    decision `inbound.originShare` holds the caller's country to its room while the overall
 *    rate is under pressure (rule `inbound.originShare`).
 * Admitted calls go to `GATE_VOICE_APP_URL` (redirect) or, without one, to `GATE_FORWARD_TO`. In
 * `monitor` mode every refusal is logged as `wouldReject` and the call is admitted. A
 * configuration problem is an outcome, answered with the fail-safe (`inboundFallbackAction`).
 *
 * @example
 * const outcome = await screenInboundCall({ gate: setUpVoiceGate({ env: context, config, policyText, createClient }), env: context, config, call: readInboundCall(params) });
 * outcome.kind // 'admitted' | 'rejected' | 'misconfigured'
 */
export async function screenInboundCall({ gate, env, config, call }: { gate: VoiceGate; env: Environment; config: GateConfig; call: InboundCallFacts }): Promise<InboundCallOutcome> {
  if (!gate.ok) return { kind: 'misconfigured', call, setting: gate.setting, problem: gate.problem, fallback: inboundFallbackAction(env) };
  return screenInboundCallOnGate({ ...gate, config, call, fallback: () => inboundFallbackAction(env) });
}

/** What `screenInboundCallOnGate` decides with: a runtime already built (the simulator builds one per instance). */
export interface InboundCallGate {
  runtime: GateRuntime;
  voice: VoiceConfig;
  config: GateConfig;
  call: InboundCallFacts;
  /** The fail-safe for a missing route (`inboundFallbackAction(env)`). */
  fallback: () => FallbackAction;
}

/**
 * `screenInboundCall` after the runtime is set up: the gate mode, then the same screening, on a
 * given runtime.
 *
 * @example
 * const outcome = await screenInboundCallOnGate({ runtime, voice, config, call, fallback: () => inboundFallbackAction(env) });
 */
export async function screenInboundCallOnGate({ runtime: base, voice, config, call, fallback }: InboundCallGate): Promise<InboundCallOutcome> {
  const entry = await enterGate(base, 'voice/inbound');
  if (entry.kind === 'stopped') return { kind: 'stopped', call, mode: entry.mode };
  const { runtime } = entry;
  const route = admitRoute(voice, runtime, config);
  if (!('kind' in route)) return { kind: 'misconfigured', call, ...route, fallback: fallback() };

  const screening = await screenInboundSender(runtime, call.from, { action: VOICE_INBOUND_ACTION, overallAction: VOICE_INBOUND_GLOBAL_ACTION, shareByOrigin: true });
  if (screening.kind === 'rejected') {
    const { sender: caller, reason, rule, denyList, throttle, overall, origin } = screening;
    return { kind: 'rejected', call, caller, reason, rule, denyList, throttle, overall, origin };
  }
  const { sender: caller, denyList, throttle, overall, origin, wouldReject, knownCaller } = screening;
  return { kind: 'admitted', call, caller, route, denyList, throttle, overall, origin, wouldReject, knownCaller };
}

/**
 * One log record for an outcome: `voice.inbound` (info) with masked numbers, or `config.invalid` (error).
 *
 * @example
 * const log = inboundCallLog(outcome);
 * logger[log.level](log.event, log.fields); // rule: 'voice-inbound-prefix', from: '+1415*****07', ...
 */
export function inboundCallLog(outcome: InboundCallOutcome): { level: Exclude<LogLevel, 'silent'>; event: string; fields: LogFields } {
  const callSid = outcome.call.callSid;
  if (outcome.kind === 'misconfigured') {
    return { level: 'error', event: 'config.invalid', fields: { setting: outcome.setting, problem: outcome.problem, callSid, fallback: outcome.fallback.kind } };
  }
  if (outcome.kind === 'stopped') {
    return { level: 'info', event: 'voice.inbound', fields: { outcome: 'rejected', reason: 'lockdown', rule: 'gate-mode', callSid, ...gateModeLogFields(outcome.mode) } };
  }
  const { caller, throttle, overall, denyList } = outcome;
  return {
    level: 'info',
    event: 'voice.inbound',
    fields: {
      outcome: outcome.kind,
      reason: outcome.kind === 'rejected' ? outcome.reason : undefined,
      rule: outcome.kind === 'rejected' ? outcome.rule : undefined,
      wouldReject: outcome.kind === 'admitted' ? outcome.wouldReject : undefined,
      route: outcome.kind === 'admitted' ? outcome.route.kind : undefined,
      callSid,
      from: caller.kind === 'number' ? loggedNumber(caller.e164) : caller.reason,
      callerCountry: caller.kind === 'number' ? caller.country : outcome.call.callerCountry,
      denyList: denyList && { denied: denyList.denied, rule: denyList.rule, path: denyList.path, storeError: denyList.storeError },
      throttle: throttleLogFields(throttle),
      overall: throttleLogFields(overall),
      origin: outcome.origin && outcome.origin.state !== 'no_pressure' ? outcome.origin : undefined,
      // Only a failed write is news: the caller stays a stranger on later days until a call of it is recorded.
      knownCaller: outcome.kind === 'admitted' && outcome.knownCaller !== null && typeof outcome.knownCaller === 'object' ? outcome.knownCaller : undefined,
    },
  };
}

/**
 * The TwiML for an outcome: `<Redirect>` or `<Dial>` when admitted, `<Reject reason="busy"/>`
 * when refused, the fail-safe when misconfigured.
 *
 * @example
 * return renderInboundCall(outcome);
 */
export function renderInboundCall(outcome: InboundCallOutcome): HttpReply {
  switch (outcome.kind) {
    case 'admitted':
      return outcome.route.kind === 'redirect' ? redirectCallReply(outcome.route.url) : forwardCallReply(outcome.route.numbers, outcome.route.timeLimit);
    case 'rejected':
    case 'stopped':
      return rejectCallReply();
    case 'misconfigured':
      return renderFallback(outcome.fallback);
  }
}
