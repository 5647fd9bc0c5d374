import { randomBytes } from 'node:crypto';
import type { FunctionContext, FunctionHandler } from '../../src/core/http';
import { DEFAULT_TWILIO_TIMEOUT_MS } from '../../src/core/twilio';
import { handler as debuggerAlert } from '../../src/functions/alerts/debugger.protected';
import { handler as health } from '../../src/functions/health';
import { handler as smsInbound } from '../../src/functions/sms/inbound.protected';
import { handler as smsOutbound } from '../../src/functions/sms/outbound';
import { handler as usageAlert } from '../../src/functions/usage/alert.protected';
import { handler as verifyCheck } from '../../src/functions/verify/check';
import { handler as verifyStart } from '../../src/functions/verify/start';
import { handler as voiceForward } from '../../src/functions/voice/forward.protected';
import { handler as voiceInbound } from '../../src/functions/voice/inbound.protected';
import { handler as voiceOutbound } from '../../src/functions/voice/outbound';
import type { FunctionHarness } from '../helpers/function-harness';
import { TWILIO_NUMBER } from '../helpers/webhook-params';

/**
 * One deployment for the whole reliability suite: every gate configured at once, so one context
 * serves every endpoint. Secrets are random per test process, so finding one in a response or a
 * log line can only mean it leaked (no fuzzed input can produce them by chance).
 */
export const SECRETS = {
  apiToken: randomBytes(24).toString('hex'),
  authToken: randomBytes(16).toString('hex'),
  smsForwardSecret: randomBytes(20).toString('hex'),
} as const;

export const ALLOWED_ORIGIN = 'https://app.example.com';
export const MESSAGING_SERVICE_SID = `MG${'ab'.repeat(16)}`;
export const CALLER_ID_POOL = ['+14155550101', '+14155550102'];
export const CALL_TWIML_URL = 'https://example.com/voice/answer';
export const VOICE_APP_URL = 'https://example.com/voice/menu';
/** Where `voice/forward` (and nothing in a request) sends calls. */
export const FORWARD_TO = ['+447400999111', '+4930123456'];
/** Where `sms/inbound` forwards sanitized messages. */
export const SMS_FORWARD_TO = '+447400999888';
/** Our own number: the `To` of inbound webhooks. */
export const OUR_NUMBER = TWILIO_NUMBER;
/** Numbers the webhooks' answers carry by design: the destinations of forwards. */
export const CONFIGURED_DESTINATIONS: readonly string[] = [...FORWARD_TO, SMS_FORWARD_TO];
/** Time limit of forwarded calls (the default `GATE_CALL_TIME_LIMIT`). */
export const CALL_TIME_LIMIT = 600;
/** Recipients on `destinations.numbers.allow`: `sms/outbound` sends to them without a verification. */
export const ALLOW_LISTED_RECIPIENTS = ['+447400123490', '+447400123491', '+447400123492', '+447400123493', '+33612345690', '+33612345691', '+14155550190', '+14155550191'];

/** The policy file: templates for `sms/outbound`, defaults for everything else. */
export const POLICY = {
  destinations: { numbers: { allow: ALLOW_LISTED_RECIPIENTS } },
  templates: {
    'order-shipped': 'Your order has shipped.',
    'appointment-reminder': { text: 'Your appointment is on {date} at {time}. Reply STOP to opt out.', params: { date: 'date', time: 'time' } },
    greeting: { text: 'Hello {name}, {note}', params: { name: 'name', note: 'text' } },
    receipt: { text: 'We received {amount} for order {order}.', params: { amount: 'amount', order: 'integer' } },
  },
};

/** Every setting of every gate, with production defaults for timeouts. */
export function gateEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH_TOKEN: SECRETS.authToken,
    GATE_API_TOKEN: SECRETS.apiToken,
    GATE_HASH_SECRET: randomBytes(24).toString('hex'),
    GATE_LOG_LEVEL: 'info',
    GATE_TWILIO_TIMEOUT_MS: String(DEFAULT_TWILIO_TIMEOUT_MS),
    GATE_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    GATE_MESSAGING_SERVICE_SID: MESSAGING_SERVICE_SID,
    GATE_CALLER_ID_POOL: CALLER_ID_POOL.join(','),
    GATE_CALL_TWIML_URL: CALL_TWIML_URL,
    GATE_VOICE_APP_URL: VOICE_APP_URL,
    GATE_FORWARD_TO: FORWARD_TO.join(','),
    GATE_SMS_FORWARD_TO: SMS_FORWARD_TO,
    ...overrides,
  };
}

/** A context with a fresh hash secret: new throttle keys and a new warm runtime (caches, local limits). */
export function gateContext(harness: FunctionHarness, overrides: Record<string, string> = {}): FunctionContext {
  return harness.context(gateEnv(overrides));
}

/** The secrets of a context, for leak checks. */
export function secretsOf(context: FunctionContext): string[] {
  return [SECRETS.apiToken, SECRETS.authToken, SECRETS.smsForwardSecret, String(context.GATE_HASH_SECRET)];
}

export type EndpointName =
  | 'health'
  | 'verify/start'
  | 'verify/check'
  | 'sms/outbound'
  | 'voice/outbound'
  | 'sms/inbound'
  | 'voice/inbound'
  | 'voice/forward'
  | 'usage/alert'
  | 'alerts/debugger';

export interface Endpoint {
  name: EndpointName;
  handler: FunctionHandler;
  /** `json`: an HTTP endpoint answering JSON; `twiml`: a Twilio webhook answering TwiML. */
  kind: 'json' | 'twiml';
  /**
   * `app`: bearer token; `public`: none (CORS allowlist); `protected`: Twilio's signature (a
   * `.protected` function; a JSON one declares `access: 'webhook'`).
   */
  access: 'app' | 'public' | 'protected';
  /** The function file, relative to `src/functions`. */
  file: string;
  /**
   * Statuses its header comment and docs/error-codes.md promise. 500 is `ERR_GATE_CONFIG` (a
   * broken deployment) or `ERR_GATE_INTERNAL` (a bug): documented, and refused by the fuzzers.
   */
  statuses: readonly number[];
}

export const ENDPOINTS: Readonly<Record<EndpointName, Endpoint>> = {
  health: { name: 'health', handler: health, kind: 'json', access: 'public', file: 'health.ts', statuses: [200, 400, 401, 403, 500, 503] },
  'verify/start': { name: 'verify/start', handler: verifyStart, kind: 'json', access: 'public', file: 'verify/start.ts', statuses: [200, 400, 403, 405, 429, 500, 502, 503] },
  'verify/check': { name: 'verify/check', handler: verifyCheck, kind: 'json', access: 'public', file: 'verify/check.ts', statuses: [200, 400, 403, 404, 405, 429, 500, 502, 503] },
  'sms/outbound': { name: 'sms/outbound', handler: smsOutbound, kind: 'json', access: 'app', file: 'sms/outbound.ts', statuses: [200, 400, 401, 403, 405, 429, 500, 502, 503] },
  'voice/outbound': { name: 'voice/outbound', handler: voiceOutbound, kind: 'json', access: 'app', file: 'voice/outbound.ts', statuses: [200, 400, 401, 403, 405, 429, 500, 502, 503] },
  'sms/inbound': { name: 'sms/inbound', handler: smsInbound, kind: 'twiml', access: 'protected', file: 'sms/inbound.protected.ts', statuses: [200] },
  'voice/inbound': { name: 'voice/inbound', handler: voiceInbound, kind: 'twiml', access: 'protected', file: 'voice/inbound.protected.ts', statuses: [200] },
  'voice/forward': { name: 'voice/forward', handler: voiceForward, kind: 'twiml', access: 'protected', file: 'voice/forward.protected.ts', statuses: [200] },
  'usage/alert': { name: 'usage/alert', handler: usageAlert, kind: 'json', access: 'protected', file: 'usage/alert.protected.ts', statuses: [200, 400, 403, 405, 500] },
  'alerts/debugger': { name: 'alerts/debugger', handler: debuggerAlert, kind: 'json', access: 'protected', file: 'alerts/debugger.protected.ts', statuses: [200, 400, 403, 405, 500] },
};

/** The `Authorization` header app endpoints accept. */
export function bearer(token: string = SECRETS.apiToken): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * The event the Functions runtime builds from a request (`constructEvent` of
 * @twilio/runtime-handler): `request` with headers and cookies, then the query and body
 * parameters spread over it (a body key named `request` replaces it, as it does there).
 */
export function requestEvent(params: Readonly<Record<string, unknown>>, headers: Readonly<Record<string, string | string[]>> = {}): Record<string, unknown> {
  return { request: { headers: { ...headers }, cookies: {} }, ...params };
}

export { smsWebhook, voiceWebhook } from '../helpers/webhook-params';
