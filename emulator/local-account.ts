import { EmulatorControl } from './control/control-client';

/**
 * The account `npm start` gives the local stack: what a new user would have bought and set up in
 * the Twilio console before pointing numbers at the gate, so every endpoint works on first start.
 * All numbers are fictional; the emulator delivers nothing.
 */
export const LOCAL_ACCOUNT = {
  /** The Account SID of the generated local credentials. */
  accountSid: `AC${'0'.repeat(31)}1`,
  /** The number whose voice and SMS webhooks point at the gate (the `To` of inbound webhooks). */
  gateNumber: '+14155550100',
  /** Caller ids `voice/outbound` places calls from. */
  callerIdPool: ['+14155550101', '+14155550102'],
  /** The sender pool of the local Messaging Service. */
  messagingSenders: ['+14155550103'],
  /** Where `voice/inbound` and `voice/forward` forward admitted calls (your desk phone, say). */
  forwardTo: ['+447400999111'],
  /** Where `sms/inbound` forwards sanitized messages. */
  smsForwardTo: '+447400999112',
  /** The TwiML of calls `voice/outbound` places (there is no voice app locally). */
  callTwiml: '<Response><Say>This is a call placed through the fraud gatekeeper demo.</Say></Response>',
} as const;

/** Settings for the gate that the local account fulfils, as the generated local env holds them. */
export type LocalGateSettings = Record<
  | 'GATE_VERIFY_SERVICE_SID'
  | 'GATE_MESSAGING_SERVICE_SID'
  | 'GATE_CALLER_ID_POOL'
  | 'GATE_CALL_TWIML'
  | 'GATE_FORWARD_TO'
  | 'GATE_SMS_FORWARD_TO',
  string
>;

/** Creates a Verify service in the emulator, as a user does in the console, and returns its SID. */
export async function createVerifyService(emulatorUrl: string, accountSid: string, authToken: string, friendlyName = 'gatekeeper-local'): Promise<string> {
  const response = await fetch(`${emulatorUrl}/verify/v2/Services`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ FriendlyName: friendlyName }).toString(),
  });
  if (response.status !== 201) throw new Error(`creating a Verify service in the emulator failed with HTTP ${response.status}`);
  return ((await response.json()) as { sid: string }).sid;
}

/** The Serverless Service and Environment whose logs `npm start` fills and `gatekeeper report --local` reads. */
export const LOCAL_SERVICE = { uniqueName: 'gatekeeper', environment: 'local' } as const;

async function postForm(url: string, accountSid: string, authToken: string, form: Record<string, string>): Promise<{ sid: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (response.status !== 201) throw new Error(`POST ${new URL(url).pathname} to the emulator failed with HTTP ${response.status}`);
  return (await response.json()) as { sid: string };
}

/**
 * Creates the local Serverless Service and its Environment, as `twilio serverless:deploy` does
 * on a real account, and returns their SIDs (function log lines are fed under them).
 */
export async function createLocalServerlessService(emulatorUrl: string, authToken: string): Promise<{ serviceSid: string; environmentSid: string }> {
  const { accountSid } = LOCAL_ACCOUNT;
  const service = await postForm(`${emulatorUrl}/serverless/v1/Services`, accountSid, authToken, { UniqueName: LOCAL_SERVICE.uniqueName, FriendlyName: 'gatekeeper (local)' });
  const environment = await postForm(`${emulatorUrl}/serverless/v1/Services/${service.sid}/Environments`, accountSid, authToken, { UniqueName: LOCAL_SERVICE.environment });
  return { serviceSid: service.sid, environmentSid: environment.sid };
}

/**
 * Provisions the emulator as the local account (owned numbers, a Messaging Service, a Verify
 * service) and returns the gate settings that point at them. The account then refuses senders it
 * does not own, as a real one does.
 *
 * @example
 * const settings = await provisionLocalAccount(emulator.url, 'any-token');
 * settings.GATE_MESSAGING_SERVICE_SID // 'MG...'
 */
export async function provisionLocalAccount(emulatorUrl: string, authToken: string): Promise<LocalGateSettings> {
  const control = new EmulatorControl(emulatorUrl);
  const account = await control.configureAccount({
    phoneNumbers: [LOCAL_ACCOUNT.gateNumber, ...LOCAL_ACCOUNT.callerIdPool, ...LOCAL_ACCOUNT.messagingSenders],
    messagingServices: [{ friendlyName: 'gatekeeper-local', senders: [...LOCAL_ACCOUNT.messagingSenders] }],
  });
  return {
    GATE_VERIFY_SERVICE_SID: await createVerifyService(emulatorUrl, LOCAL_ACCOUNT.accountSid, authToken),
    GATE_MESSAGING_SERVICE_SID: account.messagingServices[0].sid,
    GATE_CALLER_ID_POOL: LOCAL_ACCOUNT.callerIdPool.join(','),
    GATE_CALL_TWIML: LOCAL_ACCOUNT.callTwiml,
    GATE_FORWARD_TO: LOCAL_ACCOUNT.forwardTo.join(','),
    GATE_SMS_FORWARD_TO: LOCAL_ACCOUNT.smsForwardTo,
  };
}
