/**
 * Throttle engine on the emulator (its own process), through the real twilio client:
 * - round trips per decision, counted from the emulator's request log (targets: allow 2, deny 1,
 *   cached deny 0);
 * - one verify/start decision with four rule sets at a fixed 50 ms emulator latency, over 50 ms
 *   (target <= 2.5: the rule sets run concurrently, so about two round trips, not eight), the
 *   median of 5 runs of 15 decisions, with the range;
 * - exactness under contention, under the shipped budgets (1 s per store request, 3 s per
 *   decision): 5 runs of 50 concurrent decisions spread over 5 throttle instances (5 warm
 *   Functions), two rule sets (number, limit 5; global, limit 100) and a veto refusing one request
 *   in five, latency random 20-120 ms: every run admits at most 5, and every admitted request's
 *   event is stored (admitted <= limit, admitted <= stored).
 */
import { join } from 'node:path';
import { decodeWindowLog, DEFAULT_VERIFY_START_RULES, subjectKey, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { BENCH_SECRET, benchThrottle, startEmulatorProcess } from './emulator-process';
import { median, report, round } from './stats';

const ROOT = join(__dirname, '..', '..');
const ONE_RULE: ThrottleRuleSetsInput = { bench: { action: 'bench', subject: 'number', windows: [{ limit: 3, per: '10m' }], onStoreError: 'closed' } };

async function main() {
  const emulator = await startEmulatorProcess(ROOT);
  try {
    const { throttle } = benchThrottle(emulator.url, ONE_RULE);
    // Create every Map first: a brand-new Map costs one extra request, once per deployment.
    for (let i = 0; i < 40; i += 1) await throttle.evaluate('bench', { number: `+4470000000${String(i).padStart(2, '0')}` });

    const count = async (run: () => Promise<unknown>) => {
      await emulator.control.resetLog();
      await run();
      return (await emulator.control.requestLog()).total;
    };
    const subject = { number: '+447400123456' };
    const allowNew = await count(() => throttle.evaluate('bench', subject));
    const allowExisting = await count(() => throttle.evaluate('bench', subject));
    await throttle.evaluate('bench', subject);
    const deny = await count(() => throttle.evaluate('bench', subject));
    const cachedDeny = await count(() => throttle.evaluate('bench', subject));

    // Four rule sets (number, prefix, country, global) of verify/start, 50 ms per request.
    const four = benchThrottle(emulator.url, { ...DEFAULT_VERIFY_START_RULES });
    // Distinct ranges, so the per-range rule set (prefix:8) stays within its limit.
    for (let i = 0; i < 10; i += 1) await four.throttle.evaluate('verify-start', { number: `+44${10 + i}00123456`, country: 'GB' });
    await emulator.control.setLatency({ fixedMs: 50 });
    const runMedians: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const latencies: number[] = [];
      for (let i = 0; i < 15; i += 1) {
        const started = performance.now();
        const decision = await four.throttle.evaluate('verify-start', { number: `+44${30 + run * 15 + i}00123456`, country: 'GB' });
        latencies.push(performance.now() - started);
        if (!decision.allowed) throw new Error(`unexpected denial: ${decision.reason}`);
      }
      runMedians.push(median(latencies) / 50);
    }
    await emulator.control.clearLatency();

    // Contention under the shipped budgets: 5 runs of 50 concurrent decisions over 5 instances.
    await emulator.control.setLatency({ minMs: 20, maxMs: 120 });
    const admitted: number[] = [];
    const stored: number[] = [];
    const contendedRules: ThrottleRuleSetsInput = {
      contended: { action: 'contended', subject: 'number', windows: [{ limit: 5, per: '1h' }], onStoreError: 'closed' },
      'contended-global': { action: 'contended', subject: 'global', windows: [{ limit: 100, per: '1h' }], onStoreError: 'closed' },
    };
    for (let run = 0; run < 5; run += 1) {
      const instances = Array.from({ length: 5 }, () => benchThrottle(emulator.url, contendedRules).throttle);
      const number = `+4479000001${String(run).padStart(2, '0')}`;
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => instances[i % 5].evaluate('contended', { number }, { veto: () => i % 5 === 4 })),
      );
      admitted.push(decisions.filter((decision) => decision.allowed).length);
      const item = await benchThrottle(emulator.url, contendedRules).store.get(subjectKey('contended', number, BENCH_SECRET));
      stored.push(item ? (decodeWindowLog(item.data)?.length ?? 0) : 0);
    }
    await emulator.control.clearLatency();

    const overRtt = median(runMedians);
    report(
      [
        'throttle: round trips per decision (emulator request log)',
        `  allow (new subject)        ${allowNew}   allow (existing subject) ${allowExisting}   (target 2)`,
        `  deny                       ${deny}   (target 1)`,
        `  deny, known blocked        ${cachedDeny}   (target 0)`,
        `throttle: verify-start with 4 rule sets at 50 ms per request: median of 5 runs ${round(overRtt, 2)} x RTT (range ${round(Math.min(...runMedians), 2)}-${round(Math.max(...runMedians), 2)}; target <= 2.5)`,
        `throttle: 50 concurrent over 5 instances, limit 5 + global 100 + veto, 1 s store timeout, 3 s deadline, 5 runs: admitted ${admitted.join(', ')}; stored ${stored.join(', ')}`,
      ],
      {
        throttle: {
          allowRoundTrips: Math.max(allowNew, allowExisting),
          denyRoundTrips: deny,
          cachedDenyRoundTrips: cachedDeny,
          fourRulesLatencyOverRtt: round(overRtt),
          fourRulesLatencyOverRttRange: [round(Math.min(...runMedians)), round(Math.max(...runMedians))],
          exactUnderContention: admitted.every((n, run) => n <= 5 && n <= stored[run]),
          admittedUnderContention: admitted,
        },
      },
    );
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
