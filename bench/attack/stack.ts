import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startBundle, type RunningBundle } from '../../test/helpers/bundle-server';
import { createVerifyService, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../../test/helpers/local-stack';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator-process';
import { startBundleWithPolicy, type PolicyOverride } from './policy-bundle';

export const ROOT = join(__dirname, '..', '..');
export const API_TOKEN = randomBytes(24).toString('hex');

/** One decision log line the bundle wrote (JSON), as the runner captured it. */
export type DecisionRecord = Record<string, unknown> & { event?: string; fn?: string };

/**
 * The local stack an attack runs against: the emulator in its own process and the BUILT bundle
 * served by Twilio's local runtime in this process, with default settings and a fresh hash
 * secret (so no state leaks between scenarios). Decision log lines are captured, not printed.
 */
export interface AttackStack {
  emulator: EmulatorProcess;
  bundle: RunningBundle;
  decisions: DecisionRecord[];
  call(path: string, body: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  webhook(path: string, params: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export interface AttackStackOptions {
  /** Laid over the built policy asset for this stack only (see `PolicyOverride`). Default: the policy as built. */
  policy?: PolicyOverride;
}

export async function startAttackStack(env: Record<string, string> = {}, options: AttackStackOptions = {}): Promise<AttackStack> {
  const emulator = await startEmulatorProcess(ROOT, ['--sync-rate-limits']);
  const decisions: DecisionRecord[] = [];
  const originalLog = console.log;
  // The bundle runs in this process; its one-line JSON decision records are collected here.
  console.log = (...args: unknown[]) => {
    const [line] = args;
    if (typeof line === 'string' && line.startsWith('{')) {
      try {
        decisions.push(JSON.parse(line) as DecisionRecord);
        return;
      } catch {
        // not a decision record
      }
    }
    originalLog(...args);
  };
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
  const bundle = options.policy ? await startBundleWithPolicy(ROOT, bundleEnv, options.policy) : await startBundle(bundleEnv);
  return {
    emulator,
    bundle,
    decisions,
    async call(path, body, headers = {}) {
      const response = await fetch(`${bundle.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      let parsed: Record<string, unknown> = {};
      try {
        parsed = (await response.json()) as Record<string, unknown>;
      } catch {
        // a non-JSON answer counts by status alone
      }
      return { status: response.status, body: parsed };
    },
    async webhook(path, params) {
      const response = await fetch(`${bundle.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, text: await response.text() };
    },
    async close() {
      await bundle.close();
      await emulator.close();
      console.log = originalLog;
    },
  };
}
