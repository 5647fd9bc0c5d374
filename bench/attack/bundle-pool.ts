import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PolicyOverride } from './policy-bundle';
import { ROOT_DIR } from './root';

/** One decision log line a bundle wrote (JSON). */
export type DecisionRecord = Record<string, unknown> & { event?: string; fn?: string };

/** Several bundle processes, each a cold instance with its own warm caches, behind a round-robin. */
export interface BundlePool {
  readonly urls: readonly string[];
  /** The next instance's base URL (round-robin). */
  next(): string;
  close(): Promise<void>;
}

function startOne(env: Record<string, string>, policy: PolicyOverride | undefined, decisions: DecisionRecord[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT_DIR, 'dist', 'bench', 'attack-bundle.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ATTACK_BUNDLE_CONFIG: JSON.stringify({ env, policy }) },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`attack bundle exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const listening = /^attack-bundle listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (listening) {
        child.removeAllListeners('exit');
        // A bundle that dies mid-run turns requests into connection errors: say which and why.
        child.once('exit', (code, signal) => {
          if (code !== 0 || signal !== null) process.stderr.write(`attack bundle ${listening[1]} exited (code ${code}, signal ${signal})\n`);
        });
        resolve({ url: listening[1], child });
        return;
      }
      if (!line.startsWith('{')) return;
      try {
        decisions.push(JSON.parse(line) as DecisionRecord);
      } catch {
        // not a decision record
      }
    });
  });
}

/**
 * Starts `instances` bundle processes with the same settings (and policy override) and collects
 * their decision records into `decisions`. Requests are spread round-robin, so each instance sees
 * every n-th request with its own cold caches, as Twilio spreads load over warm instances.
 */
export async function startBundlePool(instances: number, env: Record<string, string>, policy: PolicyOverride | undefined, decisions: DecisionRecord[]): Promise<BundlePool> {
  const started = await Promise.all(Array.from({ length: instances }, () => startOne(env, policy, decisions)));
  let turn = 0;
  return {
    urls: started.map((one) => one.url),
    next() {
      turn = (turn + 1) % started.length;
      return started[turn].url;
    },
    close: () =>
      Promise.all(
        started.map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.removeAllListeners('exit');
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      ).then(() => undefined),
  };
}
