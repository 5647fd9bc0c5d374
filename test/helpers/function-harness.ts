import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import type { FunctionContext } from '../../src/core/http';
import { setPolicy } from './invoke-function';
import { createVerifyService, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './local-stack';
import { sharedPerFile } from './shared-per-file';

/** An emulator, a Verify service in it, and a context factory for calling function handlers. */
export interface FunctionHarness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** The current Verify service (recreated by `reset`). */
  verifyServiceSid: string;
  /** Resets the emulator (all state, faults, latency, log) and creates a fresh Verify service. */
  reset(): Promise<void>;
  /**
   * A Functions context in local mode. Each call uses a fresh hash secret unless one is given,
   * so every test starts with its own throttle state and warm-instance caches.
   */
  context(env?: Record<string, string>): FunctionContext;
  close(): Promise<void>;
}

export async function startFunctionHarness(): Promise<FunctionHarness> {
  const emulator = await startEmulator({ quiet: true });
  const control = new EmulatorControl(emulator.url);
  const harness: FunctionHarness = {
    emulator,
    control,
    verifyServiceSid: await createVerifyService(emulator.url),
    reset: async () => {
      await control.reset();
      harness.verifyServiceSid = await createVerifyService(emulator.url);
      await control.resetLog();
    },
    context: (env = {}) => ({
      ACCOUNT_SID: TEST_ACCOUNT_SID,
      AUTH_TOKEN: TEST_AUTH_TOKEN,
      TWILIO_API_BASE_URL: emulator.url,
      GATE_VERIFY_SERVICE_SID: harness.verifyServiceSid,
      GATE_HASH_SECRET: randomBytes(24).toString('hex'),
      GATE_LOG_LEVEL: 'silent',
      GATE_TWILIO_TIMEOUT_MS: '1000',
      DOMAIN_NAME: 'localhost:3000',
      getTwilioClient: () => {
        throw new Error('local mode never uses context.getTwilioClient');
      },
      ...env,
    }),
    close: () => emulator.close(),
  };
  return harness;
}

/**
 * The harness a function test file shares: started once (`beforeAll`), closed after the file,
 * and before each test reset to a fresh emulator and Verify service with `policy` as the policy
 * file (default `{}`, the built-in defaults). Call it at the top level of a test file; the
 * file's own `beforeEach` hooks run after this reset.
 *
 * @example
 * const harness = useFunctionHarness();
 * it('...', async () => invokeFunction(handler, harness.context(), { to: '+447400123456' }));
 */
export function useFunctionHarness(policy: unknown = {}): FunctionHarness {
  const current = sharedPerFile<FunctionHarness>({
    name: 'useFunctionHarness',
    start: startFunctionHarness,
    close: (harness) => harness.close(),
    beforeEachTest: async (harness) => {
      setPolicy(policy);
      await harness.reset();
    },
  });
  return {
    get emulator() {
      return current().emulator;
    },
    get control() {
      return current().control;
    },
    get verifyServiceSid() {
      return current().verifyServiceSid;
    },
    reset: () => current().reset(),
    context: (env) => current().context(env),
    close: () => current().close(),
  };
}
