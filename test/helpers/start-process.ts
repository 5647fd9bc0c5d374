import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './bundle-server';

/** `npm start` (or `node scripts/start.mjs`) running in a child process, with its output so far. */
export interface StartedProcess {
  child: ChildProcess;
  /** Everything printed on stdout and stderr so far. */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects with the output after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /**
   * Stops the whole process group (npm, the start script, the emulator and the functions'
   * runner): SIGTERM, then SIGKILL after `graceMs` if anything is left. Safe to call twice.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Signals every process of a group; false when the group is already gone. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** A port that was free a moment ago (listen on 0, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when a server can listen on `port` on every interface, as twilio-run does. */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the start script of the repository: `command` is `npm` (as a user runs it; npm forwards
 * signals) or `node` (scripts/start.mjs directly). The state folder is a fresh temporary one, so
 * the repository's .gatekeeper/ is left alone.
 */
export function runStart(command: 'npm' | 'node', args: string[], env: Record<string, string>): StartedProcess {
  const argv = command === 'npm' ? ['start', '--silent', '--', ...args] : [join(PROJECT_ROOT, 'scripts', 'start.mjs'), ...args];
  const child = spawn(command === 'npm' ? 'npm' : process.execPath, argv, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, GATE_STATE_DIR: mkdtempSync(join(tmpdir(), 'gatekeeper-start-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so `stop` reaches the grandchildren too: a SIGKILL of npm alone
    // left the functions' runner orphaned and busy after a failed test.
    detached: true,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    listeners.forEach((listener) => listener());
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    output: () => text,
    exited,
    async stop(graceMs = 10_000) {
      if (!signalGroup(child.pid, 'SIGTERM')) return;
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && signalGroup(child.pid, 0 as unknown as NodeJS.Signals)) await new Promise((resolve) => setTimeout(resolve, 100));
      signalGroup(child.pid, 'SIGKILL');
    },
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} in the output after ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => setTimeout(check, 0));
        check();
      });
    },
  };
}
