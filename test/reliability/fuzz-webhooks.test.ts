/**
 * Fuzzing the Twilio webhooks: 5,000 generated requests each for `sms/inbound`, `voice/inbound`
 * and `voice/forward` (Twilio's parameters with adversarial, huge, unicode, missing, duplicated
 * and wrongly typed values, unknown parameters, form and JSON encodings), called in-process
 * against the emulator.
 *
 * Every answer is 200 with a well-formed TwiML `<Response>` (parsed as XML, checked for
 * characters XML 1.0 forbids), with only the verbs the webhook may answer: one sanitized,
 * labelled `<Message>` to the fixed forward number or nothing; `<Redirect>` to the app or
 * `<Reject>`; the `<Dial>` to the fixed numbers, whatever the request says. No decision ends in
 * `request.failed`, and no answer or log line carries a sender's number, a message body or a
 * secret. Jest fails the test on any unhandled rejection.
 */
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhone } from '../../src/core/phone';
import { findRemovableSpans } from '../../src/core/sanitize';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction } from '../helpers/invoke-function';
import { TEST_ACCOUNT_SID } from '../helpers/local-stack';
import { CONFIGURED_DESTINATIONS, ENDPOINTS, OUR_NUMBER, POLICY, requestEvent, secretsOf, type Endpoint } from './gate-setup';
import { canariesIn, FUZZ_TEST_TIMEOUT_MS, fuzzRequests, logProblems, REQUEST_TIMEOUT_MS, rotatingContexts } from './fuzz-support';
import { leaksIn, numbersIn, parseLogLines, responseText } from './leaks';
import { adversarialString, canary, encodeAs, encoding, hugeString, parameter, parameters, phoneLike, sidOf } from './request-arbitraries';
import { FORWARD_LABEL, twimlVerbsOf, webhookVerbProblems } from './response-contracts';

const harness = useFunctionHarness(POLICY);

interface WebhookRequest {
  params: Record<string, unknown>;
  encoding: 'form' | 'json' | 'json-array';
  malformed: boolean;
  signature: string;
}

function webhookRequest(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<WebhookRequest> {
  return fc.record({ params: parameters(shape), encoding, malformed: fc.boolean(), signature: fc.oneof(fc.base64String({ maxLength: 44 }), adversarialString) });
}

const sid = (prefix: string) => fc.oneof(sidOf(prefix), adversarialString);
const sender = fc.oneof({ weight: 4, arbitrary: phoneLike }, { weight: 1, arbitrary: fc.constantFrom('ACMEBANK', 'Amazon', 'VERIFY', '12345', '+266696687') });
const smsBody = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(adversarialString, canary, adversarialString).map((parts) => parts.join(' ')) },
  { weight: 2, arbitrary: adversarialString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Your parcel is held: pay at hxxps://dhl-fee[.]top or call +44 7400 555666 today',
      'Win a prize at www.prize-now.xyz',
      'Call 0800 123 4567 or 1-800-FLOWERS now',
      'Your code is 123456',
      'bit.ly/3xYz',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(hugeString, canary).map(([text, word]) => `${word} ${text}`) },
);
const common = {
  AccountSid: parameter(fc.constant(`AC${'0'.repeat(31)}1`)),
  To: parameter(fc.oneof(fc.constant(OUR_NUMBER), phoneLike)),
  ApiVersion: parameter(fc.constantFrom('2010-04-01')),
};
const SMS_INBOUND = {
  ...common,
  From: parameter(sender),
  Body: parameter(smsBody),
  MessageSid: parameter(sid('SM')),
  NumMedia: parameter(fc.constantFrom('0', '1', '2', '10', '11', '-1', 'abc', '1e3', '')),
  MediaUrl0: parameter(fc.constantFrom('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', 'javascript:alert(1)')),
  FromCountry: parameter(fc.constantFrom('GB', 'US', 'XX', '')),
};
const VOICE = {
  ...common,
  From: parameter(sender),
  CallSid: parameter(sid('CA')),
  CallStatus: parameter(fc.constantFrom('ringing', 'in-progress', 'completed')),
  Direction: parameter(fc.constantFrom('inbound', 'outbound-api')),
  CallerCountry: parameter(fc.constantFrom('GB', 'US', 'gb', 'XX', '')),
};
const VOICE_FORWARD = { ...VOICE, Digits: parameter(fc.constantFrom('1', '#', '*99#', '+37120123456')), ForwardTo: parameter(phoneLike) };

/** The country national numbers in a message are read in: the receiving number's (no GATE_DEFAULT_COUNTRY here). */
function receivingCountry(params: Record<string, unknown>): CountryCode | undefined {
  const to = typeof params.To === 'string' ? parsePhone(params.To.slice(0, 64)) : { ok: false as const };
  return to.ok ? to.country : undefined;
}

/** Digits a forwarded SMS may carry legitimately: the ones of the message body itself. */
function bodyDigits(params: Record<string, unknown>): string {
  const body = params.Body;
  const texts = Array.isArray(body) ? body : [body];
  return texts.map((text) => (typeof text === 'string' ? text.replace(/\D/g, '') : '')).join(' ');
}

async function fuzzWebhook(endpoint: Endpoint, arbitrary: fc.Arbitrary<WebhookRequest>): Promise<Map<string, number>> {
  const contexts = rotatingContexts(harness);
  const answers = new Map<string, number>();
  await fuzzRequests(arbitrary, contexts, async (fuzz, context, logs) => {
    const params = encodeAs(fuzz.encoding, fuzz.params, fuzz.malformed);
    const response = await invokeFunction(endpoint.handler, context, requestEvent(params, { 'x-twilio-signature': fuzz.signature }), REQUEST_TIMEOUT_MS);

    const verbs = twimlVerbsOf(response);
    const answer = verbs.map((verb) => verb.name).join(',') || 'empty';
    answers.set(answer, (answers.get(answer) ?? 0) + 1);
    const problems = webhookVerbProblems(endpoint, verbs, params.AccountSid === TEST_ACCOUNT_SID);

    const secrets = secretsOf(context);
    const numbers = numbersIn(fuzz.params);
    if (endpoint.name === 'sms/inbound') {
      // The forward carries the sanitized body: what the body held may be in it, nothing else.
      const digits = bodyDigits(params);
      problems.push(...leaksIn(responseText(response), { numbers: numbers.filter((number) => !digits.includes(number)), bodies: [], secrets }, 'response', CONFIGURED_DESTINATIONS));
      if (verbs.length === 1) {
        // What follows the label (the text and the attachments note) holds no link or number, read in the country the gate reads it in.
        const forwarded = verbs[0].text.replace(FORWARD_LABEL, '');
        const spans = findRemovableSpans(forwarded, receivingCountry(params));
        if (spans.length > 0) problems.push(`the forward holds a link or number: ${JSON.stringify(spans.map(({ start, end }) => forwarded.slice(start, end)))}`);
      }
    } else {
      problems.push(...leaksIn(responseText(response), { numbers, bodies: [], secrets }, 'response', CONFIGURED_DESTINATIONS));
    }
    problems.push(...logProblems(logs, { numbers, bodies: canariesIn(fuzz.params), secrets }));
    const decisions = parseLogLines(logs.lines).filter((record) => record.event === 'config.invalid');
    if (decisions.length > 0) problems.push(`configuration reported invalid: ${JSON.stringify(decisions[0])}`);
    return problems;
  });
  return answers;
}

describe('fuzzing the webhooks', () => {
  it('sms/inbound answers well-formed TwiML that forwards only sanitized text to the fixed number', async () => {
    const answers = await fuzzWebhook(ENDPOINTS['sms/inbound'], webhookRequest(SMS_INBOUND));
    expect(answers.get('Message')).toBeGreaterThan(0);
    expect(answers.get('empty')).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('voice/inbound answers a redirect to the app or a rejection, as well-formed TwiML', async () => {
    const answers = await fuzzWebhook(ENDPOINTS['voice/inbound'], webhookRequest(VOICE));
    expect(answers.get('Redirect')).toBeGreaterThan(0);
    expect(answers.get('Reject')).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('voice/forward dials only the configured numbers, whatever the request says', async () => {
    const answers = await fuzzWebhook(ENDPOINTS['voice/forward'], webhookRequest(VOICE_FORWARD));
    // A rejection only ever answers a webhook for another account (checked request by request).
    expect([...answers.keys()].filter((answer) => answer !== 'Reject')).toEqual(['Dial']);
  }, FUZZ_TEST_TIMEOUT_MS);
});
