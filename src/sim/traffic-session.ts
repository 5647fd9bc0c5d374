import type { GroupStats } from './group-stats';
import type { Random } from './random';
import type { GateAnswer, SimDeployment } from './sim-deployment';
import type { TrafficGroup } from './scenario';

/** How long a legitimate user waits for a code or a call before giving up (and what success is measured against). */
export const USER_PATIENCE_MS = 10 * 60 * 1000;
/** The longest `Retry-After` an obeying attacker waits out for one target. */
export const ATTACKER_PATIENCE_MS = 60 * 60 * 1000;

/** Retries after a `Retry-After` a session makes at most: a person tries again once or twice; a script a few times per target. */
export const MAX_RETRIES = { legit: 2, attacker: 5 } as const;

/** What a session needs from the simulation around it. */
export interface SessionContext {
  deployment: SimDeployment;
  stats: GroupStats;
  random: Random;
  now: () => number;
  hour: () => number;
  schedule: (delayMs: number, run: () => Promise<void>) => void;
}

/** One user (or one attack target) of a group: its number, identity and where it stands. */
export interface SessionFacts {
  group: TrafficGroup;
  number: string;
  /** The identity sent with the first request (`rotate` changes it on every request). */
  identity: string | undefined;
  nextIdentity: () => string | undefined;
}

const seconds = (random: Random, [min, max]: [number, number]) => random.between(min, max) * 1000;

/**
 * Plays one session against the gate. Verify: start; maybe a resend; if the code is to be
 * entered (the group's `conversion`), a check after the typing delay with the code the phone
 * received. Voice: one call. A refusal carrying `Retry-After` is waited out when the group obeys
 * it, the wait fits its patience and it has retries left (`MAX_RETRIES`). A legit session succeeds when it verifies (or its call goes
 * through) within `USER_PATIENCE_MS` of its first attempt.
 */
export function startSession(context: SessionContext, facts: SessionFacts): void {
  const { group } = facts;
  const { stats, random, now } = context;
  const firstAt = now();
  const patience = group.kind === 'legit' ? USER_PATIENCE_MS : ATTACKER_PATIENCE_MS;
  const intends = group.action !== 'verify' || random.chance(group.conversion);
  const wantsResend = group.action === 'verify' && random.chance(group.resendProbability);
  let codeSent = false;
  let retries = 0;
  let succeeded = false;
  stats.result.sessions += 1;
  if (group.kind === 'legit' && intends) stats.result.intending = (stats.result.intending ?? 0) + 1;

  const succeed = () => {
    if (succeeded || group.kind !== 'legit' || now() - firstAt > USER_PATIENCE_MS) return;
    succeeded = true;
    stats.result.succeeded = (stats.result.succeeded ?? 0) + 1;
  };
  const retryLater = (answer: GateAnswer, again: () => Promise<void>): void => {
    const waitMs = (answer.retryAfterSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    if (!group.obeyRetryAfter || retries >= MAX_RETRIES[group.kind] || now() + waitMs - firstAt > patience) return;
    retries += 1;
    context.schedule(waitMs, again);
  };
  const params = (extra: Record<string, string>): Record<string, string> => {
    const identity = group.identity === 'rotate' ? facts.nextIdentity() : facts.identity;
    return identity === undefined ? extra : { ...extra, identity };
  };

  const check = async (): Promise<void> => {
    const code = context.deployment.twilio.codeFor(facts.number);
    if (code === undefined) return;
    stats.result.checks += 1;
    const answer = await context.deployment.verifyCheck(params({ to: facts.number, code }));
    if (answer.passed) succeed();
    else {
      stats.refused(context.hour(), `check:${answer.refusedBy ?? 'unknown'}`);
      retryLater(answer, check);
    }
  };
  const afterSend = () => {
    if (intends) context.schedule(seconds(random, group.enterCodeAfterSeconds), check);
  };
  const resend = async (): Promise<void> => {
    const answer = await context.deployment.verifyStart(params({ to: facts.number, channel: group.channel }));
    stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    if (codeSent || answer.passed) afterSend();
  };
  const start = async (): Promise<void> => {
    const answer = await context.deployment.verifyStart(params({ to: facts.number, channel: group.channel }));
    stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    if (!answer.passed) return retryLater(answer, start);
    codeSent = true;
    if (wantsResend) context.schedule(seconds(random, group.resendAfterSeconds), resend);
    else afterSend();
  };
  const call = async (): Promise<void> => {
    const answer =
      group.action === 'voice-outbound'
        ? await context.deployment.voiceOutbound(params({ to: facts.number }))
        : await context.deployment.voiceInbound({ From: facts.number });
    stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    if (answer.passed) succeed();
    else retryLater(answer, call);
  };
  context.schedule(0, group.action === 'verify' ? start : call);
}
