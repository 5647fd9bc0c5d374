/**
 * `verify/start`'s allow path through the real handler (in this process, as a warm Functions
 * instance) against the emulator in its own process, with every Sync request delayed a fixed
 * 50 ms and Verify answering at once: the median time of an admitted start over 50 ms is the
 * number of sequential Sync round trips it costs. With a warm gate-mode cache (read once, then
 * served for 5 s) the target is 2: the rule sets and adaptive checks read together, then write
 * together. Also reports the gate-mode Document reads per start while warm (target 0).
 */
import { join } from 'node:path';
import { createVerifyService } from '../emulator/local-account';
import { handler } from '../src/functions/verify/start';
import { invokeFunction } from '../test/helpers/invoke-function';
import { startEmulatorProcess } from './emulator-process';
import { median, report, round } from './stats';

const ROOT = join(__dirname, '..', '..');
const ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
const AUTH_TOKEN = 'a'.repeat(32);
const SYNC_RTT_MS = 50;
const STARTS = 5;
const RUNS = 5;
const MODE_DOCUMENT_ROUTE = 'GET /sync/v1/Services/:svc/Documents/:doc';

/** Distinct GB mobile numbers in distinct 8-digit ranges. */
const numberOf = (i: number) => `+4479${String(i).padStart(4, '0')}1234`;

async function main() {
  const emulator = await startEmulatorProcess(ROOT);
  try {
    const verifyServiceSid = await createVerifyService(emulator.url, ACCOUNT_SID, AUTH_TOKEN, 'gatekeeper');
    const context = {
      ACCOUNT_SID,
      AUTH_TOKEN,
      TWILIO_API_BASE_URL: emulator.url,
      GATE_VERIFY_SERVICE_SID: verifyServiceSid,
      GATE_HASH_SECRET: 'bench-verify-start-secret-0123456789abcdef',
      GATE_LOG_LEVEL: 'silent',
      DOMAIN_NAME: 'localhost:3000',
      getTwilioClient: () => {
        throw new Error('local mode never uses context.getTwilioClient');
      },
    };
    let next = 0;
    const start = async () => {
      const response = await invokeFunction(handler, context, { to: numberOf(next++) });
      if (response.statusCode !== 200) throw new Error(`bench: an allowed start answered ${response.statusCode}`);
    };
    // Warm: Maps created, policy compiled, the gate mode read and cached.
    for (let i = 0; i < 10; i += 1) await start();
    await emulator.control.setLatency({ fixedMs: SYNC_RTT_MS, route: '* /sync/**' });
    const ratios: number[] = [];
    let modeReads = 0;
    for (let run = 0; run < RUNS; run += 1) {
      await start(); // re-warm the mode cache (it serves for 5 s), then measure inside its life
      await emulator.control.resetLog();
      const times: number[] = [];
      for (let i = 0; i < STARTS; i += 1) {
        const started = performance.now();
        await start();
        times.push(performance.now() - started);
      }
      modeReads += (await emulator.control.requestLog()).byRoute[MODE_DOCUMENT_ROUTE] ?? 0;
      ratios.push(median(times) / SYNC_RTT_MS);
    }
    const overRtt = median(ratios);
    report(
      [
        `verify/start allow path, warm instance and mode cache, Sync at ${SYNC_RTT_MS} ms per request: median of ${RUNS} runs ${round(overRtt, 2)} x Sync RTT (range ${round(Math.min(...ratios), 2)}-${round(Math.max(...ratios), 2)}), so ${Math.round(overRtt)} round trips (target 2)`,
        `  gate-mode reads during ${RUNS * STARTS} measured starts: ${modeReads} (target 0)`,
      ],
      {
        verifyStart: {
          allowSyncRoundTrips: Math.round(overRtt),
          allowLatencyOverSyncRtt: round(overRtt),
          allowLatencyOverSyncRttRange: [round(Math.min(...ratios)), round(Math.max(...ratios))],
          warmModeReadsPerStart: round(modeReads / (RUNS * STARTS), 3),
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
