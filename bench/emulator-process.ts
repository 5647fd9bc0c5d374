import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EmulatorControl } from '../emulator/control/control-client';
import { createSyncStore, createThrottle, parseRuleSets, type ThrottleOptions, type ThrottleRuleSetsInput } from '../src/core/throttle';
import { createTwilioClient } from '../src/core/twilio';

/** The built emulator in its own process, so the code under test and the emulator each get a core. */
export interface EmulatorProcess {
  url: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startEmulatorProcess(root: string, args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [join(root, 'dist', 'emulator', 'cli.js'), '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]);
    });
  });
  return {
    url,
    control: new EmulatorControl(url),
    close: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const BENCH_SECRET = 'benchmark-secret-0123456789abcdef';

/** A throttle talking to the emulator through the real twilio client, as a Function would. */
export function benchThrottle(url: string, rules: ThrottleRuleSetsInput, options: Partial<ThrottleOptions> & { shards?: number; timeoutMs?: number } = {}) {
  const client = createTwilioClient(
    {
      getTwilioClient: () => {
        throw new Error('unused');
      },
      ACCOUNT_SID: `AC${'0'.repeat(31)}1`,
      AUTH_TOKEN: 'x'.repeat(32),
      TWILIO_API_BASE_URL: url,
    },
    { timeoutMs: options.timeoutMs ?? 5000 },
  );
  const store = createSyncStore({ client, shards: options.shards ?? 8 });
  return { store, throttle: createThrottle({ store, secret: BENCH_SECRET, ruleSets: parseRuleSets(rules, {}), ...options }) };
}
