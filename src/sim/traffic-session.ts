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

/** Where a session stands: its draws, made once at its start, and what has happened since. */
interface SessionState {
  readonly firstAt: number;
  /** Verify: the code will be entered (the group's `conversion`); voice: always. */
  readonly intends: boolean;
  readonly wantsResend: boolean;
  codeSent: boolean;
  retries: number;
  succeeded: boolean;
}

/**
 * One session played against the gate. Verify: start; maybe a resend; if the code is to be
 * entered, a check after the typing delay with the code the phone received. Voice: one call. A
 * refusal carrying `Retry-After` is waited out when the group obeys it, the wait fits its
 * patience and it has retries left (`MAX_RETRIES`). A legit session succeeds when it verifies (or
 * its call goes through) within `USER_PATIENCE_MS` of its first attempt. Events run one at a
 * time, so each step reads and updates `state` without racing another.
 */
class Session {
  private readonly state: SessionState;

  constructor(
    private readonly context: SessionContext,
    private readonly facts: SessionFacts,
  ) {
    const { group } = facts;
    this.state = {
      firstAt: context.now(),
      intends: group.action !== 'verify' || context.random.chance(group.conversion),
      wantsResend: group.action === 'verify' && context.random.chance(group.resendProbability),
      codeSent: false,
      retries: 0,
      succeeded: false,
    };
    const { result } = context.stats;
    result.sessions += 1;
    if (group.kind === 'legit' && this.state.intends) result.intending = (result.intending ?? 0) + 1;
  }

  begin(): void {
    this.context.schedule(0, () => (this.facts.group.action === 'verify' ? this.start() : this.call()));
  }

  private params(extra: Record<string, string>): Record<string, string> {
    const identity = this.facts.group.identity === 'rotate' ? this.facts.nextIdentity() : this.facts.identity;
    return identity === undefined ? extra : { ...extra, identity };
  }

  private succeed(): void {
    const { state, context, facts } = this;
    if (state.succeeded || facts.group.kind !== 'legit' || context.now() - state.firstAt > USER_PATIENCE_MS) return;
    state.succeeded = true;
    context.stats.result.succeeded = (context.stats.result.succeeded ?? 0) + 1;
  }

  private retryLater(answer: GateAnswer, again: () => Promise<void>): void {
    const { state, context, facts } = this;
    const { group } = facts;
    const waitMs = (answer.retryAfterSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    const patience = group.kind === 'legit' ? USER_PATIENCE_MS : ATTACKER_PATIENCE_MS;
    if (!group.obeyRetryAfter || state.retries >= MAX_RETRIES[group.kind] || context.now() + waitMs - state.firstAt > patience) return;
    state.retries += 1;
    context.schedule(waitMs, again);
  }

  private async start(): Promise<void> {
    const { state, context, facts } = this;
    const answer = await context.deployment.verifyStart(this.params({ to: facts.number, channel: facts.group.channel }));
    context.stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    if (!answer.passed) return this.retryLater(answer, () => this.start());
    state.codeSent = true;
    if (state.wantsResend) context.schedule(seconds(context.random, facts.group.resendAfterSeconds), () => this.resend());
    else this.afterSend();
  }

  private async resend(): Promise<void> {
    const { context, facts } = this;
    const answer = await context.deployment.verifyStart(this.params({ to: facts.number, channel: facts.group.channel }));
    context.stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    // A refused resend still leaves the first code on the phone.
    this.afterSend();
  }

  private afterSend(): void {
    if (this.state.intends) this.context.schedule(seconds(this.context.random, this.facts.group.enterCodeAfterSeconds), () => this.check());
  }

  private async check(): Promise<void> {
    const { context, facts } = this;
    const code = context.deployment.twilio.codeFor(facts.number);
    if (code === undefined) return;
    context.stats.result.checks += 1;
    const answer = await context.deployment.verifyCheck(this.params({ to: facts.number, code }));
    if (answer.passed) return this.succeed();
    context.stats.refused(context.hour(), `check:${answer.refusedBy ?? 'unknown'}`);
    this.retryLater(answer, () => this.check());
  }

  private async call(): Promise<void> {
    const { context, facts } = this;
    const answer =
      facts.group.action === 'voice-outbound'
        ? await context.deployment.voiceOutbound(this.params({ to: facts.number }))
        : await context.deployment.voiceInbound({ From: facts.number });
    context.stats.attempt(context.hour(), answer.passed, answer.refusedBy);
    if (answer.passed) this.succeed();
    else this.retryLater(answer, () => this.call());
  }
}

/** Starts one session of a group (see `Session`): its first request is scheduled now. */
export function startSession(context: SessionContext, facts: SessionFacts): void {
  new Session(context, facts).begin();
}
