// The port checks of `npm start`: a clear message naming the setting, before anything starts,
// instead of twilio-run's interactive "use another port?" question (which hangs without a
// terminal) and a banner with the wrong URLs.
import { createServer } from 'node:net';

/** Reads a port setting (`GATE_PORT`): a whole number 1..65535, or 0 where `fallback` is 0. */
export function parsePort(name, value, fallback, fail) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  const lowest = fallback === 0 ? 0 : 1;
  if (!/^\d+$/.test(value) || port < lowest || port > 65535) fail(`${name}=${value} is not a port number (${lowest}-65535).`);
  return port;
}

/** Exits through `fail` when `port` is taken, listening exactly as twilio-run will (all interfaces). */
export function checkPortFree(port, fail) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => {
      if (error.code === 'EADDRINUSE') {
        fail(`port ${port} is already in use (another npm start?). Stop that process, or pick another port: GATE_PORT=${port + 1} npm start`);
      }
      fail(`cannot listen on port ${port}: ${error.code ?? error.message}. Pick another port with GATE_PORT.`);
    });
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** How long twilio-run may take to answer after it was started (slow machines, busy CI). */
const SERVER_READY_TIMEOUT_MS = 120_000;
/** One attempt: the first request loads the function, which takes seconds on a busy machine. */
const ATTEMPT_TIMEOUT_MS = 15_000;

/** Resolves true once the server on `port` answers HTTP, false after two minutes without an answer. */
export async function waitForServer(port) {
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/health?checks=none`, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}
