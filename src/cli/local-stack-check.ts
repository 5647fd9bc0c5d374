import { connect } from 'node:net';
import { join } from 'node:path';
import { LOCAL_ENV_FILE, readEnvFile } from './env-file';

/** How long the emulator gets to accept a connection before the stack counts as stopped. */
const CONNECT_TIMEOUT_MS = 1500;

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why a `--local` command cannot reach the `npm start` stack, or `undefined` when it can (or when
 * there is no local environment, which the command itself reports). Without this the first API
 * call fails with a bare ECONNREFUSED that does not say what to do.
 *
 * @example
 * const problem = await localStackProblem(process.cwd());
 * if (problem) io.stderr.write(`gatekeeper deny: ${problem}\n`);
 */
export async function localStackProblem(cwd: string): Promise<string | undefined> {
  const baseUrl = readEnvFile(join(cwd, LOCAL_ENV_FILE)).TWILIO_API_BASE_URL;
  if (!baseUrl) return undefined;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (await accepts(url.hostname.replace(/^\[|\]$/g, ''), port)) return undefined;
  return `the local stack is not running: nothing answers at ${url.origin}; start it with npm start (and keep it running), then try again`;
}
