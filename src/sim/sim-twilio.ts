import type twilio from 'twilio';
import { TwilioApiError, TwilioCode } from '../../emulator/core/errors';
import { parseNumber } from '../../emulator/core/phone';
import { VerifyStore, type Verification, type VerifyService } from '../../emulator/verify/verify-store';
import type { SimClock } from './sim-clock';

/** The Verify service SID the simulated deployment is configured with. */
export const SIM_VERIFY_SERVICE_SID = 'VA00000000000000000000000000000000';
const SIM_ACCOUNT_SID = 'AC00000000000000000000000000000000';

/** What reached Twilio's paid APIs, for the summary. */
export interface SimTwilioStats {
  verificationsSent: number;
  checks: number;
  callsPlaced: number;
  lookups: number;
}

/** The part of Twilio the gates call (Verify, Lookup, Calls), in memory on the simulated clock. */
export interface SimTwilio {
  readonly client: twilio.Twilio;
  readonly stats: SimTwilioStats;
  /** The code of the pending verification to `e164`, as the phone's owner would read it; undefined when none. */
  codeFor(e164: string): string | undefined;
}

/**
 * A Twilio client for the simulator. Verify is the emulator's `VerifyStore` (Twilio's lifecycle:
 * one code per pending verification reused by resends, 10-minute expiry, 5 sends, 5 checks, then
 * 60203 / 60202), driven by the simulated clock; Lookup derives the line type from
 * libphonenumber as the emulator does; Calls accepts every call. Errors are shaped like the
 * twilio library's `RestException` (numeric `status` and `code`), so the gates classify them as
 * they would in production.
 *
 * @example
 * const twilio = createSimTwilio(clock);
 * createGateRuntime({ config, policyText, createClient: () => twilio.client, now: clock.now, stores });
 */
export function createSimTwilio(clock: SimClock): SimTwilio {
  const verify = new VerifyStore();
  const service: VerifyService = verify.createService(
    {
      accountSid: SIM_ACCOUNT_SID,
      friendlyName: 'simulator',
      codeLength: 6,
      lookupEnabled: false,
      skipSmsToLandlines: false,
      dtmfInputRequired: false,
      doNotShareWarningEnabled: false,
      customCodeEnabled: false,
      psd2Enabled: false,
      ttsName: null,
    },
    clock.now(),
  );
  const stats: SimTwilioStats = { verificationsSent: 0, checks: 0, callsPlaced: 0, lookups: 0 };
  const serviceFor = (sid: string): VerifyService => {
    if (sid !== SIM_VERIFY_SERVICE_SID) throw new TwilioApiError(404, TwilioCode.NOT_FOUND, `The requested resource /Services/${sid} was not found`);
    return service;
  };
  let callCounter = 0;
  /** The latest verification per number: what its owner's phone shows. */
  const latest = new Map<string, Verification>();

  const client = {
    verify: {
      v2: {
        services: (sid: string) => ({
          verifications: {
            async create(params: { to: string; channel: 'sms' | 'call' | 'whatsapp'; locale?: string }) {
              const { verification } = verify.start(serviceFor(sid), { to: params.to, channel: params.channel, locale: params.locale ?? null, accountSid: SIM_ACCOUNT_SID }, clock.now());
              stats.verificationsSent += 1;
              latest.set(verification.to, verification);
              return { sid: verification.sid, status: verification.status, to: verification.to, channel: verification.channel };
            },
          },
          verificationChecks: {
            async create(params: { to: string; code: string }) {
              stats.checks += 1;
              const result = verify.check(serviceFor(sid), { to: params.to }, params.code, clock.now());
              if (!result) throw new TwilioApiError(404, TwilioCode.NOT_FOUND, 'The requested resource /VerificationCheck was not found');
              return { sid: result.verification.sid, status: result.approved ? 'approved' : 'pending', to: params.to };
            },
          },
        }),
      },
    },
    lookups: {
      v2: {
        phoneNumbers: (e164: string) => ({
          async fetch() {
            stats.lookups += 1;
            const parsed = parseNumber(e164);
            return { phoneNumber: e164, valid: parsed.valid, lineTypeIntelligence: parsed.valid ? { type: parsed.lineType } : null, smsPumpingRisk: null };
          },
        }),
      },
    },
    calls: {
      async create(params: { to: string; from: string }) {
        stats.callsPlaced += 1;
        callCounter += 1;
        return { sid: `CA${String(callCounter).padStart(32, '0')}`, to: params.to, from: params.from, status: 'queued' };
      },
    },
  };

  return {
    client: client as unknown as twilio.Twilio,
    stats,
    codeFor(e164) {
      const verification = latest.get(e164);
      return verification && verification.status === 'pending' && clock.now() < verification.expiresAt ? verification.code : undefined;
    },
  };
}
