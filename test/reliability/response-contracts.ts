import { isDeepStrictEqual } from 'node:util';
import { GATE_ERROR_STATUS, type GateErrorCode } from '../../src/core/http';
import type { InvokedResponse } from '../helpers/invoke-function';
import { parseTwiml, REJECT_BUSY, type TwimlNode } from '../helpers/twiml';
import { CALL_TIME_LIMIT, FORWARD_TO, SMS_FORWARD_TO, VOICE_APP_URL, type Endpoint } from './gate-setup';

/**
 * The contracts every answer keeps, as lists of problems (empty when kept), so that a fuzz run
 * of thousands of requests asserts once per request and a failure names every breach.
 */

/** Longest SMS Twilio sends: a forwarded message never exceeds it. */
const MAX_SMS_LENGTH = 1600;
/** Longest client-facing error message: messages are fixed sentences, never echoes of input. */
const MAX_ERROR_MESSAGE_LENGTH = 200;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** What `voice/inbound` answers an admitted call: a redirect to the app (a refused one gets `REJECT_BUSY`). */
export const REDIRECT_TO_APP: TwimlNode[] = [{ name: 'Redirect', attributes: { method: 'POST' }, text: VOICE_APP_URL, children: [] }];
/** What `voice/forward` answers: always the configured numbers, whatever the request said. */
export const DIAL_FORWARD_TO: TwimlNode[] = [
  {
    name: 'Dial',
    attributes: { timeLimit: String(CALL_TIME_LIMIT), answerOnBridge: 'true' },
    text: '',
    children: FORWARD_TO.map((number) => ({ name: 'Number', attributes: {}, text: number, children: [] })),
  },
];
/** The label of a forwarded SMS: the masked sender, or `unknown sender`. */
export const FORWARD_LABEL = /^From (\+\d{4}\*+\d{2}|unknown sender): /;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(value: Record<string, unknown>, keys: string[]): boolean {
  return isDeepStrictEqual(Object.keys(value).sort(), keys);
}

/**
 * Breaches of the contract every JSON answer keeps: a status the endpoint documents, JSON
 * headers, `success` matching the status; for failures exactly `{ success, error: { code,
 * message } }` with a documented code whose status is the one answered and a short fixed
 * message, and `WWW-Authenticate` on 401, `Retry-After` on 429 and 503. `health`'s 503 is its
 * degraded report.
 */
export function jsonContractProblems(endpoint: Endpoint, response: InvokedResponse): string[] {
  const problems: string[] = [];
  const { statusCode: status, headers, body } = response;
  if (!endpoint.statuses.includes(status)) problems.push(`status ${status} is not one ${endpoint.name} documents (${endpoint.statuses.join(', ')})`);
  if (headers['Content-Type'] !== JSON_CONTENT_TYPE) problems.push(`Content-Type is ${headers['Content-Type']}`);
  if (headers['Cache-Control'] !== 'no-store') problems.push(`Cache-Control is ${headers['Cache-Control']}`);
  if (!isRecord(body) || typeof body.success !== 'boolean') return [...problems, `body without success: ${JSON.stringify(body)?.slice(0, 300)}`];
  if (body.success) {
    if (status !== 200) problems.push(`success with status ${status}`);
    return problems;
  }
  if (endpoint.name === 'health' && status === 503) {
    if (body.status !== 'degraded') problems.push(`health 503 is not degraded: ${JSON.stringify(body)}`);
    return problems;
  }
  const error = body.error;
  if (!sameKeys(body, ['error', 'success']) || !isRecord(error) || !sameKeys(error, ['code', 'message']) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return [...problems, `failure is not { success, error: { code, message } }: ${JSON.stringify(body).slice(0, 300)}`];
  }
  if (!Object.hasOwn(GATE_ERROR_STATUS, error.code)) problems.push(`undocumented code ${error.code}`);
  else if (GATE_ERROR_STATUS[error.code as GateErrorCode] !== status) problems.push(`${error.code} answered with ${status}`);
  if (error.message.length === 0 || error.message.length > MAX_ERROR_MESSAGE_LENGTH) problems.push(`error message of ${error.message.length} characters: ${error.message.slice(0, 300)}`);
  if (status === 401 && !/^Bearer /.test(headers['WWW-Authenticate'] ?? '')) problems.push('401 without WWW-Authenticate: Bearer');
  if ((status === 429 || status === 503) && !(Number(headers['Retry-After']) > 0)) problems.push(`${status} without a positive Retry-After`);
  return problems;
}

/** The code of a JSON failure, if the answer is one. */
export function errorCodeOf(response: InvokedResponse): string | undefined {
  const body = response.body;
  return isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string' ? body.error.code : undefined;
}

/**
 * The verbs of a TwiML answer, after checking the TwiML contract: 200, the XML content type, a
 * well-formed `<Response>` (characters included). Throws on a breach.
 */
export function twimlVerbsOf(response: InvokedResponse): TwimlNode[] {
  if (response.statusCode !== 200) throw new Error(`webhook answered ${response.statusCode}`);
  if (response.headers['Content-Type'] !== TWIML_CONTENT_TYPE) throw new Error(`webhook answered Content-Type ${response.headers['Content-Type']}`);
  return parseTwiml(response.body).children;
}

/**
 * Breaches of what each webhook may answer, whatever arrives: `sms/inbound` forwards one
 * labelled message of at most 1600 characters to the fixed number, or nothing; `voice/inbound`
 * redirects to the app or rejects; `voice/forward` dials the fixed numbers. A webhook for another
 * account (`forOwnAccount` false) gets the refusal: nothing for SMS, a rejection for calls.
 */
export function webhookVerbProblems(endpoint: Endpoint, verbs: TwimlNode[], forOwnAccount = true): string[] {
  const shown = JSON.stringify(verbs).slice(0, 500);
  if (!forOwnAccount) {
    const refusal = endpoint.name === 'sms/inbound' ? [] : REJECT_BUSY;
    return isDeepStrictEqual(verbs, refusal) ? [] : [`${endpoint.name} answered ${shown} to a webhook for another account`];
  }
  switch (endpoint.name) {
    case 'sms/inbound': {
      if (verbs.length === 0) return [];
      const [message] = verbs;
      const ok =
        verbs.length === 1 &&
        message.name === 'Message' &&
        isDeepStrictEqual(message.attributes, { to: SMS_FORWARD_TO }) &&
        message.children.length === 0 &&
        FORWARD_LABEL.test(message.text) &&
        message.text.length <= MAX_SMS_LENGTH;
      return ok ? [] : [`sms/inbound answered ${shown}`];
    }
    case 'voice/inbound':
      return isDeepStrictEqual(verbs, REDIRECT_TO_APP) || isDeepStrictEqual(verbs, REJECT_BUSY) ? [] : [`voice/inbound answered ${shown}`];
    case 'voice/forward':
      return isDeepStrictEqual(verbs, DIAL_FORWARD_TO) ? [] : [`voice/forward answered ${shown}`];
    default:
      return [`${endpoint.name} is not a webhook`];
  }
}
