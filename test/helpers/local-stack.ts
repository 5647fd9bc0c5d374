import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import { createVerifyService as createEmulatorVerifyService } from '../../emulator/local-account';
import { startBundle, type RunningBundle } from './bundle-server';

export const TEST_ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
export const TEST_AUTH_TOKEN = 'a'.repeat(32);
export const TEST_API_TOKEN = 'test-api-token-0123456789abcdef0123456789';

export interface LocalStack {
  bundle: RunningBundle;
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** fetch() against the bundle: `stack.call('/health')`. */
  call(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The local environment `npm start` generates, for tests: dummy credentials, emulator base URL. */
export function localEnv(emulatorUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: TEST_ACCOUNT_SID,
    AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_API_BASE_URL: emulatorUrl,
    GATE_API_TOKEN: TEST_API_TOKEN,
    GATE_LOG_LEVEL: 'silent',
    GATE_HASH_SECRET: randomBytes(32).toString('hex'),
    ...overrides,
  };
}

/** Creates a Verify service in the emulator (as `npm start` does) and returns its SID. */
export function createVerifyService(emulatorUrl: string): Promise<string> {
  return createEmulatorVerifyService(emulatorUrl, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, 'gatekeeper');
}

export interface LocalStackOptions {
  /**
   * Runs against the started emulator before the bundle starts (to create what the gate must
   * find at start, such as subaccounts) and returns more environment for the bundle.
   */
  beforeBundle?: (emulatorUrl: string) => Promise<Record<string, string>>;
}

/** Starts the emulator and the built bundle pointed at it, both on loopback and ephemeral ports. */
export async function startLocalStack(overrides: Record<string, string> = {}, options: LocalStackOptions = {}): Promise<LocalStack> {
  const emulator = await startEmulator({ quiet: true });
  try {
    const verifyServiceSid = await createVerifyService(emulator.url);
    const prepared = options.beforeBundle ? await options.beforeBundle(emulator.url) : {};
    const bundle = await startBundle(localEnv(emulator.url, { GATE_VERIFY_SERVICE_SID: verifyServiceSid, ...overrides, ...prepared }));
    return {
      bundle,
      emulator,
      control: new EmulatorControl(emulator.url),
      call: (path, init) => fetch(`${bundle.url}${path}`, init),
      close: async () => {
        await bundle.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
