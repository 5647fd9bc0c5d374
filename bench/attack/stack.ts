import { randomBytes } from 'node:crypto';
import type { RunningBundle } from '../../test/helpers/bundle-server';
import { createVerifyService, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../../test/helpers/local-stack';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator-process';
import { startBundlePool, type DecisionRecord } from './bundle-pool';
import type { PolicyOverride } from './policy-bundle';
import { ROOT_DIR } from './root';

export const ROOT = ROOT_DIR;
export const API_TOKEN = randomBytes(24).toString('hex');
export type { DecisionRecord } from './bundle-pool';

/** Bundle processes per stack: enough that caches are split as over Twilio's warm instances. */
export const DEFAULT_INSTANCES = 3;

/**
 * The local stack an attack runs against: the emulator in its own process with Sync's per-Map
 * limits on and every bucket drained (load meets the sustained 20/s per Map, not a fresh burst),
 * and several processes each serving the BUILT bundle with default settings and a fresh hash
 * secret (so no state leaks between runs), behind a round-robin. Decision log lines are
 * captured, not printed.
 */
export interface AttackStack {
  emulator: EmulatorProcess;
  bundle: RunningBundle;
  decisions: DecisionRecord[];
  /** Requests that got no HTTP answer (a reset or closed connection): each counts as a failed request, status 0. */
  readonly transportErrors: number;
  call(path: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  webhook(path: string, params: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export interface AttackStackOptions {
  /** Laid over the built policy asset for this stack only (see `PolicyOverride`). Default: the policy as built. */
  policy?: PolicyOverride;
  /** Bundle processes behind the round-robin. Default `DEFAULT_INSTANCES`. */
  instances?: number;
}

export async function startAttackStack(env: Record<string, string> = {}, options: AttackStackOptions = {}): Promise<AttackStack> {
  const emulator = await startEmulatorProcess(ROOT, ['--sync-rate-limits']);
  const decisions: DecisionRecord[] = [];
  const verifyServiceSid = await createVerifyService(emulator.url);
  const bundleEnv = {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_API_BASE_URL: emulator.url,
    GATE_API_TOKEN: API_TOKEN,
    GATE_VERIFY_SERVICE_SID: verifyServiceSid,
    GATE_HASH_SECRET: randomBytes(32).toString('hex'),
    GATE_LOG_LEVEL: 'info',
    ...env,
  };
  const pool = await startBundlePool(options.instances ?? DEFAULT_INSTANCES, bundleEnv, options.policy, decisions);
  let transportErrors = 0;
  /** `fetch`, with a connection that closes before an answer turned into status 0 (counted), not a crash of the run. */
  const send = async (path: string, init: RequestInit): Promise<Response | undefined> => {
    try {
      return await fetch(`${pool.next()}${path}`, init);
    } catch {
      transportErrors += 1;
      return undefined;
    }
  };
  await emulator.control.drainBuckets();
  // One second of refill: every Map starts at its sustained 20 tokens, not at a fresh 200-request burst nor at zero.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    emulator,
    bundle: { url: pool.urls[0], close: () => pool.close() },
    decisions,
    get transportErrors() {
      return transportErrors;
    },
    async call(path, body, headers = {}) {
      const response = await send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      if (!response) return { status: 0, body: { error: { code: 'TRANSPORT_ERROR' } }, headers: new Headers() };
      let parsed: Record<string, unknown> = {};
      try {
        parsed = (await response.json()) as Record<string, unknown>;
      } catch {
        // a non-JSON answer counts by status alone
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async webhook(path, params) {
      const response = await send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
      if (!response) return { status: 0, text: '' };
      return { status: response.status, text: await response.text() };
    },
    async close() {
      await pool.close();
      await emulator.close();
    },
  };
}
