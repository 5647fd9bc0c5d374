import { randomBytes } from 'node:crypto';

/** The Twilio number the webhooks of the tests are addressed to. */
export const TWILIO_NUMBER = '+14155552671';

function nextSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** The parameters Twilio posts to a number's "A call comes in" webhook. */
export function voiceWebhook(from: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: `AC${'0'.repeat(31)}1`,
    CallSid: nextSid('CA'),
    ...(from === undefined ? {} : { From: from }),
    To: TWILIO_NUMBER,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    CallerCountry: 'GB',
    ...extra,
  };
}

/** The parameters Twilio posts to a number's "A message comes in" webhook. */
export function smsWebhook(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = nextSid('SM');
  return {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: body,
    FromCountry: 'GB',
    To: TWILIO_NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: `AC${'0'.repeat(31)}1`,
    From: from,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}
