import { randomInt } from 'node:crypto';
import { TwilioApiError, capacityExceeded } from '../core/errors';
import { newSid } from '../core/ids';
import { MAX_VERIFICATIONS, MAX_VERIFY_SERVICES } from '../core/limits';

/** Verify error codes (Twilio error catalogue, 60xxx). */
export const VerifyCode = {
  INVALID_PARAMETER: 60200,
  MAX_CHECK_ATTEMPTS: 60202,
  MAX_SEND_ATTEMPTS: 60203,
} as const;

/** Twilio's built-in caps: 5 sends and 5 check attempts per verification. */
export const MAX_SEND_ATTEMPTS = 5;
export const MAX_CHECK_ATTEMPTS = 5;
/** A verification stays pending for 10 minutes (Twilio's default validity). */
export const VERIFICATION_TTL_MS = 10 * 60 * 1000;
export const DEFAULT_CODE_LENGTH = 6;

export type VerificationChannel = 'sms' | 'call' | 'email' | 'whatsapp' | 'sna';
export type VerificationStatus = 'pending' | 'approved' | 'canceled' | 'max_attempts_reached' | 'expired';

export interface VerifyService {
  sid: string;
  accountSid: string;
  friendlyName: string;
  codeLength: number;
  lookupEnabled: boolean;
  skipSmsToLandlines: boolean;
  dtmfInputRequired: boolean;
  doNotShareWarningEnabled: boolean;
  customCodeEnabled: boolean;
  psd2Enabled: boolean;
  ttsName: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface SendAttempt {
  attemptSid: string;
  channel: VerificationChannel;
  time: number;
}

export interface Verification {
  sid: string;
  serviceSid: string;
  accountSid: string;
  to: string;
  channel: VerificationChannel;
  status: VerificationStatus;
  /** The one-time code; resends within the verification send the same code. */
  code: string;
  locale: string | null;
  sendAttempts: SendAttempt[];
  checkAttempts: number;
  dateCreated: number;
  dateUpdated: number;
  expiresAt: number;
}

/** What a check did: approved, or a wrong code (still pending). */
export type CheckResult = { verification: Verification; approved: boolean };

/** 400 / 60200 as Verify words it: "Invalid parameter: To (...)". */
export function invalidVerifyParameter(name: string, detail: string): TwilioApiError {
  return new TwilioApiError(400, VerifyCode.INVALID_PARAMETER, `Invalid parameter: ${name} (${detail})`);
}

function verifyError(status: number, code: number, message: string): TwilioApiError {
  return new TwilioApiError(status, code, message);
}

/** 429 / 60202: the verification is locked after its 5 wrong checks, until it expires. */
function maxCheckAttempts(): TwilioApiError {
  return verifyError(429, VerifyCode.MAX_CHECK_ATTEMPTS, `Max check attempts reached: a verification allows ${MAX_CHECK_ATTEMPTS} checks; wait until it expires to create a new one`);
}

function newCode(length: number): string {
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

/**
 * Verify Services and Verifications with Twilio's lifecycle: a start while a verification to the
 * same `To` is pending reuses it (same SID and code) and counts a send; the 6th send gets 60203;
 * 5 wrong checks lock it until it expires (10 minutes after it was created): further checks and
 * new starts to that `To` get 429 / 60202 ("wait until the current verification expires to
 * create a new verification", error 60202's page); an approved, canceled or expired
 * verification is no longer pending and checks against it get 404.
 */
export class VerifyStore {
  private services = new Map<string, VerifyService>();
  private verifications = new Map<string, Verification>();
  /** `${serviceSid}\0${to}` -> SID of the open (pending or locked) verification. */
  private open = new Map<string, string>();

  reset(): void {
    this.services = new Map();
    this.verifications = new Map();
    this.open = new Map();
  }

  createService(input: Omit<VerifyService, 'sid' | 'dateCreated' | 'dateUpdated'>, now: number): VerifyService {
    if (this.services.size >= MAX_VERIFY_SERVICES) throw capacityExceeded('Verify Services', MAX_VERIFY_SERVICES);
    const service: VerifyService = { ...input, sid: newSid('VA'), dateCreated: now, dateUpdated: now };
    this.services.set(service.sid, service);
    return service;
  }

  getService(sid: string): VerifyService | undefined {
    return this.services.get(sid);
  }

  listServices(): VerifyService[] {
    return [...this.services.values()];
  }

  getVerification(service: VerifyService, sid: string, now: number): Verification | undefined {
    const verification = this.verifications.get(sid);
    if (!verification || verification.serviceSid !== service.sid) return undefined;
    this.expire(verification, now);
    return verification;
  }

  /**
   * Starts (or resends) a verification. Returns it and whether it is a resend; the caller prints
   * the code. Throws 60203 when the verification already had MAX_SEND_ATTEMPTS sends.
   */
  start(service: VerifyService, input: { to: string; channel: VerificationChannel; locale: string | null; accountSid: string }, now: number): { verification: Verification; resend: boolean } {
    const current = this.findOpen(service.sid, input.to, now);
    if (current && current.status === 'max_attempts_reached') throw maxCheckAttempts();
    if (current && current.status === 'pending') {
      if (current.sendAttempts.length >= MAX_SEND_ATTEMPTS) {
        throw verifyError(429, VerifyCode.MAX_SEND_ATTEMPTS, `Max send attempts reached: a verification allows ${MAX_SEND_ATTEMPTS} sends`);
      }
      current.sendAttempts.push({ attemptSid: newSid('VL'), channel: input.channel, time: now });
      current.channel = input.channel;
      current.locale = input.locale ?? current.locale;
      current.dateUpdated = now;
      return { verification: current, resend: true };
    }
    this.makeRoom(now);
    const verification: Verification = {
      sid: newSid('VE'),
      serviceSid: service.sid,
      accountSid: input.accountSid,
      to: input.to,
      channel: input.channel,
      status: 'pending',
      code: newCode(service.codeLength),
      locale: input.locale,
      sendAttempts: [{ attemptSid: newSid('VL'), channel: input.channel, time: now }],
      checkAttempts: 0,
      dateCreated: now,
      dateUpdated: now,
      expiresAt: now + VERIFICATION_TTL_MS,
    };
    this.verifications.set(verification.sid, verification);
    this.open.set(this.openKey(service.sid, verification.to), verification.sid);
    return { verification, resend: false };
  }

  /**
   * Checks a code against the open verification found by `to` or `verificationSid`. Returns null
   * when there is none (the caller answers 404 / 20404, as Twilio does).
   */
  check(service: VerifyService, target: { to?: string; verificationSid?: string }, code: string, now: number): CheckResult | null {
    let verification: Verification | undefined;
    if (target.verificationSid !== undefined) {
      const found = this.getVerification(service, target.verificationSid, now);
      verification = found && (found.status === 'pending' || found.status === 'max_attempts_reached') ? found : undefined;
    } else if (target.to !== undefined) {
      verification = this.findOpen(service.sid, target.to, now);
    }
    if (!verification) return null;
    if (verification.status === 'max_attempts_reached') throw maxCheckAttempts();
    verification.checkAttempts += 1;
    verification.dateUpdated = now;
    if (code === verification.code) {
      verification.status = 'approved';
      this.close(verification);
      return { verification, approved: true };
    }
    if (verification.checkAttempts >= MAX_CHECK_ATTEMPTS) verification.status = 'max_attempts_reached';
    return { verification, approved: false };
  }

  /** Sets a verification's status through the update endpoint (`canceled` or `approved`). */
  setStatus(verification: Verification, status: 'canceled' | 'approved', now: number): void {
    verification.status = status;
    verification.dateUpdated = now;
    this.close(verification);
  }

  /** Every verification sent to `to`, newest first (for the test-only codes endpoint). */
  findByRecipient(to: string, now: number): Verification[] {
    const found = [...this.verifications.values()].filter((v) => v.to === to);
    for (const verification of found) this.expire(verification, now);
    return found.reverse();
  }

  private findOpen(serviceSid: string, to: string, now: number): Verification | undefined {
    const sid = this.open.get(this.openKey(serviceSid, to));
    const verification = sid === undefined ? undefined : this.verifications.get(sid);
    if (!verification) return undefined;
    this.expire(verification, now);
    return this.open.has(this.openKey(serviceSid, to)) ? verification : undefined;
  }

  private expire(verification: Verification, now: number): void {
    if ((verification.status === 'pending' || verification.status === 'max_attempts_reached') && now >= verification.expiresAt) {
      verification.status = 'expired';
      this.close(verification);
    }
  }

  private close(verification: Verification): void {
    const key = this.openKey(verification.serviceSid, verification.to);
    if (this.open.get(key) === verification.sid) this.open.delete(key);
  }

  /** Evicts the oldest finished verifications when full; 503 if all are still open. */
  private makeRoom(now: number): void {
    if (this.verifications.size < MAX_VERIFICATIONS) return;
    for (const verification of this.verifications.values()) {
      this.expire(verification, now);
      const isOpen = this.open.get(this.openKey(verification.serviceSid, verification.to)) === verification.sid;
      if (!isOpen) {
        this.verifications.delete(verification.sid);
        if (this.verifications.size < MAX_VERIFICATIONS) return;
      }
    }
    throw capacityExceeded('open verifications', MAX_VERIFICATIONS);
  }

  private openKey(serviceSid: string, to: string): string {
    return `${serviceSid}\u0000${to}`;
  }
}
