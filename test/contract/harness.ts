import type twilio from 'twilio';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { EmulatorControl } from '../../emulator/control/control-client';
import { createTwilioClient } from '../../src/core/twilio';
import { sharedPerFile } from '../helpers/shared-per-file';

/** Credentials the contract tests authenticate with (shape-valid, not real). */
export const ACCOUNT_SID = `AC${'c0ffee'.repeat(5)}ab`;
export const AUTH_TOKEN = 'contract-test-auth-token';

/** One emulator per test file, on an ephemeral port, with a real twilio client pointed at it. */
export interface ContractHarness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  client: twilio.Twilio;
  /** A client with its own timeout (for hang faults). */
  clientWithTimeout(timeoutMs: number): twilio.Twilio;
}

export async function startHarness(options: Parameters<typeof startEmulator>[0] = {}): Promise<ContractHarness> {
  const emulator = await startEmulator({ quiet: true, ...options });
  const clientWithTimeout = (timeoutMs: number) =>
    createTwilioClient(
      {
        getTwilioClient: () => {
          throw new Error('unused: the contract tests always point the client at the emulator');
        },
        ACCOUNT_SID,
        AUTH_TOKEN,
        TWILIO_API_BASE_URL: emulator.url,
      },
      { timeoutMs },
    );
  return { emulator, control: new EmulatorControl(emulator.url), client: clientWithTimeout(5000), clientWithTimeout };
}

/**
 * The harness a contract test file shares: started once (`beforeAll`), closed after the file,
 * and reset before each test (data, faults, latency, log, clock advance). Call it at the top
 * level of a test file; the file's own `beforeEach` hooks run after this reset.
 *
 * @example
 * const h = useContractHarness();
 * it('...', async () => expect(await h.client.api.v2010.accounts(ACCOUNT_SID).fetch()).toBeDefined());
 */
export function useContractHarness(options: Parameters<typeof startEmulator>[0] = {}): ContractHarness {
  const current = sharedPerFile<ContractHarness>({
    name: 'useContractHarness',
    start: () => startHarness(options),
    close: (harness) => harness.emulator.close(),
    beforeEachTest: (harness) => harness.control.reset(),
  });
  return {
    get emulator() {
      return current().emulator;
    },
    get control() {
      return current().control;
    },
    get client() {
      return current().client;
    },
    clientWithTimeout: (timeoutMs) => current().clientWithTimeout(timeoutMs),
  };
}

/** A real twilio client for another account (e.g. a subaccount with its generated token). */
export function accountClient(emulatorUrl: string, accountSid: string, authToken: string): twilio.Twilio {
  return createTwilioClient({
    getTwilioClient: () => {
      throw new Error('unused: the contract tests always point the client at the emulator');
    },
    ACCOUNT_SID: accountSid,
    AUTH_TOKEN: authToken,
    TWILIO_API_BASE_URL: emulatorUrl,
  });
}

/**
 * The raw JSON body of the last response the client received, as the twilio library's
 * RequestClient recorded it (axios-parsed JSON). Tests run calls sequentially, so "last" is the
 * call just awaited.
 */
export function lastBody(client: twilio.Twilio): unknown {
  const response = client.httpClient.lastResponse;
  if (!response) throw new Error('the client has no last response');
  return response.body;
}

/** The status of the last response the client received. */
export function lastStatus(client: twilio.Twilio): number {
  const response = client.httpClient.lastResponse;
  if (!response) throw new Error('the client has no last response');
  return response.statusCode;
}

/** Basic auth header for the contract credentials (or others). */
export function basicAuth(username = ACCOUNT_SID, password = AUTH_TOKEN): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A raw HTTP exchange with the emulator, for wire-level assertions. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * Sends a raw request: `form` is form-encoded (repeated keys allowed), `body` is sent as is.
 * Auth defaults to the contract credentials; pass `auth: null` for none.
 */
export async function raw(
  baseUrl: string,
  method: string,
  path: string,
  init: { form?: [string, string][]; body?: string | Buffer; contentType?: string; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth === undefined ? basicAuth() : init.auth;
  if (auth !== null) headers.Authorization = auth;
  let body: string | Buffer | undefined = init.body;
  if (init.form) {
    body = new URLSearchParams(init.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (init.contentType) headers['Content-Type'] = init.contentType;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}

/** Polls `condition` every 20 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
