import type { DenyCheck } from '../deny-list';
import type { GateRuntime } from '../gate/gate-runtime';
import type { ThrottleDecision } from '../throttle';
import { classifyCaller, type CallerIdentity } from './classify-caller';
import { inboundCallerRules } from './inbound-caller-rules';
import type { KnownCallerWrite } from './known-caller-memory';
import { countryHold } from './known-callers';
import { createOriginMemory, type OriginMemory } from './origin-memory';
import type { OriginShareJudgement, OriginShareRule } from './origin-share';
import { createOriginVeto, type KnownCallerCheck } from './origin-share-check';
import { originShareLogs, type OriginShareLogs } from './origin-share-logs';
import { createSerialQueue, type SerialQueue } from './serial-queue';

/**
 * The throttle identity every sender without a usable number shares, so the `*-anonymous` rule
 * sets count withheld and unparseable callers and senders as one subject.
 */
export const ANONYMOUS_SENDER_IDENTITY = 'anonymous';

/** The rule a call held to its origin's room is refused by (in logs and `refusedBy`). */
export const ORIGIN_SHARE_RULE = 'inbound.originShare';

/** Why an inbound call or message was refused. Stable: logs and dashboards rely on these names. */
export type InboundRejection = 'anonymous_rejected' | 'policy_denied' | 'deny_listed' | 'throttled';

export interface SenderScreeningOptions {
  /** Throttle action of the per-sender rule sets (sender, sender prefix, anonymous senders). */
  action: string;
  /**
   * Throttle action of the overall rate. It is evaluated only for senders `action` admits (as
   * the per-sender decision's veto, so an overall refusal leaves no per-sender event), and one at
   * a time per warm instance: its single Sync item (one Map's 20 reads and 20 writes a second) is
   * what every request would otherwise race for, and racers that lose the conditional write read
   * and write again.
   */
  overallAction: string;
  /**
   * Whether `inbound.originShare` holds each calling country to its room while the overall rate
   * is under pressure (judged inside the overall decision). Default false; the voice gate sets it.
   */
  shareByOrigin?: boolean;
}

/** The outcome of screening one inbound sender (a caller or an SMS sender). */
export type SenderScreening =
  | {
      kind: 'admitted';
      sender: CallerIdentity;
      denyList: DenyCheck | null;
      throttle: ThrottleDecision;
      overall: ThrottleDecision;
      /** How `inbound.originShare` judged the caller's country; null when it was not asked. */
      origin: OriginShareJudgement | null;
      /** In `monitor` mode: the refusal enforcing would have made. */
      wouldReject?: { reason: InboundRejection; rule: string };
      /** How the caller was recorded for `inbound.knownCallers`; null when the memory is not in use for it. */
      knownCaller: KnownCallerWrite | null;
    }
  | {
      kind: 'rejected';
      sender: CallerIdentity;
      reason: InboundRejection;
      /** What decided: `inbound.anonymous`, `inbound.deny.prefixes[+4479112]`, `deny-list.numbers`, a throttle rule set. */
      rule: string;
      denyList: DenyCheck | null;
      throttle: ThrottleDecision | null;
      overall: ThrottleDecision | null;
      origin: OriginShareJudgement | null;
    };

const overallQueues = new WeakMap<GateRuntime, Map<string, SerialQueue>>();

const originMemories = new WeakMap<GateRuntime, OriginMemory>();

/** How a caller's origin is judged: the rule, the rule sets it reads, the instance's memory and the caller's country. */
interface OriginShare {
  rule: OriginShareRule;
  logs: OriginShareLogs;
  memory: OriginMemory;
  country: string;
  /** `inbound.knownCallers` for this caller (null when off): asked only when its country is over its room. */
  knownCaller: KnownCallerCheck | null;
  /** Records the caller once admitted (null when `inbound.knownCallers` is off). */
  recordAdmitted: (() => Promise<KnownCallerWrite>) | null;
}

/** The caller's `KnownCallerCheck` and recorder: one read of its record at most, however often the decision asks; a reached reserve is held for `holdMs` (a country's hold). */
function knownCallerOf(runtime: GateRuntime, e164: string, holdMs: number): Pick<OriginShare, 'knownCaller' | 'recordAdmitted'> {
  const rule = runtime.policy.policy.inbound.knownCallers;
  const memory = runtime.knownCallers;
  if (!rule) return { knownCaller: null, recordAdmitted: null };
  let read: Promise<boolean> | undefined;
  return {
    knownCaller: {
      rule,
      isKnown: () => (read ??= memory.isKnown(e164, runtime.now())),
      // As long as a country's hold: the fill is judged again when the instance next judges a held country.
      reserveReached: () => memory.holdReserve(runtime.now() + holdMs),
    },
    recordAdmitted: () => memory.noteAdmitted(e164, runtime.now(), Math.ceil(rule.rememberMs / 1000)),
  };
}

/** The caller's `OriginShare`; null when the rule is off, not asked for, or the caller has no country. */
function originShareOf(runtime: GateRuntime, sender: CallerIdentity, options: SenderScreeningOptions): OriginShare | null {
  const rule = runtime.policy.policy.inbound.originShare;
  if (!options.shareByOrigin || !rule || sender.kind !== 'number' || !sender.country) return null;
  const logs = originShareLogs(runtime.policy.ruleSets);
  if (!logs) return null;
  let memory = originMemories.get(runtime);
  if (!memory) originMemories.set(runtime, (memory = createOriginMemory()));
  return { rule, logs, memory, country: sender.country, ...knownCallerOf(runtime, sender.e164, rule.refreshMs) };
}

/** Whether a caller of a country this instance holds goes on to be judged again: a known caller, unless the reserve is held. */
async function knownPastHold(runtime: GateRuntime, originShare: OriginShare): Promise<boolean> {
  if (!originShare.knownCaller || runtime.knownCallers.reserveHeld(runtime.now())) return false;
  return originShare.knownCaller.isKnown();
}

function overallQueue(runtime: GateRuntime, action: string): SerialQueue {
  let queues = overallQueues.get(runtime);
  if (!queues) overallQueues.set(runtime, (queues = new Map()));
  let queue = queues.get(action);
  if (!queue) queues.set(action, (queue = createSerialQueue()));
  return queue;
}

/** What the throttles decided for one sender. */
interface ThrottleScreening {
  throttle: ThrottleDecision;
  /** Null when the per-sender rule sets refused first. */
  overall: ThrottleDecision | null;
  origin: OriginShareJudgement | null;
  /** The origin counts' rule set, when the origin was judged. */
  originLog: string | null;
}

/**
 * The per-sender throttles, then, for senders they admit, the overall rate, inside whose decision
 * the sender's origin is judged (`inbound.originShare`, when `options.shareByOrigin`).
 */
async function screenThrottles(runtime: GateRuntime, sender: CallerIdentity, options: SenderScreeningOptions, originShare: OriginShare | null, monitor: boolean): Promise<ThrottleScreening> {
  // The origin's judgement is the overall decision's veto: asked on the overall log just read
  // (its pressure), before anything is written, so a held call leaves no overall event either.
  const origin = originShare && createOriginVeto({ ...originShare, throttle: runtime.throttle }, monitor);
  // The overall rate is the per-sender decision's veto: asked once the sender's own logs admit,
  // before anything of the sender is written, so an overall refusal leaves no per-sender event.
  // Asked once: a lost race makes the throttle ask again, and a second overall evaluation would
  // count the request twice. (If the sender's write then fails, the overall keeps one event: the
  // safe side.)
  let overallDecision: Promise<ThrottleDecision> | undefined;
  const overallSubject = originShare ? { country: originShare.country } : {};
  const overallOnce = () =>
    (overallDecision ??= overallQueue(runtime, options.overallAction).run(() =>
      runtime.throttle.evaluate(options.overallAction, overallSubject, origin ? { veto: origin.veto } : undefined),
    ));
  const throttle = await runtime.throttle.evaluate(
    options.action,
    sender.kind === 'number' ? { number: sender.e164, country: sender.country } : { identity: ANONYMOUS_SENDER_IDENTITY },
    { veto: async () => !(await overallOnce()).allowed },
  );
  const overall = overallDecision ? await overallDecision : null;
  const judged = origin ? origin.judgement() : null;
  if (originShare && throttle.allowed && overall?.allowed) originShare.memory.noteAdmit(originShare.country);
  // A known caller let past its room leaves its country held for everyone else.
  const hold = countryHold(judged);
  if (originShare && hold && !monitor) originShare.memory.hold(originShare.country, hold, runtime.now(), originShare.rule.refreshMs);
  return { throttle, overall, origin: judged, originLog: originShare ? originShare.logs.origin.name : null };
}

/**
 * Screens one inbound sender, cheapest check first, and stops at the first refusal:
 * 1. withheld or unparseable senders follow `inbound.anonymous` (`allow` or `reject`);
 * 2. `inbound.deny` of the policy file (in memory);
 * 3. the runtime deny list (one exact-item read and the cached prefix list; a failed read is
 *    recorded and the request goes on to the throttles, which fail `local`);
 * 4. the per-sender throttles (`options.action`), then, for senders they admit, the overall
 *    rate (`options.overallAction`).
 * In `monitor` mode every refusal is recorded as `wouldReject` and the sender is admitted.
 * Shared by the voice and SMS inbound gates.
 *
 * @example
 * const screening = await screenInboundSender(runtime, params.From, { action: 'sms-inbound', overallAction: 'sms-inbound-global' });
 */
export async function screenInboundSender(runtime: GateRuntime, from: string | undefined, options: SenderScreeningOptions): Promise<SenderScreening> {
  const monitor = runtime.policy.policy.mode === 'monitor';
  const rules = inboundCallerRules(runtime.policy.policy);
  const sender = classifyCaller(from);
  let wouldReject: { reason: InboundRejection; rule: string } | undefined;
  // Enforcing stops at the first refusal; monitoring notes it and goes on, to log what it would do.
  const refuse = (reason: InboundRejection, rule: string) => {
    if (!monitor) return true;
    wouldReject ??= { reason, rule };
    return false;
  };

  if (sender.kind === 'anonymous' && rules.anonymous === 'reject' && refuse('anonymous_rejected', 'inbound.anonymous')) {
    return { kind: 'rejected', sender, reason: 'anonymous_rejected', rule: 'inbound.anonymous', denyList: null, throttle: null, overall: null, origin: null };
  }
  let denyList: DenyCheck | null = null;
  if (sender.kind === 'number') {
    const policyRule = rules.denies(sender.e164);
    if (policyRule && refuse('policy_denied', policyRule)) {
      return { kind: 'rejected', sender, reason: 'policy_denied', rule: policyRule, denyList, throttle: null, overall: null, origin: null };
    }
    denyList = await runtime.denyList.check(sender.e164);
    if (denyList.denied && refuse('deny_listed', denyList.rule as string)) {
      return { kind: 'rejected', sender, reason: 'deny_listed', rule: denyList.rule as string, denyList, throttle: null, overall: null, origin: null };
    }
  }
  // A country this instance found over its room moments ago is refused without a Sync request,
  // but for a known caller (one read of its record, none while the reserve is held): the overall
  // decision judges it again.
  const originShare = originShareOf(runtime, sender, options);
  const held = originShare && !monitor ? originShare.memory.held(originShare.country, runtime.now()) : undefined;
  if (originShare && held && !(await knownPastHold(runtime, originShare))) {
    return { kind: 'rejected', sender, reason: 'throttled', rule: ORIGIN_SHARE_RULE, denyList, throttle: null, overall: null, origin: held };
  }
  const { throttle, overall, origin, originLog } = await screenThrottles(runtime, sender, options, originShare, monitor);
  if (overall && !overall.allowed) {
    const rule = overall.vetoed && origin && !origin.allowed ? ORIGIN_SHARE_RULE : (overall.rule ?? options.overallAction);
    return { kind: 'rejected', sender, reason: 'throttled', rule, denyList, throttle, overall, origin };
  }
  if (!throttle.allowed || !overall) {
    return { kind: 'rejected', sender, reason: 'throttled', rule: throttle.rule ?? options.action, denyList, throttle, overall, origin };
  }
  if (origin && !origin.allowed) wouldReject ??= { reason: 'throttled', rule: ORIGIN_SHARE_RULE };
  for (const decision of [throttle, overall]) {
    // The origin counts are a monitor rule set only so that they never refuse: not a would-be refusal.
    if (decision.monitorOnly && decision.rule !== originLog) wouldReject ??= { reason: 'throttled', rule: decision.rule ?? decision.action };
  }
  // Only a call that really got through makes its caller known (on a later day): not one monitor
  // mode let past a refusal. Nor is it recorded while a decision fell back to its local limits:
  // the store is failing, and a write would only add a timeout to the call's answer.
  const storeFailing = throttle.path === 'fallback' || overall.path === 'fallback';
  const knownCaller = originShare?.recordAdmitted && !wouldReject && !storeFailing ? await originShare.recordAdmitted() : null;
  return { kind: 'admitted', sender, denyList, throttle, overall, origin, wouldReject, knownCaller };
}
