import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountRoutes } from '../api/accounts';
import { createApiHandler } from './api-handler';
import { EmulatorClock } from './clock';
import { InFlight } from './connections';
import { CONTROL_PREFIX, createControlApi } from '../control/control';
import { TwilioCode, twilioErrorBody } from './errors';
import { sendJson, splitTarget } from './http';
import { lookupRoutes } from '../lookup/lookup';
import { messagingRoutes } from '../api/messaging';
import { monitorAlertRoutes } from '../monitor/monitor-alerts';
import { EmulatorOutput, type OutputSink } from './output';
import { Router } from './router';
import { createEmulatorState, type EmulatorState } from './state';
import { syncRoutes } from '../sync/sync';
import { usageRecordRoutes } from '../api/usage-records';
import { usageTriggerRoutes } from '../api/usage-triggers';
import { syncDocumentRoutes } from '../sync/sync-documents';
import { verifyRoutes } from '../verify/verify';
import { verifyRateLimitRoutes } from '../verify/verify-rate-limits';
import { voiceRoutes } from '../api/voice';
import { pricingRoutes } from '../pricing/pricing';
import { serverlessLogRoutes } from '../serverless/serverless-logs';
import { serverlessRoutes } from '../serverless/serverless';
import { messagingGeoPermissionRoutes } from '../accounts/messaging-geo-permissions';
import { authTokenRoutes } from '../accounts/auth-tokens';
import { apiKeyRoutes } from '../api/keys';
import { incomingNumberRoutes } from '../api/incoming-numbers';
import { sipRoutes } from '../api/sip';
import { trunkRoutes } from '../trunking/trunks';
import { dialingPermissionRoutes } from '../voice/dialing-permissions';

/** The only interface the emulator listens on. */
export const EMULATOR_HOST = '127.0.0.1';

/** Options for `startEmulator`; every field is optional. */
export interface EmulatorOptions {
  /** TCP port; default 0 (an ephemeral port, read it from `RunningEmulator.port`). */
  port?: number;
  /** Only loopback is allowed: anything but `127.0.0.1` throws. */
  host?: '127.0.0.1';
  /** Do not print verification codes, messages and calls; default false. */
  quiet?: boolean;
  /**
   * Start with the Sync per-Map rate limit on; default true, as on Twilio (switchable via the
   * control API; a test that switches it off says why).
   */
  syncRateLimits?: boolean;
  /**
   * Lazy Sync item expiry: an expired item stays readable, and its key taken, for this many
   * milliseconds (0 to 3,600,000); default 0, exact expiry. Switchable via the control API.
   */
  syncExpiryGraceMs?: number;
  /**
   * Start in strict-credentials mode: only known accounts authenticate, with their token (see
   * docs/emulator.md); default false (any non-empty password; switchable via the control API).
   */
  strictCredentials?: boolean;
  /** Time source in epoch milliseconds for dates, TTL expiry and rate limits; default `Date.now`. */
  clock?: () => number;
  /** Where console lines go; default `console.log`. */
  output?: OutputSink;
}

function resolvePort(port: number | undefined): number {
  const value = port ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`emulator: port ${String(port)} is not a whole number from 0 to 65535`);
  }
  return value;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL to pass as `TWILIO_API_BASE_URL`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** Stops listening and destroys every open, parked or delayed connection. */
  close(): Promise<void>;
  /** The in-memory state, for tests. */
  state: EmulatorState;
}

/**
 * Starts the emulator on 127.0.0.1. Resolves once it is listening.
 *
 * @example
 * const emulator = await startEmulator({ quiet: true });
 * const client = createTwilioClient({ getTwilioClient: () => { throw new Error('unused') },
 *   ACCOUNT_SID: 'AC' + '0'.repeat(32), AUTH_TOKEN: 'token', TWILIO_API_BASE_URL: emulator.url });
 * await client.sync.v1.services('default').fetch();
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  if (options.host !== undefined && options.host !== EMULATOR_HOST) {
    throw new Error(`emulator: host '${String(options.host)}' is not allowed; the emulator listens on ${EMULATOR_HOST} only`);
  }
  const port = resolvePort(options.port);
  const clock = new EmulatorClock(options.clock ?? Date.now);
  const state = createEmulatorState(clock, {
    syncRateLimits: options.syncRateLimits ?? true,
    strictCredentials: options.strictCredentials ?? false,
    syncExpiryGraceMs: options.syncExpiryGraceMs ?? 0,
  });
  const output = new EmulatorOutput(options.output ?? ((line) => console.log(line)), options.quiet ?? false);
  const inFlight = new InFlight();
  state.callbacks.onDelivery((d) =>
    output.callback(d.kind, d.params.UsageTriggerSid ?? d.params.Sid ?? '', d.method, d.url, d.status !== null ? String(d.status) : (d.error ?? 'no answer')),
  );
  const router = new Router([
    ...syncRoutes(state.sync, state.syncRateLimits),
    ...syncDocumentRoutes(state.sync, state.syncDocuments, state.syncRateLimits),
    ...verifyRoutes(state.verify, state.verifyRateLimits, output),
    ...verifyRateLimitRoutes(state.verify, state.verifyRateLimits),
    ...lookupRoutes(state.lookupOverrides),
    ...accountRoutes(state.accounts, state.account),
    ...messagingRoutes(state.messages, state.account, output, state.sendPermissions),
    ...voiceRoutes(state.calls, state.account, output, state.sendPermissions),
    ...incomingNumberRoutes(state.incomingNumbers),
    ...apiKeyRoutes(state.apiKeys),
    ...sipRoutes(state.sip),
    ...trunkRoutes(state.trunks, state.sip),
    ...dialingPermissionRoutes(state.dialingPermissions, state.accounts),
    ...messagingGeoPermissionRoutes(state.messagingGeoPermissions),
    ...authTokenRoutes(state.accounts),
    ...usageTriggerRoutes(state.usageTriggers, state.usage),
    ...usageRecordRoutes(state.usageLedger, state.accounts),
    ...monitorAlertRoutes(state.monitorAlerts),
    ...serverlessRoutes(state.serverless),
    ...serverlessLogRoutes(state.serverless, state.logsRateLimit),
    ...pricingRoutes(),
  ]);
  const control = createControlApi(state, inFlight, router.routeNames());

  const handleApi = createApiHandler(router, state, inFlight);
  const server: Server = createServer((req, res) => {
    const { pathname, query } = splitTarget(req.url);
    const isControl = pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
    const work = isControl ? control(req, res, pathname, query) : handleApi(req, res, pathname, query);
    work.catch((error: unknown) => {
      console.error(`[emulator] unexpected failure on ${req.method} ${pathname}:`, error);
      sendJson(res, 500, twilioErrorBody(500, TwilioCode.INTERNAL_ERROR, 'Internal error in the emulator'));
    });
  });
  // Idle kept-alive sockets stay open longer than any client keeps them idle (Node's default
  // closes them after 5 s, and a client that picks one up at that moment gets ECONNRESET).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  server.on('connection', (socket) => inFlight.track(socket));
  // Malformed HTTP (bad request line, oversized headers) must not take the server down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, EMULATOR_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      state.callbacks.close();
      inFlight.shutdown();
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://${EMULATOR_HOST}:${actualPort}`, port: actualPort, close, state };
}
