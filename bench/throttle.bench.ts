/**
 * Throttle engine on the emulator (its own process), through the real twilio client:
 * - round trips per decision, counted from the emulator's request log (targets: allow 2, deny 1,
 *   cached deny 0);
 * - one verify/start decision with four rule sets at a fixed 50 ms emulator latency, over 50 ms
 *   (target <= 2.5: the rule sets run concurrently, so about two round trips, not eight);
 * - exactness under contention: 50 concurrent decisions on one subject, limit 5, latency random
 *   20-120 ms, 20 runs: exactly 5 admitted every time.
 */
import { join } from 'node:path';
import { DEFAULT_VERIFY_START_RULES, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { benchThrottle, startEmulatorProcess } from './emulator-process';
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
    const latencies: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      const decision = await four.throttle.evaluate('verify-start', { number: `+44${30 + i}00123456`, country: 'GB' });
      latencies.push(performance.now() - started);
      if (!decision.allowed) throw new Error(`unexpected denial: ${decision.reason}`);
    }
    await emulator.control.clearLatency();

    // Contention: 20 runs of 50 concurrent decisions on one subject, limit 5.
    await emulator.control.setLatency({ minMs: 20, maxMs: 120 });
    const admitted: number[] = [];
    const limitFive: ThrottleRuleSetsInput = { contended: { action: 'contended', subject: 'number', windows: [{ limit: 5, per: '1h' }], onStoreError: 'closed' } };
    for (let run = 0; run < 20; run += 1) {
      const { throttle: contended } = benchThrottle(emulator.url, limitFive, { storeTimeoutMs: 3000, deadlineMs: 3800 });
      const decisions = await Promise.all(Array.from({ length: 50 }, () => contended.evaluate('contended', { number: `+4479000000${String(run).padStart(2, '0')}` })));
      admitted.push(decisions.filter((decision) => decision.allowed).length);
    }
    await emulator.control.clearLatency();

    const overRtt = median(latencies) / 50;
    report(
      [
        'throttle: round trips per decision (emulator request log)',
        `  allow (new subject)        ${allowNew}   allow (existing subject) ${allowExisting}   (target 2)`,
        `  deny                       ${deny}   (target 1)`,
        `  deny, known blocked        ${cachedDeny}   (target 0)`,
        `throttle: verify-start with 4 rule sets at 50 ms per request: median ${round(median(latencies), 1)} ms = ${round(overRtt, 2)} x RTT (target <= 2.5)`,
        `throttle: 50 concurrent on one subject, limit 5, latency 20-120 ms, 20 runs: admitted ${[...new Set(admitted)].join(', ')}`,
      ],
      {
        throttle: {
          allowRoundTrips: Math.max(allowNew, allowExisting),
          denyRoundTrips: deny,
          cachedDenyRoundTrips: cachedDeny,
          fourRulesLatencyOverRtt: round(overRtt),
          exactUnderContention: admitted.every((n) => n === 5),
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
