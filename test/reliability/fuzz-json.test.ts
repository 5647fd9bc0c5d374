/**
 * Fuzzing the JSON endpoints: 5,000 generated requests each (adversarial and random strings,
 * huge values, wrong types, form and JSON encodings, missing, duplicated and unknown parameters,
 * unicode, right and wrong tokens and origins), called in-process against the emulator.
 *
 * Every answer keeps the JSON contract (a documented status and code, never a 500; no 502 or 503
 * either, since nothing upstream fails here), comes back through the callback exactly once,
 * refuses a disallowed origin with 403 and a missing or wrong token with 401, and neither the
 * answer nor a log line carries a number, a message body or a secret that was sent. Jest fails
 * the test on any unhandled rejection.
 */
import fc from 'fast-check';
import type { FunctionContext } from '../../src/core/http';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction } from '../helpers/invoke-function';
import { ALLOW_LISTED_RECIPIENTS, ALLOWED_ORIGIN, ENDPOINTS, POLICY, requestEvent, SECRETS, secretsOf, type Endpoint, type EndpointName } from './gate-setup';
import { canariesIn, FUZZ_TEST_TIMEOUT_MS, fuzzRequests, logProblems, REQUEST_TIMEOUT_MS, rotatingContexts } from './fuzz-support';
import { leaksIn, numbersIn, responseText } from './leaks';
import {
  adversarialString,
  anyValue,
  authorizationHeader,
  canary,
  encodeAs,
  encoding,
  originHeader,
  parameter,
  parameters,
  phoneLike,
  type GeneratedHeader,
} from './request-arbitraries';
import { errorCodeOf, jsonContractProblems } from './response-contracts';

/** Nothing upstream fails in these runs: a 502 or 503 would be a bug too. */
const NEVER = [500, 502, 503];

const harness = useFunctionHarness(POLICY);

interface FuzzRequest {
  /** Every parameter plausible, a valid token, no foreign origin. */
  wellFormed: boolean;
  params: Record<string, unknown>;
  encoding: 'form' | 'json' | 'json-array';
  malformed: boolean;
  authorization: GeneratedHeader;
  origin: GeneratedHeader;
  noise: Record<string, string>;
}

/**
 * Requests from a shape of plausible parameter values: a third well formed (every parameter
 * plausible, a valid token, no foreign origin), so that many get deep into the gate; the rest
 * hostile in every part.
 */
function request(shape: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<FuzzRequest> {
  const wellFormed = fc.record({
    wellFormed: fc.constant(true),
    params: fc.record(shape, { requiredKeys: required }),
    encoding: fc.constantFrom<'form' | 'json'>('form', 'json'),
    malformed: fc.constant(false),
    authorization: fc.constant<GeneratedHeader>({ value: `Bearer ${SECRETS.apiToken}`, accepted: true }),
    origin: fc.constantFrom<GeneratedHeader>({ value: undefined, accepted: true }, { value: ALLOWED_ORIGIN, accepted: true }),
    noise: fc.constant({}),
  });
  const hostile = fc.record({
    wellFormed: fc.constant(false),
    params: parameters(Object.fromEntries(Object.entries(shape).map(([name, plausible]) => [name, parameter(plausible)]))),
    encoding,
    malformed: fc.boolean(),
    authorization: authorizationHeader,
    origin: originHeader,
    noise: fc.dictionary(fc.constantFrom('x-forwarded-for', 'content-type', 'cookie', 'user-agent', 'x-twilio-signature'), adversarialString, { maxKeys: 2 }),
  });
  return fc.oneof({ weight: 1, arbitrary: wellFormed }, { weight: 2, arbitrary: hostile });
}

function headersOf(fuzz: FuzzRequest): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...fuzz.noise };
  if (fuzz.authorization.value !== undefined) headers.authorization = fuzz.authorization.value;
  if (fuzz.origin.value !== undefined) headers.origin = fuzz.origin.value;
  return headers;
}

const identity = fc.constantFrom('user-1', 'user-2', 'session:8f14e45f', 'ann@example.com', '550e8400-e29b-41d4-a716-446655440000');
/** Mostly valid values with their near misses: what a sloppy or probing client sends. */
function mostly<T>(valid: readonly T[], nearMisses: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...nearMisses) });
}
const verifyChannel = mostly(['sms', 'call', 'whatsapp'], ['email', 'auto', 'SMS', 'voice']);
const locale = mostly(['en', 'pt-BR', 'fr', 'zh-Hans'], ['xx', 'en-GB-oxendict', 'EN']);
const code = fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 3, maxLength: 11 });

const date = mostly(['2026-12-24', '2027-01-31', '2028-02-29'], ['2026-02-30', '2026-13-01', '24/12/2026', '2026-1-1']);
const time = mostly(['14:30', '00:00', '23:59'], ['24:00', '9:30', '14:30:00']);
const text = fc.oneof(
  { weight: 4, arbitrary: canary.map((word) => `See you soon ${word}`) },
  { weight: 2, arbitrary: canary },
  { weight: 2, arbitrary: fc.constantFrom('evil', 'com', 'bit.ly', 'call 07400 654321', 'Ann', 'café', 'Ünïcödé ñame', 'Zoë-Ann O\'Neil') },
  { weight: 1, arbitrary: adversarialString },
);
const amount = mostly(['12', '12.50', '1234567.99'], ['1.5', '12345678', '-1', '1e3']);
const order = fc.oneof(mostly(['1', '42', '999999'], ['1234567', '4.2']), fc.integer());

/** A template and parameters that fit it, as an object (JSON body) or its JSON text (form body). */
const templated = fc
  .constantFrom(
    { template: 'order-shipped', params: fc.constantFrom<unknown>(undefined, {}, null) },
    { template: 'appointment-reminder', params: fc.record({ date, time }) },
    { template: 'greeting', params: fc.record({ name: text, note: text }) },
    { template: 'receipt', params: fc.record({ amount, order }) },
  )
  .chain(({ template, params }) => params.chain((values) => fc.constantFrom<unknown>(values, JSON.stringify(values))).map((values) => ({ template, params: values })));

/** Template parameters of any shape, for hostile requests. */
const templateParams = fc.oneof(
  templated.map(({ params }) => params),
  fc.dictionary(fc.oneof(fc.constantFrom('date', 'time', 'name', 'note', 'amount', 'order'), adversarialString), anyValue, { maxKeys: 4 }),
  anyValue,
);

const SHAPES: Record<Exclude<EndpointName, 'sms/inbound' | 'voice/inbound' | 'voice/forward' | 'usage/alert' | 'usage/alert-sub' | 'alerts/debugger'>, Record<string, fc.Arbitrary<unknown>>> = {
  health: { checks: mostly(['all', 'none'], ['ALL', 'None', 'some']) },
  'verify/start': { to: phoneLike, channel: verifyChannel, locale, identity },
  'verify/check': { to: phoneLike, code, identity },
  'sms/outbound': {
    to: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ALLOW_LISTED_RECIPIENTS) }, { weight: 1, arbitrary: phoneLike }),
    template: mostly(['order-shipped', 'appointment-reminder', 'greeting', 'receipt'], ['no-such-template', 'Bad Name!']),
    params: templateParams,
    identity,
  },
  'voice/outbound': {
    to: phoneLike,
    identity,
    purpose: mostly(['reminder', 'delivery-update', 'ok_1'], ['A B', 'x'.repeat(33)]),
    timeLimit: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 100_000 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('60', '0', '600', '86400', '1e3', '-1', '1.5', -5, 0) }),
  },
};

/**
 * Runs 5,000 generated requests against one endpoint and returns how many got each status.
 * `prepare` readies each fresh warm runtime (`verify/check` starts verifications there).
 */
async function fuzzEndpoint(name: keyof typeof SHAPES, arbitrary: fc.Arbitrary<FuzzRequest>, prepare?: (context: FunctionContext) => Promise<void>): Promise<Record<number, number>> {
  const endpoint: Endpoint = ENDPOINTS[name];
  const contexts = rotatingContexts(harness, prepare);
  const statuses: Record<number, number> = {};
  await fuzzRequests(arbitrary, contexts, async (fuzz, context, logs) => {
    const params = encodeAs(fuzz.encoding, fuzz.params, fuzz.malformed);
    const event = requestEvent(params, headersOf(fuzz));
    const response = await invokeFunction(endpoint.handler, context, event, REQUEST_TIMEOUT_MS);
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;

    const problems = jsonContractProblems(endpoint, response);
    // health replays a result for 10 s by design: an earlier check's failure may come back.
    const replayed = (response.body as { cached?: unknown } | undefined)?.cached === true;
    if (NEVER.includes(response.statusCode) && !replayed) problems.push(`answered ${response.statusCode} with nothing failing upstream: ${JSON.stringify(response.body)}`);
    // A body key named `request` replaces the runtime's headers, so the guard outcome is known only without one.
    if (!Object.hasOwn(params, 'request')) {
      const guard = `${response.statusCode} ${errorCodeOf(response)}`;
      // health's dependency checks spend API requests, so they need the app token too.
      const needsToken = endpoint.access === 'app' || (endpoint.name === 'health' && params.checks === 'all');
      if (!fuzz.origin.accepted) {
        if (guard !== '403 ERR_GATE_ORIGIN_NOT_ALLOWED') problems.push(`a refused origin got ${guard}`);
      } else if (needsToken && !fuzz.authorization.accepted) {
        if (guard !== '401 ERR_GATE_UNAUTHORIZED') problems.push(`a missing or wrong token got ${guard}`);
      } else if (/ORIGIN_NOT_ALLOWED|UNAUTHORIZED/.test(guard)) {
        problems.push(`an allowed origin with the right token got ${guard}`);
      }
    }
    const sent = { numbers: numbersIn(fuzz.params), bodies: canariesIn(fuzz.params), secrets: secretsOf(context) };
    problems.push(...leaksIn(responseText(response), sent, 'response'), ...logProblems(logs, sent));
    return problems;
  });
  return statuses;
}

describe('fuzzing the JSON endpoints', () => {
  it('health keeps its contract for any request', async () => {
    const statuses = await fuzzEndpoint('health', request(SHAPES.health));
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[400]).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('verify/start keeps its contract for any request', async () => {
    const statuses = await fuzzEndpoint('verify/start', request(SHAPES['verify/start'], ['to']));
    // The generator reaches every branch: sends, bad input, refused destinations, throttles.
    for (const status of [200, 400, 403, 429]) expect(statuses[status]).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('verify/check keeps its contract for any request, pending verifications included', async () => {
    const pending: Array<{ to: string; code: string }> = [];
    // Each warm runtime starts verifications to numbers of its own (Verify refuses a sixth send to one number).
    const prepare = async (context: FunctionContext) => {
      for (const prefix of ['+44740090', '+3361290', '+1415555']) {
        const to = `${prefix}${String(pending.length).padStart(4, '0')}`;
        const started = await invokeFunction(ENDPOINTS['verify/start'].handler, context, requestEvent({ to }));
        if (started.statusCode !== 200) throw new Error(`verify/start for the fuzz run answered ${started.statusCode}: ${JSON.stringify(started.body)}`);
        pending.push({ to, code: (await harness.control.verificationCode(to)) as string });
      }
    };
    // Now and then the number and code of a pending verification: approvals, and wrong codes for a real one.
    // (Values are drawn before the first request prepares its runtime: none is pending then.)
    const known = fc.tuple(fc.nat(), fc.boolean()).map(([index, right]) => {
      const pair = pending[index % Math.max(1, pending.length)];
      return pair ? { to: pair.to, code: right ? pair.code : '000000' } : null;
    });
    const arbitrary = fc
      .tuple(request(SHAPES['verify/check'], ['to', 'code']), fc.option(known, { freq: 3 }))
      .map(([fuzz, pair]) => (pair ? { ...fuzz, params: { ...fuzz.params, ...pair } } : fuzz));
    const statuses = await fuzzEndpoint('verify/check', arbitrary, prepare);
    for (const status of [200, 400, 404]) expect(statuses[status]).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('sms/outbound keeps its contract for any request', async () => {
    // Well-formed requests name a template with parameters that fit it, mostly.
    const arbitrary = fc
      .tuple(request(SHAPES['sms/outbound'], ['to']), templated)
      .map(([fuzz, fitting]) => (fuzz.wellFormed ? { ...fuzz, params: { ...fuzz.params, ...fitting } } : fuzz));
    const statuses = await fuzzEndpoint('sms/outbound', arbitrary);
    for (const status of [200, 400, 401, 403]) expect(statuses[status]).toBeGreaterThan(0);
    expect((await harness.control.messages()).length).toBe(statuses[200]);
  }, FUZZ_TEST_TIMEOUT_MS);

  it('voice/outbound keeps its contract for any request', async () => {
    const statuses = await fuzzEndpoint('voice/outbound', request(SHAPES['voice/outbound'], ['to']));
    for (const status of [200, 400, 401, 403, 429]) expect(statuses[status]).toBeGreaterThan(0);
    expect((await harness.control.calls()).length).toBe(statuses[200]);
  }, FUZZ_TEST_TIMEOUT_MS);
});
