/**
 * Fuzzing the JSON webhooks (`usage/alert`, `usage/alert-sub`, `alerts/debugger`): 1,000 generated Twilio-shaped
 * deliveries each (well-formed, with wrong SIDs, hostile strings, broken or huge payloads,
 * unknown parameters, form and JSON encodings).
 *
 * Every answer keeps the JSON contract (a documented status, never a 500, 502 or 503 with nothing
 * failing upstream), and neither the answer nor a log line carries a number, a message body or a
 * secret that was sent, however the Payload is built.
 */
import fc from 'fast-check';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction } from '../helpers/invoke-function';
import { TEST_ACCOUNT_SID } from '../helpers/local-stack';
import { ENDPOINTS, POLICY, requestEvent, secretsOf, type EndpointName } from './gate-setup';
import { canariesIn, FUZZ_TEST_TIMEOUT_MS, fuzzRequests, logProblems, REQUEST_TIMEOUT_MS, rotatingContexts } from './fuzz-support';
import { leaksIn, numbersIn, responseText } from './leaks';
import { adversarialString, anyValue, canary, encodeAs, parameter, parameters, phoneLike, sidOf } from './request-arbitraries';
import { jsonContractProblems } from './response-contracts';

const RUNS = 1_000;
const NEVER = [500, 502, 503];
const harness = useFunctionHarness(POLICY);

const accountSid = fc.oneof({ weight: 4, arbitrary: fc.constant(TEST_ACCOUNT_SID) }, { weight: 1, arbitrary: sidOf('AC') }, { weight: 1, arbitrary: adversarialString });

const USAGE_ALERT = {
  AccountSid: accountSid,
  UsageTriggerSid: fc.oneof({ weight: 4, arbitrary: sidOf('UT') }, { weight: 1, arbitrary: adversarialString }),
  IdempotencyToken: fc.oneof(canary, adversarialString),
  UsageCategory: fc.constantFrom('totalprice', 'sms-outbound', 'calls', ''),
  TriggerBy: fc.constantFrom('price', 'count', 'usage', 'x'),
  TriggerValue: fc.oneof(fc.constantFrom('50', '+30', '1e9'), adversarialString),
  CurrentValue: fc.oneof(fc.constantFrom('50.25', '-1'), adversarialString),
  Recurring: fc.constantFrom('daily', 'monthly', '', 'alltime'),
  DateFired: fc.oneof(fc.constant('Fri, 04 Dec 2026 16:00:00 +0000'), adversarialString),
};

/** A Payload: a JSON object with the fields the gate reads and some it must never repeat (numbers, text). */
const payload = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        error_code: fc.oneof(fc.constantFrom(32200, 32201, 32202, 32203, '32205', 21215, 13227, 21408, 11200), anyValue),
        resource_sid: fc.oneof(sidOf('TK'), sidOf('CA'), sidOf('SD'), adversarialString),
        more_info: fc.record({ Msg: fc.oneof(canary, adversarialString), to: phoneLike }),
      })
      .map((value) => JSON.stringify(value)),
  },
  { weight: 1, arbitrary: adversarialString },
  { weight: 1, arbitrary: anyValue.map((value) => JSON.stringify(value) ?? '') },
);

const DEBUGGER_ALERT = {
  AccountSid: accountSid,
  Sid: sidOf('NO'),
  Level: fc.constantFrom('Error', 'Warning', 'x'),
  Timestamp: fc.constant('2026-12-04T16:00:00Z'),
  PayloadType: fc.constant('application/json'),
  Payload: payload,
};

function delivery(shape: Record<string, fc.Arbitrary<unknown>>) {
  const plausible = Object.fromEntries(Object.entries(shape).map(([key, arbitrary]) => [key, parameter(arbitrary)]));
  return fc.record({ params: parameters(plausible), encoding: fc.constantFrom<'form' | 'json'>('form', 'form', 'json') });
}

async function fuzzWebhook(name: EndpointName, shape: Record<string, fc.Arbitrary<unknown>>): Promise<Record<number, number>> {
  const endpoint = ENDPOINTS[name];
  const contexts = rotatingContexts(harness);
  const statuses: Record<number, number> = {};
  await fuzzRequests(delivery(shape), contexts, async ({ params, encoding }, context, logs) => {
    const response = await invokeFunction(endpoint.handler, context, requestEvent(encodeAs(encoding, params)), REQUEST_TIMEOUT_MS);
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    const problems = jsonContractProblems(endpoint, response);
    if (NEVER.includes(response.statusCode)) problems.push(`answered ${response.statusCode}: ${JSON.stringify(response.body)}`);
    const sent = { numbers: numbersIn(params), bodies: canariesIn(params), secrets: secretsOf(context) };
    problems.push(...leaksIn(responseText(response), sent, 'response'), ...logProblems(logs, sent));
    return problems;
  }, { numRuns: RUNS, seed: 20261204 });
  return statuses;
}

describe('fuzzing the JSON webhooks', () => {
  it('usage/alert keeps its contract for any delivery', async () => {
    const statuses = await fuzzWebhook('usage/alert', USAGE_ALERT);
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[400]).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('usage/alert-sub keeps its contract for any unsigned or wrongly signed delivery', async () => {
    const statuses = await fuzzWebhook('usage/alert-sub', USAGE_ALERT);
    expect(statuses[403]).toBeGreaterThan(0);
    expect(statuses[200]).toBeUndefined();
  }, FUZZ_TEST_TIMEOUT_MS);

  it('alerts/debugger keeps its contract for any delivery, and answers 200 to all but a parameter named request', async () => {
    const statuses = await fuzzWebhook('alerts/debugger', DEBUGGER_ALERT);
    expect(statuses[200]).toBeGreaterThan(0);
    // 400 only for a parameter named `request` (it would replace the runtime's headers).
    expect(Object.keys(statuses).filter((status) => status !== '200' && status !== '400')).toEqual([]);
  }, FUZZ_TEST_TIMEOUT_MS);
});
