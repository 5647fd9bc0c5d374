/**
 * The fault matrix: every JSON endpoint and webhook (rows) against every injected upstream fault
 * (columns), one test per column.
 *
 * A column starts from a reset emulator, prepares each row (a pending verification, a verified
 * recipient) with its own fresh warm runtime, injects one fault for every request to one upstream
 * (Sync, Verify, Messages or Calls), then sends every row's legitimate request at once and checks
 * each cell: the configured failure policy held (money-costing paths fail closed with the
 * documented status and code and make no paid request; the inbound webhooks answer their
 * documented TwiML, decided by the `local` fallback limits when Sync fails; `health` names the failed
 * dependency), the answer came within 8 s with production timeouts, no decision ended in
 * `request.failed`, and no answer or log line leaks a number or a secret. Jest fails a test on an
 * unhandled rejection; each column waits for abandoned upstream requests to settle.
 */
import type { FaultKind } from '../../emulator/core/faults';
import type { FunctionContext, FunctionHandler, GateErrorCode } from '../../src/core/http';
import { useFunctionHarness } from '../helpers/function-harness';
import { invokeFunction, type InvokedResponse } from '../helpers/invoke-function';
import { REJECT_BUSY, type TwimlNode } from '../helpers/twiml';
import { bearer, CALL_TIME_LIMIT, CONFIGURED_DESTINATIONS, ENDPOINTS, gateContext, POLICY, requestEvent, secretsOf, smsWebhook, SMS_FORWARD_TO, voiceWebhook, type EndpointName } from './gate-setup';
import { captureLogs, leaksIn, numbersIn, parseLogLines, responseText } from './leaks';
import { DIAL_FORWARD_TO, jsonContractProblems, REDIRECT_TO_APP, twimlVerbsOf } from './response-contracts';

/** Twilio Functions stop a function after 10 s; every answer must come well before. */
const ANSWER_WITHIN_MS = 8000;
const ALWAYS = 1_000_000;
const COLUMN_TIMEOUT_MS = 30_000;

const ROUTES = {
  sync: '* /sync/**',
  verify: '* /verify/**',
  messages: 'POST /api/2010-04-01/Accounts/:account/Messages.json',
  calls: 'POST /api/2010-04-01/Accounts/:account/Calls.json',
} as const;

/** The request of each endpoint that spends money (or checks a code): what failing closed must not reach. */
const SPENDING_ROUTE: Partial<Record<EndpointName, string>> = {
  'verify/start': 'POST /verify/v2/Services/:svc/Verifications',
  'verify/check': 'POST /verify/v2/Services/:svc/VerificationCheck',
  'sms/outbound': ROUTES.messages,
  'voice/outbound': ROUTES.calls,
};

/** The columns: one fault on every request to one upstream. */
const FAULTS = {
  'no fault': null,
  'Sync 429': { route: ROUTES.sync, kind: '429' },
  'Sync 500 (HTML body)': { route: ROUTES.sync, kind: '500-html' },
  'Sync hang': { route: ROUTES.sync, kind: 'hang' },
  'Sync connection reset': { route: ROUTES.sync, kind: 'reset' },
  'Sync endless revision conflicts': { route: ROUTES.sync, kind: 'conflict' },
  'Verify 500 (HTML body)': { route: ROUTES.verify, kind: '500-html' },
  'Verify hang': { route: ROUTES.verify, kind: 'hang' },
  'Verify connection reset': { route: ROUTES.verify, kind: 'reset' },
  'Messages 500 (HTML body)': { route: ROUTES.messages, kind: '500-html' },
  'Messages hang': { route: ROUTES.messages, kind: 'hang' },
  'Messages connection reset': { route: ROUTES.messages, kind: 'reset' },
  'Calls 500 (HTML body)': { route: ROUTES.calls, kind: '500-html' },
  'Calls hang': { route: ROUTES.calls, kind: 'hang' },
  'Calls connection reset': { route: ROUTES.calls, kind: 'reset' },
} as const satisfies Record<string, { route: string; kind: FaultKind } | null>;

type FaultName = keyof typeof FAULTS;
const SYNC_FAULTS = ['Sync 429', 'Sync 500 (HTML body)', 'Sync hang', 'Sync connection reset', 'Sync endless revision conflicts'] as const;

/** What a cell must answer. */
type Expected =
  | { kind: 'json'; status: 200; body: Record<string, unknown> }
  | { kind: 'json'; status: number; code: GateErrorCode; spends: boolean }
  | { kind: 'health'; status: 503; problem: string }
  | { kind: 'twiml'; verbs: TwimlNode[]; decidedBy?: 'store' | 'local' };

/** Fail closed: the documented 503, and the paid request is never made. */
const UNAVAILABLE_CLOSED: Expected = { kind: 'json', status: 503, code: 'ERR_GATE_UNAVAILABLE', spends: false };
/** The paid request was made and got no answer: 503, the outcome unknown. */
const UNAVAILABLE_UPSTREAM: Expected = { kind: 'json', status: 503, code: 'ERR_GATE_UNAVAILABLE', spends: true };
/** Twilio answered with an error the gate does not expect: 502. */
const UPSTREAM: Expected = { kind: 'json', status: 502, code: 'ERR_GATE_UPSTREAM', spends: true };

function forEachSyncFault(expected: Expected): Partial<Record<FaultName, Expected>> {
  return Object.fromEntries(SYNC_FAULTS.map((fault) => [fault, expected]));
}

/** Each row has numbers of its own: rows run at once, and one row's verification must not approve another's. */
const NUMBERS = {
  'verify/start': '+447400654321',
  'verify/check': '+447400654322',
  'sms/outbound': '+447400654323',
  'voice/outbound': '+447400654324',
  inbound: '+447400654325',
};
/** CallSids without digit runs (the logger masks those), so each voice/inbound row finds its own decision. */
const CALL_SIDS = { admit: `CA${'ab'.repeat(16)}`, reject: `CA${'cd'.repeat(16)}`, forward: `CA${'ef'.repeat(16)}` };

const FORWARDED_SMS: TwimlNode[] = [{ name: 'Message', attributes: { to: SMS_FORWARD_TO }, text: 'From +4474******25: Your parcel is on its way', children: [] }];

/** The decision record a webhook row's cell is judged by, among every row's log lines. */
type DecisionOf = (records: Array<Record<string, unknown>>) => Record<string, unknown> | undefined;

interface Row {
  name: string;
  endpoint: EndpointName;
  env?: Record<string, string>;
  /** Work before the fault is injected (a pending verification, a verified recipient); returns the request. */
  arrange?: (context: FunctionContext) => Promise<Record<string, unknown>>;
  event?: () => Record<string, unknown>;
  /** The answer without a fault, and for every fault not listed in `under`. */
  healthy: Expected;
  under: Partial<Record<FaultName, Expected>>;
  decision?: DecisionOf;
  /** A fresh handler per cell, for a function that keeps results per instance (health's 10 s cache). */
  freshHandler?: () => FunctionHandler;
}

/** The health function as a new instance loads it: its cached result would otherwise cross cells. */
function freshHealthHandler(): FunctionHandler {
  let handler: FunctionHandler | undefined;
  jest.isolateModules(() => {
    handler = (require('../../src/functions/health') as { handler: FunctionHandler }).handler;
  });
  return handler as FunctionHandler;
}

const harness = useFunctionHarness(POLICY);

async function startVerification(context: FunctionContext, to: string): Promise<string> {
  const started = await invokeFunction(ENDPOINTS['verify/start'].handler, context, requestEvent({ to }));
  if (started.statusCode !== 200) throw new Error(`arrange: verify/start answered ${started.statusCode}`);
  const code = await harness.control.verificationCode(to);
  if (!code) throw new Error('arrange: no pending verification code');
  return code;
}

const byEvent = (event: string, callSid?: string): DecisionOf => (records) => records.find((record) => record.event === event && (callSid === undefined || record.callSid === callSid));

const ROWS: Row[] = [
  {
    name: 'health',
    endpoint: 'health',
    event: () => requestEvent({ checks: 'all' }, bearer()),
    freshHandler: freshHealthHandler,
    healthy: { kind: 'json', status: 200, body: { success: true, status: 'ok', mode: 'local' } },
    under: {
      'Sync 429': { kind: 'health', status: 503, problem: 'rate_limited' },
      'Sync 500 (HTML body)': { kind: 'health', status: 503, problem: 'upstream_error' },
      'Sync hang': { kind: 'health', status: 503, problem: 'timeout' },
      'Sync connection reset': { kind: 'health', status: 503, problem: 'unreachable' },
    },
  },
  {
    name: 'verify/start',
    endpoint: 'verify/start',
    event: () => requestEvent({ to: NUMBERS['verify/start'], channel: 'sms' }),
    healthy: { kind: 'json', status: 200, body: { success: true, status: 'pending', channel: 'sms' } },
    under: { ...forEachSyncFault(UNAVAILABLE_CLOSED), 'Verify 500 (HTML body)': UPSTREAM, 'Verify hang': UNAVAILABLE_UPSTREAM, 'Verify connection reset': UNAVAILABLE_UPSTREAM },
  },
  {
    name: 'verify/check',
    endpoint: 'verify/check',
    arrange: async (context) => requestEvent({ to: NUMBERS['verify/check'], code: await startVerification(context, NUMBERS['verify/check']) }),
    healthy: { kind: 'json', status: 200, body: { success: true, valid: true } },
    under: { ...forEachSyncFault(UNAVAILABLE_CLOSED), 'Verify 500 (HTML body)': UPSTREAM, 'Verify hang': UNAVAILABLE_UPSTREAM, 'Verify connection reset': UNAVAILABLE_UPSTREAM },
  },
  {
    name: 'sms/outbound',
    endpoint: 'sms/outbound',
    arrange: async (context) => {
      const to = NUMBERS['sms/outbound'];
      const checked = await invokeFunction(ENDPOINTS['verify/check'].handler, context, requestEvent({ to, code: await startVerification(context, to) }));
      if ((checked.body as { valid?: boolean }).valid !== true) throw new Error('arrange: the recipient was not verified');
      return requestEvent({ to, template: 'order-shipped' }, bearer());
    },
    healthy: { kind: 'json', status: 200, body: { success: true, sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) } },
    under: { ...forEachSyncFault(UNAVAILABLE_CLOSED), 'Messages 500 (HTML body)': UPSTREAM, 'Messages hang': UNAVAILABLE_UPSTREAM, 'Messages connection reset': UNAVAILABLE_UPSTREAM },
  },
  {
    name: 'voice/outbound',
    endpoint: 'voice/outbound',
    event: () => requestEvent({ to: NUMBERS['voice/outbound'], purpose: 'reminder' }, bearer()),
    healthy: { kind: 'json', status: 200, body: { success: true, callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued', timeLimit: CALL_TIME_LIMIT } },
    under: { ...forEachSyncFault(UNAVAILABLE_CLOSED), 'Calls 500 (HTML body)': UPSTREAM, 'Calls hang': UNAVAILABLE_UPSTREAM, 'Calls connection reset': UNAVAILABLE_UPSTREAM },
  },
  {
    name: 'sms/inbound',
    endpoint: 'sms/inbound',
    event: () => smsWebhook(NUMBERS.inbound, 'Your parcel is on its way'),
    healthy: { kind: 'twiml', verbs: FORWARDED_SMS, decidedBy: 'store' },
    // Lost races are contention, not an outage: refused (dropped), never decided by the local limits.
    under: { ...forEachSyncFault({ kind: 'twiml', verbs: FORWARDED_SMS, decidedBy: 'local' }), 'Sync endless revision conflicts': { kind: 'twiml', verbs: [] } },
    decision: byEvent('sms.inbound'),
  },
  {
    name: 'voice/inbound',
    endpoint: 'voice/inbound',
    event: () => voiceWebhook(NUMBERS.inbound, { CallSid: CALL_SIDS.admit }),
    healthy: { kind: 'twiml', verbs: REDIRECT_TO_APP, decidedBy: 'store' },
    under: { ...forEachSyncFault({ kind: 'twiml', verbs: REDIRECT_TO_APP, decidedBy: 'local' }), 'Sync endless revision conflicts': { kind: 'twiml', verbs: REJECT_BUSY } },
    decision: byEvent('voice.inbound', CALL_SIDS.admit),
  },
  {
    // A Sync failure is not "the gate cannot decide": the local limits decide, whatever GATE_VOICE_INBOUND_ON_ERROR says.
    name: 'voice/inbound (GATE_VOICE_INBOUND_ON_ERROR=reject)',
    endpoint: 'voice/inbound',
    env: { GATE_VOICE_INBOUND_ON_ERROR: 'reject' },
    event: () => voiceWebhook(NUMBERS.inbound, { CallSid: CALL_SIDS.reject }),
    healthy: { kind: 'twiml', verbs: REDIRECT_TO_APP, decidedBy: 'store' },
    under: { ...forEachSyncFault({ kind: 'twiml', verbs: REDIRECT_TO_APP, decidedBy: 'local' }), 'Sync endless revision conflicts': { kind: 'twiml', verbs: REJECT_BUSY } },
    decision: byEvent('voice.inbound', CALL_SIDS.reject),
  },
  {
    name: 'voice/forward',
    endpoint: 'voice/forward',
    event: () => voiceWebhook(NUMBERS.inbound, { CallSid: CALL_SIDS.forward, Digits: '1', ForwardTo: '+37120123456' }),
    healthy: { kind: 'twiml', verbs: DIAL_FORWARD_TO },
    under: {},
  },
];


afterEach(async () => {
  // Releases parked requests: abandoned upstream calls settle now, inside this test.
  await harness.control.clearFaults();
  await new Promise((resolve) => setTimeout(resolve, 50));
});

/** The failed `expect` inside `check` as a problem, so that one row's breach does not hide another's. */
function mismatch(check: () => void): string[] {
  try {
    check();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

interface CellResult {
  row: Row;
  context: FunctionContext;
  event: Record<string, unknown>;
  response: InvokedResponse;
  elapsedMs: number;
}

function cellProblems({ row, response, elapsedMs }: CellResult, expected: Expected, records: Array<Record<string, unknown>>, spent: number): string[] {
  const endpoint = ENDPOINTS[row.endpoint];
  const problems = elapsedMs < ANSWER_WITHIN_MS ? [] : [`answered after ${Math.round(elapsedMs)} ms`];
  switch (expected.kind) {
    case 'json':
      problems.push(...jsonContractProblems(endpoint, response));
      if ('body' in expected) problems.push(...mismatch(() => expect([response.statusCode, response.body]).toEqual([expected.status, expect.objectContaining(expected.body)])));
      else {
        problems.push(...mismatch(() => expect([response.statusCode, response.body]).toEqual([expected.status, { success: false, error: { code: expected.code, message: expect.any(String) } }])));
        if (!expected.spends && spent > 0) problems.push(`failed closed but made ${spent} paid request(s)`);
      }
      return problems;
    case 'health':
      problems.push(...jsonContractProblems(endpoint, response));
      problems.push(...mismatch(() => expect(response.body).toMatchObject({ success: false, status: 'degraded', checks: { twilio: { ok: true }, sync: { ok: false, problem: expected.problem } } })));
      return problems;
    case 'twiml': {
      problems.push(...mismatch(() => expect(twimlVerbsOf(response)).toEqual(expected.verbs)));
      if (expected.decidedBy) {
        // `store`: Sync decided. `local`: the fallback decided and counted the request against the
        // instance's own limit (an `open` fallback would leave nothing counted: no `remaining`).
        const decision = row.decision?.(records);
        const summaries = decision ? ([decision.throttle, decision.overall].filter(Boolean) as Array<{ path?: string; remaining?: unknown }>) : [];
        const decidedBy = summaries.map((summary) => (summary.path === 'fallback' && typeof summary.remaining === 'number' ? 'local' : summary.path));
        if (decidedBy.length === 0 || decidedBy.some((by) => by !== expected.decidedBy)) problems.push(`decided by ${JSON.stringify(decidedBy)}, not ${expected.decidedBy}: ${JSON.stringify(decision)}`);
      }
      return problems;
    }
  }
}

describe('fault matrix', () => {
  it.each(Object.keys(FAULTS) as FaultName[])('under %s, every endpoint keeps its failure policy', async (fault) => {
    // The arrangements' log lines are checked with the cells' (they must not leak either).
    const logs = captureLogs();
    let results: CellResult[];
    try {
      const arranged: Array<{ row: Row; context: FunctionContext; event: Record<string, unknown> }> = [];
      for (const row of ROWS) {
        const context = gateContext(harness, row.env);
        arranged.push({ row, context, event: row.arrange ? await row.arrange(context) : (row.event as () => Record<string, unknown>)() });
      }
      await harness.control.resetLog();
      const spec = FAULTS[fault];
      if (spec) await harness.control.injectFault({ ...spec, count: ALWAYS });
      results = await Promise.all(
        arranged.map(async ({ row, context, event }) => {
          const started = performance.now();
          const response = await invokeFunction(row.freshHandler?.() ?? ENDPOINTS[row.endpoint].handler, context, event, ANSWER_WITHIN_MS);
          return { row, context, event, response, elapsedMs: performance.now() - started };
        }),
      );
    } finally {
      logs.restore();
    }
    const records = parseLogLines(logs.lines);
    const byRoute = (await harness.control.requestLog()).byRoute;

    const problems: Record<string, string[]> = {};
    for (const result of results) {
      const expected = result.row.under[fault] ?? result.row.healthy;
      const route = SPENDING_ROUTE[result.row.endpoint];
      problems[result.row.name] = cellProblems(result, expected, records, route ? (byRoute[route] ?? 0) : 0);
    }
    // Across every row's log lines: no decision ended in an unexpected exception, and nothing leaked.
    const failed = records.filter((record) => record.event === 'request.failed' || record.event === 'response.failed').map((record) => JSON.stringify(record));
    const sent = { numbers: numbersIn(results.map(({ event }) => event)), bodies: [], secrets: results.flatMap(({ context }) => secretsOf(context)) };
    const leaks = [...logs.lines.flatMap((line, index) => leaksIn(line, sent, `log line ${index}`)), ...results.flatMap(({ row, response }) => leaksIn(responseText(response), sent, `${row.name} answer`, CONFIGURED_DESTINATIONS))];
    expect({ cells: problems, failed, leaks }).toEqual({ cells: Object.fromEntries(ROWS.map((row) => [row.name, []])), failed: [], leaks: [] });
  }, COLUMN_TIMEOUT_MS);
});
