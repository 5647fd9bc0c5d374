import { startLocalStack, type LocalStack } from '../helpers/local-stack';
import { twimlVerbs } from '../helpers/twiml';

// A TDoS flood against the built bundle over HTTP, with the default rules and the emulator's Sync
// rate limits on (Twilio's 20 reads/s and 20 writes/s per Map, 10 s burst): 500 inbound calls from
// 50 callers in 10 seconds. It reports what was admitted and rejected, by which rule, and how many
// Sync requests each Map took, and checks the figures docs/voice.md quotes. Run it alone with
// `node scripts/build.mjs && npx jest test/integration/voice-flood.test.ts`.

const APP_URL = 'https://example.com/voice/menu';
const FLOOD_MS = 10_000;

/** One scheduled call: who calls, and when (ms after the start). */
interface ScheduledCall {
  group: 'hammer' | 'block' | 'spread';
  from: string;
  at: number;
}

// Five callers redialling as fast as a script can (per-caller limits), 25 spoofed numbers from one
// block of a thousand (the prefix limit), and 20 callers from unrelated ranges (only the overall
// limit can stop those).
const HAMMER = ['+33612345678', '+33623456789', '+33634567890', '+33645678901', '+33656789012'];
const BLOCK = Array.from({ length: 25 }, (_, i) => `+1415555${String(100 + i).padStart(4, '0')}`);
const SPREAD = Array.from({ length: 20 }, (_, i) => `+4474${String(10 + i * 4).padStart(2, '0')}123456`);

function schedule(): ScheduledCall[] {
  const calls: ScheduledCall[] = [];
  HAMMER.forEach((from, c) => {
    for (let k = 0; k < 20; k++) calls.push({ group: 'hammer', from, at: k * 200 + c * 7 });
  });
  BLOCK.forEach((from, c) => {
    for (let k = 0; k < 8; k++) calls.push({ group: 'block', from, at: k * 1250 + c * 40 });
  });
  SPREAD.forEach((from, c) => {
    for (let k = 0; k < 10; k++) calls.push({ group: 'spread', from, at: k * 1000 + c * 45 + 20 });
  });
  return calls.sort((a, b) => a.at - b.at);
}

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ GATE_VOICE_APP_URL: APP_URL, GATE_LOG_LEVEL: 'info' });
  await stack.control.setSyncRateLimits(true);
  await stack.control.resetLog();
});
afterAll(() => stack.close());

interface Answer {
  call: ScheduledCall;
  verb: string;
}

function ring(call: ScheduledCall, index: number): Promise<Answer> {
  const body = new URLSearchParams({
    AccountSid: `AC${'0'.repeat(31)}1`,
    CallSid: `CA${index.toString(16).padStart(32, 'f')}`,
    From: call.from,
    To: '+14155552671',
    CallStatus: 'ringing',
    Direction: 'inbound',
  });
  return stack
    .call('/voice/inbound', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
    .then(async (response) => {
      expect(response.status).toBe(200);
      return { call, verb: twimlVerbs(await response.text())[0].name };
    });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('voice/inbound under a flood', () => {
  it('admits what the default rules allow, rejects the rest by rule, and stays within Sync per-Map limits', async () => {
    const calls = schedule();
    expect(calls).toHaveLength(500);
    expect(new Set(calls.map((call) => call.from)).size).toBe(50);

    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const started = Date.now();
    let answers: Answer[];
    try {
      answers = await Promise.all(calls.map((call, index) => new Promise<Answer>((resolve, reject) => setTimeout(() => ring(call, index).then(resolve, reject), call.at))));
    } finally {
      spy.mockRestore();
    }
    const elapsedMs = Date.now() - started;

    const decisions = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.event === 'voice.inbound');
    expect(decisions).toHaveLength(500);
    const byOutcome = countBy(decisions, (record) => (record.outcome === 'admitted' ? 'admitted' : `rejected by ${String(record.rule)}`));
    const admittedByGroup = countBy(answers.filter((answer) => answer.verb === 'Redirect'), (answer) => answer.call.group);
    const admittedByCaller = countBy(answers.filter((answer) => answer.verb === 'Redirect'), (answer) => answer.call.from);
    const fallbackOf = (record: Record<string, unknown>) =>
      ['throttle', 'overall'].map((field) => record[field] as { path?: string; storeError?: string | null } | null).find((summary) => summary?.path === 'fallback');
    const fallbackDecisions = decisions.filter((record) => fallbackOf(record)).length;
    // Fallbacks for any reason but a timeout of this busy process: a Sync 429 or an error answer.
    // (The summary names the decision's first store error, which may be a sibling rule set's lost
    // race, `conflict`, while the rule set that fell back timed out.)
    const fallbacksNotTimeouts = decisions.filter((record) => {
      const fallback = fallbackOf(record);
      return fallback && !['timeout', 'conflict'].includes(String(fallback.storeError));
    }).length;
    const denyListStoreErrors = decisions.map((record) => (record.denyList as { storeError?: string } | null)?.storeError).filter((error): error is string => Boolean(error));
    // Like the throttle's fallbacks: a deny-list read that timed out is this test's busy machine
    // (a CI run saw 4 of 500), any other failure is the design's.
    const denyListErrors = denyListStoreErrors.filter((error) => error !== 'timeout').length;

    const log = await stack.control.requestLog();
    const sync = log.entries.filter((entry) => entry.path.startsWith('/sync/'));
    const perMap = new Map<string, { reads: number; writes: number }>();
    for (const entry of sync) {
      const map = entry.path.split('/')[6];
      if (!map || !entry.path.includes('/Items')) continue;
      const counts = perMap.get(map) ?? { reads: 0, writes: 0 };
      if (entry.method === 'GET') counts.reads += 1;
      else counts.writes += 1;
      perMap.set(map, counts);
    }
    const busiest = [...perMap.entries()].sort((a, b) => b[1].reads + b[1].writes - (a[1].reads + a[1].writes))[0];
    const rateLimited = sync.filter((entry) => entry.status === 429).length;

    const report = {
      calls: answers.length,
      callers: 50,
      elapsedMs,
      admitted: answers.filter((answer) => answer.verb === 'Redirect').length,
      rejected: answers.filter((answer) => answer.verb === 'Reject').length,
      byOutcome,
      admittedByGroup,
      syncRequests: sync.length,
      syncByRoute: countBy(sync, (entry) => entry.route),
      busiestMap: busiest && { map: busiest[0], ...busiest[1] },
      syncRateLimited: rateLimited,
      throttleFallbacks: fallbackDecisions,
      throttleFallbacksNotTimeouts: fallbacksNotTimeouts,
      denyListReadErrors: denyListStoreErrors.length,
      denyListReadErrorsNotTimeouts: denyListErrors,
    };
    process.stdout.write(`\nvoice flood report\n${JSON.stringify(report, null, 2)}\n`);

    // Every call was answered with TwiML, each either admitted or rejected, and the logs agree.
    expect(report.admitted + report.rejected).toBe(500);
    expect(decisions.filter((record) => record.outcome === 'admitted')).toHaveLength(report.admitted);
    // The default rules hold: 1 a minute per caller, 15 a minute per block, 200 a minute overall,
    // exactly, for every decision taken in Sync. A decision whose Sync request timed out (a busy
    // machine: the whole stack runs in this one process) follows the inbound rules' `local`
    // fallback, which by design knows only this instance's memory and may admit a caller Sync has
    // already seen: each such admission may add one over the shared limits, and no more.
    const fallbackAdmitted = decisions.filter(
      (record) => record.outcome === 'admitted' && ['throttle', 'overall'].some((field) => (record[field] as { path?: string } | null)?.path === 'fallback'),
    ).length;
    if (fallbackDecisions === 0) {
      expect(Math.max(...Object.values(admittedByCaller))).toBe(1);
      expect(admittedByGroup).toEqual({ hammer: 5, block: 15, spread: 20 });
      expect(report.admitted).toBe(40);
    } else {
      expect(report.admitted - fallbackAdmitted).toBeLessThanOrEqual(40);
    }
    // The per-caller and per-block rules stop this flood; its 50 callers stay far below the
    // overall rate, which stays free for callers from elsewhere.
    expect(Object.keys(byOutcome).sort()).toEqual(['admitted', 'rejected by voice-inbound', 'rejected by voice-inbound-prefix']);
    // Within Sync's per-Map budget: no 429, and no decision fell back for any reason but a
    // timeout. Timeouts are this test's machine, not the design: the emulator, the bundle and 500
    // calls share one process, and on a loaded 2-core machine some Sync answers come late (a CI
    // run saw 23 of 500); the assertions on the admitted counts above hold either way.
    expect(rateLimited).toBe(0);
    expect(fallbacksNotTimeouts).toBe(0);
    expect(denyListErrors).toBe(0);
    expect(busiest[1].reads).toBeLessThanOrEqual(200 + 20 * Math.ceil(elapsedMs / 1000));
    expect(busiest[1].writes).toBeLessThanOrEqual(200 + 20 * Math.ceil(elapsedMs / 1000));
    expect(elapsedMs).toBeLessThan(FLOOD_MS + 5_000);
  });
});
