/**
 * Visibility: who can call what, and what the answers and logs let out.
 *
 * - Every Twilio webhook is a `.protected` function (the platform checks Twilio's signature
 *   before it runs), every function is in the reliability suite's table, README.md documents
 *   each one with the access its code has, and docs/error-codes.md every code an answer carries.
 * - Every app endpoint refuses a request without the bearer token, with a wrong one, and every
 *   request while no token is configured, before any upstream request; every public JSON
 *   endpoint applies the CORS allowlist.
 * - Across every endpoint's allowed, refused, failing and misconfigured paths (logs at `debug`),
 *   no answer or log line holds a full phone number, a message body or a secret.
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { GATE_ERROR_STATUS, type FunctionContext } from '../../src/core/http';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction, setPolicy, type InvokedResponse } from '../helpers/invoke-function';
import {
  ALLOWED_ORIGIN,
  bearer,
  CALLER_ID_POOL,
  CONFIGURED_DESTINATIONS,
  ENDPOINTS,
  FORWARD_TO,
  gateContext,
  OUR_NUMBER,
  POLICY,
  requestEvent,
  SECRETS,
  secretsOf,
  smsWebhook,
  SMS_FORWARD_TO,
  voiceWebhook,
  type Endpoint,
  type EndpointName,
} from './gate-setup';
import { captureLogs, leaksIn, numbersIn, parseLogLines, responseText, type LogCapture } from './leaks';
import { errorCodeOf, jsonContractProblems } from './response-contracts';

const FUNCTIONS_DIR = join(__dirname, '../../src/functions');
const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const ERROR_CODES_DOC = readFileSync(join(__dirname, '../../docs/error-codes.md'), 'utf8');
const ALWAYS = 1_000_000;
/** The access and CORS tests judge answers only: their log lines would be noise. */
const QUIET = { GATE_LOG_LEVEL: 'silent' };
const MESSAGES_ROUTE = 'POST /api/2010-04-01/Accounts/:account/Messages.json';
const CALLS_ROUTE = 'POST /api/2010-04-01/Accounts/:account/Calls.json';

function functionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? functionFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [relative(FUNCTIONS_DIR, join(dir, entry.name))] : [],
  );
}

/** The route a function file serves: `voice/inbound.protected.ts` -> `voice/inbound`. */
function routeOf(file: string): string {
  return file.replace(/(\.protected|\.private)?\.ts$/, '');
}

/** The access README.md's endpoint table gives a route (`public`, `app (bearer token)`, `protected (Twilio webhook)`, ...). */
function documentedAccess(route: string): string | undefined {
  const row = README.split('\n').find((line) => new RegExp(`^\\| \`(GET|POST) /${route.replace('/', '\\/')}\` \\|`).test(line));
  return row?.split('|')[2]?.trim();
}

const harness = useFunctionHarness(POLICY);
afterEach(async () => {
  await harness.control.clearFaults();
});

describe('function visibility', () => {
  const files = functionFiles(FUNCTIONS_DIR);

  it('covers every function in src/functions, and only those', () => {
    expect(files.map(routeOf).sort()).toEqual(Object.keys(ENDPOINTS).sort());
    expect(files.sort()).toEqual(Object.values(ENDPOINTS).map((endpoint) => endpoint.file).sort());
  });

  it.each(Object.values(ENDPOINTS))('$name has the access its code declares: a webhook is .protected, a JSON endpoint public or app', (endpoint) => {
    const source = readFileSync(join(FUNCTIONS_DIR, endpoint.file), 'utf8');
    if (endpoint.kind === 'twiml') {
      expect(source).toMatch(/export const handler = twimlEndpoint\(/);
      expect(endpoint.file).toMatch(/\.protected\.ts$/);
    } else if (endpoint.access === 'protected') {
      // A Twilio callback that needs no TwiML: JSON, signature-checked by the platform.
      expect(source).toMatch(/export const handler = jsonEndpoint\(/);
      expect(endpoint.file).toMatch(/\.protected\.ts$/);
      expect(source).toContain(`access: 'webhook'`);
    } else {
      expect(source).toMatch(/export const handler = jsonEndpoint\(/);
      expect(endpoint.file).not.toMatch(/\.(protected|private)\.ts$/);
      expect(source).toContain(`access: '${endpoint.access}'`);
    }
  });

  it.each(Object.entries(GATE_ERROR_STATUS))('docs/error-codes.md documents %s with status %i', (code, status) => {
    expect(ERROR_CODES_DOC).toMatch(new RegExp(`^\\| \`${code}\` \\| ${status} \\|`, 'm'));
  });

  it.each(Object.values(ENDPOINTS))('README.md documents the access of $name', (endpoint) => {
    const expected = { public: /^public\b/, app: /^app \(bearer token\)$/, protected: /^protected \(Twilio webhook\)$/ }[endpoint.access];
    expect(documentedAccess(endpoint.name)).toMatch(expected);
  });
});

describe('app endpoints refuse requests without the bearer token', () => {
  const appEndpoints = Object.values(ENDPOINTS).filter((endpoint) => endpoint.access === 'app');
  const valid: Record<string, Record<string, unknown>> = {
    'sms/outbound': { to: '+447400123490', template: 'order-shipped' },
    'voice/outbound': { to: '+447400654321' },
  };
  const cases = appEndpoints.flatMap((endpoint) =>
    [
      ['no Authorization header', {}],
      ['a wrong token', { authorization: 'Bearer not-the-token-0123456789abcdef0123456789' }],
      ['the token without the Bearer scheme', { authorization: SECRETS.apiToken }],
      ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`x:${SECRETS.apiToken}`).toString('base64')}` }],
      ['a prefix of the token', { authorization: `Bearer ${SECRETS.apiToken.slice(0, -1)}` }],
    ].map(([what, headers]) => ({ endpoint, what: what as string, headers: headers as Record<string, string> })),
  );

  it.each(cases)('$endpoint.name answers 401 to $what and calls nothing upstream', async ({ endpoint, headers }) => {
    const response = await invokeFunction(endpoint.handler, gateContext(harness, QUIET), requestEvent(valid[endpoint.name], headers));
    expect(response.statusCode).toBe(401);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_UNAUTHORIZED', message: expect.any(String) } });
    expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer realm=/);
    expect((await harness.control.requestLog()).total).toBe(0);
  });

  it.each(appEndpoints)('$name refuses every request while GATE_API_TOKEN is unset (500 ERR_GATE_CONFIG, fail closed)', async (endpoint) => {
    const response = await invokeFunction(endpoint.handler, gateContext(harness, { ...QUIET, GATE_API_TOKEN: '' }), requestEvent(valid[endpoint.name], bearer()));
    expect(response.statusCode).toBe(500);
    expect(errorCodeOf(response)).toBe('ERR_GATE_CONFIG');
    expect((await harness.control.requestLog()).total).toBe(0);
  });

  it.each(appEndpoints)('$name accepts the token', async (endpoint) => {
    const response = await invokeFunction(endpoint.handler, gateContext(harness, QUIET), requestEvent(valid[endpoint.name], bearer()));
    expect(response.statusCode).toBe(200);
  });
});

describe('public JSON endpoints apply the CORS allowlist', () => {
  const publicEndpoints = Object.values(ENDPOINTS).filter((endpoint) => endpoint.access === 'public');
  const params: Record<string, Record<string, unknown>> = { health: { checks: 'none' }, 'verify/start': { to: '+447400654321' }, 'verify/check': { to: '+447400654321', code: '123456' } };

  it.each(publicEndpoints)('$name refuses a foreign origin with 403 before any upstream request', async (endpoint) => {
    const response = await invokeFunction(endpoint.handler, gateContext(harness, QUIET), requestEvent(params[endpoint.name], { origin: 'https://evil.example' }));
    expect(response.statusCode).toBe(403);
    expect(errorCodeOf(response)).toBe('ERR_GATE_ORIGIN_NOT_ALLOWED');
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect((await harness.control.requestLog()).total).toBe(0);
  });

  it.each(publicEndpoints)('$name answers an allowed origin with its CORS headers', async (endpoint) => {
    const response = await invokeFunction(endpoint.handler, gateContext(harness, QUIET), requestEvent(params[endpoint.name], { origin: ALLOWED_ORIGIN }));
    expect(response.statusCode).not.toBe(403);
    expect(response.headers['Access-Control-Allow-Origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers.Vary).toBe('Origin');
  });
});

/** One request of the leak scenarios: what it is, what is sent, what the answer must be. */
interface Scenario {
  name: string;
  endpoint: EndpointName;
  env?: Record<string, string>;
  arrange?: (context: FunctionContext) => Promise<void>;
  /** Built after `arrange` (a code to check exists only then). */
  event: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  status?: number;
}

/** Numbers only these scenarios send, so any of them in an answer or a log is a leak. */
const CALLER = '+447400765432';
const RECIPIENT = '+447400765433';
const LATVIA = '+37120765432';
const BODY = 'Quokkavisibilityprobe meet me at the usual place';
const SMS_FORWARD_SECRET = SECRETS.smsForwardSecret;

let receiver: Server;
let receiverUrl = '';
const received: Array<{ signature: string; body: string }> = [];

async function verifyRecipient(context: FunctionContext, to: string): Promise<void> {
  expect((await invokeFunction(ENDPOINTS['verify/start'].handler, context, requestEvent({ to }))).statusCode).toBe(200);
  const code = await harness.control.verificationCode(to);
  expect((await invokeFunction(ENDPOINTS['verify/check'].handler, context, requestEvent({ to, code }))).body).toEqual({ success: true, valid: true });
}

const SCENARIOS: Scenario[] = [
  { name: 'health', endpoint: 'health', event: () => requestEvent({}), status: 200 },
  { name: 'verify/start sends', endpoint: 'verify/start', event: () => requestEvent({ to: CALLER, identity: 'user-7' }), status: 200 },
  { name: 'verify/start refuses a denied country', endpoint: 'verify/start', event: () => requestEvent({ to: LATVIA }), status: 403 },
  { name: 'verify/start refuses an unparseable number', endpoint: 'verify/start', event: () => requestEvent({ to: '+44 7400 76543' }), status: 400 },
  { name: 'verify/start when Verify fails', endpoint: 'verify/start', arrange: () => harness.control.injectFault({ route: '* /verify/**', kind: '500-html', count: ALWAYS }).then(() => undefined), event: () => requestEvent({ to: CALLER }), status: 502 },
  { name: 'verify/check with a wrong code', endpoint: 'verify/check', arrange: (context) => invokeFunction(ENDPOINTS['verify/start'].handler, context, requestEvent({ to: CALLER })).then(() => undefined), event: () => requestEvent({ to: CALLER, code: '000000' }), status: 200 },
  {
    name: 'verify/check approves',
    endpoint: 'verify/check',
    arrange: async (context) => void (await invokeFunction(ENDPOINTS['verify/start'].handler, context, requestEvent({ to: CALLER }))),
    event: async () => requestEvent({ to: CALLER, code: await harness.control.verificationCode(CALLER) }),
    status: 200,
  },
  { name: 'sms/outbound to an unverified recipient', endpoint: 'sms/outbound', event: () => requestEvent({ to: RECIPIENT, template: 'greeting', params: { name: 'Ann', note: 'Quokkavisibilityprobe' } }, bearer()), status: 403 },
  { name: 'sms/outbound sends a template', endpoint: 'sms/outbound', arrange: (context) => verifyRecipient(context, RECIPIENT), event: () => requestEvent({ to: RECIPIENT, template: 'greeting', params: { name: 'Ann', note: 'Quokkavisibilityprobe' } }, bearer()), status: 200 },
  { name: 'sms/outbound with a number as a parameter name', endpoint: 'sms/outbound', event: () => requestEvent({ to: RECIPIENT, template: 'greeting', params: { [CALLER]: 'Quokkavisibilityprobe' } }, bearer()), status: 400 },
  {
    name: 'sms/outbound refused by Twilio (21610)',
    endpoint: 'sms/outbound',
    arrange: async (context) => {
      await verifyRecipient(context, RECIPIENT);
      await harness.control.injectFault({ route: MESSAGES_ROUTE, kind: 'twilio-error', status: 400, code: 21610, count: ALWAYS });
    },
    event: () => requestEvent({ to: RECIPIENT, template: 'greeting', params: { name: 'Ann', note: 'Quokkavisibilityprobe' } }, bearer()),
    status: 403,
  },
  { name: 'voice/outbound places a call', endpoint: 'voice/outbound', event: () => requestEvent({ to: CALLER, identity: 'user-7', purpose: 'reminder' }, bearer()), status: 200 },
  { name: 'voice/outbound refuses a denied country', endpoint: 'voice/outbound', event: () => requestEvent({ to: LATVIA }, bearer()), status: 403 },
  { name: 'voice/outbound after a Twilio 500', endpoint: 'voice/outbound', arrange: () => harness.control.injectFault({ route: CALLS_ROUTE, kind: '500-html', count: ALWAYS }).then(() => undefined), event: () => requestEvent({ to: CALLER }, bearer()), status: 502 },
  { name: 'voice/outbound with every caller id refused (21210)', endpoint: 'voice/outbound', arrange: () => harness.control.injectFault({ route: CALLS_ROUTE, kind: 'twilio-error', status: 400, code: 21210, count: ALWAYS }).then(() => undefined), event: () => requestEvent({ to: CALLER }, bearer()), status: 500 },
  { name: 'sms/inbound forwards by TwiML', endpoint: 'sms/inbound', event: () => smsWebhook(CALLER, `${BODY} or call ${RECIPIENT} or www.prize-now.xyz`) },
  { name: 'sms/inbound forwards by signed POST', endpoint: 'sms/inbound', env: { GATE_SMS_FORWARD_TO: '' }, event: () => smsWebhook(CALLER, BODY, { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/x/Media/ME1' }) },
  { name: 'sms/inbound while Sync fails', endpoint: 'sms/inbound', arrange: () => harness.control.injectFault({ route: '* /sync/**', kind: '500-html', count: ALWAYS }).then(() => undefined), event: () => smsWebhook(CALLER, BODY) },
  { name: 'sms/inbound with an invalid forward number', endpoint: 'sms/inbound', env: { GATE_SMS_FORWARD_TO: '07400 765434' }, event: () => smsWebhook(CALLER, BODY) },
  { name: 'sms/inbound with a short forward secret', endpoint: 'sms/inbound', env: { GATE_SMS_FORWARD_SECRET: 'short-but-secret-Quokka' }, event: () => smsWebhook(CALLER, BODY) },
  { name: 'voice/inbound admits', endpoint: 'voice/inbound', event: () => voiceWebhook(CALLER) },
  { name: 'voice/inbound rejects a denied caller', endpoint: 'voice/inbound', arrange: async () => setPolicy({ ...POLICY, inbound: { deny: { numbers: [CALLER] } } }), event: () => voiceWebhook(CALLER) },
  { name: 'voice/inbound with a refused forward number', endpoint: 'voice/inbound', env: { GATE_VOICE_APP_URL: '', GATE_FORWARD_TO: LATVIA }, event: () => voiceWebhook(CALLER) },
  { name: 'voice/inbound with a short hash secret', endpoint: 'voice/inbound', env: { GATE_HASH_SECRET: 'short-hash-secret-Quokka' }, event: () => voiceWebhook(CALLER) },
  { name: 'voice/forward', endpoint: 'voice/forward', event: () => voiceWebhook(CALLER, { Digits: '1', ForwardTo: RECIPIENT }) },
  { name: 'an app endpoint with a short API token', endpoint: 'voice/outbound', env: { GATE_API_TOKEN: 'short-api-token-Quokka' }, event: () => requestEvent({ to: CALLER }, { authorization: 'Bearer short-api-token-Quokka' }), status: 500 },
];

describe('no answer or log line leaks a number, a message body or a secret', () => {
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ signature: String(request.headers['x-gatekeeper-signature']), body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it.each(SCENARIOS)('$name', async (scenario) => {
    const endpoint: Endpoint = ENDPOINTS[scenario.endpoint];
    const context = gateContext(harness, {
      GATE_LOG_LEVEL: 'debug',
      GATE_SMS_FORWARD_URL: receiverUrl,
      GATE_SMS_FORWARD_SECRET: SMS_FORWARD_SECRET,
      ...scenario.env,
    });
    let logs: LogCapture | undefined;
    let response: InvokedResponse;
    let event: Record<string, unknown> = {};
    received.length = 0;
    try {
      logs = captureLogs();
      if (scenario.arrange) await scenario.arrange(context);
      event = await scenario.event();
      response = await invokeFunction(endpoint.handler, context, event);
    } finally {
      logs?.restore();
    }
    const lines = (logs as LogCapture).lines;
    // Every decision is logged (health only reports, and logs nothing when healthy).
    if (scenario.endpoint !== 'health') expect(lines.length).toBeGreaterThan(0);
    parseLogLines(lines);

    if (scenario.status !== undefined) {
      expect(response.statusCode).toBe(scenario.status);
      expect(jsonContractProblems(endpoint, response)).toEqual([]);
    } else {
      expect(response.statusCode).toBe(200);
    }
    const secrets = [...secretsOf(context), ...Object.values(scenario.env ?? {}).filter((value) => /secret|token/.test(value))];
    const requestNumbers = numbersIn([event, CALLER, RECIPIENT, LATVIA]);
    // Configured numbers are in the TwiML by design (the forward destinations); never in a log line.
    const configuredNumbers = numbersIn([FORWARD_TO, SMS_FORWARD_TO, CALLER_ID_POOL, OUR_NUMBER, '07400 765434']);
    const bodies = ['Quokkavisibilityprobe'];
    const answer = responseText(response);
    // sms/inbound forwards the (sanitized) message: its text is the point of the answer there.
    const answerBodies = scenario.endpoint === 'sms/inbound' ? [] : bodies;
    expect(leaksIn(answer, { numbers: requestNumbers, bodies: answerBodies, secrets }, 'answer', CONFIGURED_DESTINATIONS)).toEqual([]);
    expect(lines.flatMap((line, index) => leaksIn(line, { numbers: [...requestNumbers, ...configuredNumbers], bodies, secrets }, `log line ${index}`))).toEqual([]);
  });

  it('signs the forward POST with the secret, never sending the secret itself', async () => {
    const context = gateContext(harness, { GATE_SMS_FORWARD_TO: '', GATE_SMS_FORWARD_URL: receiverUrl, GATE_SMS_FORWARD_SECRET: SMS_FORWARD_SECRET, GATE_LOG_LEVEL: 'silent' });
    received.length = 0;
    await invokeFunction(ENDPOINTS['sms/inbound'].handler, context, smsWebhook(CALLER, BODY));
    expect(received).toHaveLength(1);
    const [{ signature, body }] = received;
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(mac).toBe(createHmac('sha256', SMS_FORWARD_SECRET).update(`${timestamp}.${body}`).digest('hex'));
    expect(`${signature}\n${body}`).not.toContain(SMS_FORWARD_SECRET);
  });
});
