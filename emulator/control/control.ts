import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountSettings } from '../api/account-state';
import { isoDate, rfc2822Date } from '../core/dates';
import { BodyTooLargeError, readBody, sendJson } from '../core/http';
import type { InFlight } from '../core/connections';
import type { FaultKind } from '../core/faults';
import type { LatencySpec } from '../core/latency';
import { MAX_BODY_BYTES } from '../core/limits';
import { parseLookupOverride } from '../lookup/lookup';
import { MAX_EXPIRY_GRACE_MS } from '../sync/sync-store';
import { resolveSyncRateLimitConfig, DEFAULT_SYNC_RATE_LIMITS, type SyncRateLimitConfig } from '../sync/rate-limit';
import { resetEmulatorState, type EmulatorState } from '../core/state';
import { accountConfigControlRoutes } from './control-account-config';
import { accountControlRoutes } from './control-accounts';
import { monitorControlRoutes } from './control-monitor';
import { serverlessControlRoutes } from './control-serverless';
import { usageControlRoutes } from './control-usage';
import { ControlError, onlyKeys, parseJsonBody, validated, type ControlHandler } from './control-kit';

/** URL prefix of the test-only control API. */
export const CONTROL_PREFIX = '/__emulator';

const ACCOUNT_SETTINGS_KEYS: (keyof AccountSettings)[] = [
  'type',
  'phoneNumbers',
  'verifiedNumbers',
  'messagingServices',
  'smsDisabledCountries',
  'voiceDisabledCountries',
  'optOuts',
];

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The control API under `/__emulator/` (JSON in and out, no auth, loopback only): reset, latency,
 * faults, request log, Sync rate limits, verification codes, Lookup overrides, clock, the emulated
 * account (numbers, services, type, Geo Permissions, opt-outs), views of recorded sends, and (in
 * their own files) accounts and credentials, usage and trigger firing, and Monitor / Debugger
 * events. See docs/emulator.md for every endpoint with examples.
 */
export function createControlApi(
  state: EmulatorState,
  inFlight: InFlight,
  apiRouteNames: string[],
): (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => Promise<void> {
  const routes: Record<string, ControlHandler> = {
    'GET /health': () => ({ body: { ok: true } }),

    'GET /routes': () => ({ body: { routes: apiRouteNames } }),

    'POST /reset': () => {
      inFlight.releaseHung();
      resetEmulatorState(state);
      return { body: { ok: true } };
    },

    'POST /latency': ({ body }) => {
      onlyKeys('POST /__emulator/latency', body, ['fixedMs', 'minMs', 'maxMs', 'route']);
      if (body.route !== undefined && typeof body.route !== 'string') throw new ControlError(400, 'POST /__emulator/latency: route must be a string');
      const rule = validated('POST /__emulator/latency', () => state.latency.set(body as unknown as LatencySpec));
      return { body: { rule, rules: state.latency.list() } };
    },
    'GET /latency': () => ({ body: { rules: state.latency.list() } }),
    'DELETE /latency': () => {
      state.latency.clear();
      return { body: { rules: [] } };
    },

    'POST /faults': ({ body }) => {
      onlyKeys('POST /__emulator/faults', body, ['route', 'kind', 'count', 'status', 'code', 'params']);
      if (typeof body.route !== 'string') throw new ControlError(400, 'POST /__emulator/faults: route must be a string such as "POST /sync/v1/Services/:svc/Maps/:map/Items"');
      for (const key of ['count', 'status', 'code'] as const) {
        if (body[key] !== undefined && typeof body[key] !== 'number') throw new ControlError(400, `POST /__emulator/faults: ${key} must be a number`);
      }
      const fault = validated('POST /__emulator/faults', () =>
        state.faults.add({
          route: body.route as string,
          kind: String(body.kind) as FaultKind,
          count: body.count as number | undefined,
          status: body.status as number | undefined,
          code: body.code as number | undefined,
          params: body.params as Record<string, string> | undefined,
        }),
      );
      return { status: 201, body: { fault, faults: state.faults.list() } };
    },
    'GET /faults': () => ({ body: { faults: state.faults.list() } }),
    'DELETE /faults': () => {
      state.faults.clear();
      inFlight.releaseHung();
      return { body: { faults: [] } };
    },

    'GET /log': () => ({ body: state.log.snapshot() }),
    'POST /log/reset': () => {
      state.log.reset();
      return { body: state.log.snapshot() };
    },

    'GET /sync-rate-limits': () => ({ body: { enabled: state.syncRateLimits.enabled, ...state.syncRateLimits.config } }),
    'POST /sync-rate-limits': ({ body }) => {
      onlyKeys('POST /__emulator/sync-rate-limits', body, ['enabled', 'readsPerSecond', 'writesPerSecond', 'burstSeconds']);
      if (typeof body.enabled !== 'boolean') throw new ControlError(400, 'POST /__emulator/sync-rate-limits: enabled must be true or false');
      const { enabled, ...partial } = body;
      const config = validated('POST /__emulator/sync-rate-limits', () =>
        resolveSyncRateLimitConfig(partial as Partial<SyncRateLimitConfig>, { ...DEFAULT_SYNC_RATE_LIMITS }),
      );
      state.syncRateLimits.configure(enabled, config);
      return { body: { enabled, ...config } };
    },

    'POST /sync-rate-limits/drain': () => {
      state.syncRateLimits.drain(state.clock.now());
      return { body: { drained: true, enabled: state.syncRateLimits.enabled } };
    },

    'GET /sync-expiry': () => ({ body: { graceMs: state.sync.lazyExpiryGraceMs } }),
    'POST /sync-expiry': ({ body }) => {
      onlyKeys('POST /__emulator/sync-expiry', body, ['graceMs']);
      const graceMs = body.graceMs;
      if (typeof graceMs !== 'number' || !Number.isInteger(graceMs) || graceMs < 0 || graceMs > MAX_EXPIRY_GRACE_MS) {
        throw new ControlError(400, `POST /__emulator/sync-expiry: graceMs must be a whole number of milliseconds from 0 to ${MAX_EXPIRY_GRACE_MS}`);
      }
      state.sync.setLazyExpiry(graceMs);
      return { body: { graceMs } };
    },

    'GET /verify/codes': ({ query }) => {
      // A literal '+' in a query string decodes to a space; accept `?to=+44...` as typed by hand.
      const to = query.get('to')?.replace(/^ (?=\d)/, '+');
      if (!to) throw new ControlError(400, 'GET /__emulator/verify/codes: give ?to=<E.164 number or email>, URL-encoded (+ as %2B)');
      const verifications = state.verify.findByRecipient(to, state.clock.now());
      const pending = verifications.find((v) => v.status === 'pending');
      return {
        body: {
          to,
          code: pending?.code ?? null,
          verifications: verifications.map((v) => ({
            sid: v.sid,
            serviceSid: v.serviceSid,
            channel: v.channel,
            status: v.status,
            code: v.code,
            sendCount: v.sendAttempts.length,
            checkAttempts: v.checkAttempts,
            dateCreated: isoDate(v.dateCreated),
          })),
        },
      };
    },

    'POST /lookup/overrides': ({ body }) => {
      const override = validated('POST /__emulator/lookup/overrides', () => state.lookupOverrides.set(parseLookupOverride(body)));
      return { body: { override } };
    },

    'GET /clock': () => ({ body: { now: isoDate(state.clock.now()), epochMs: state.clock.now() } }),
    'POST /clock': ({ body }) => {
      onlyKeys('POST /__emulator/clock', body, ['advanceMs']);
      const ms = body.advanceMs;
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 366 * 24 * 3600 * 1000) {
        throw new ControlError(400, 'POST /__emulator/clock: advanceMs must be a whole number of milliseconds from 0 to one year');
      }
      state.clock.advance(ms);
      return { body: { now: isoDate(state.clock.now()), epochMs: state.clock.now() } };
    },

    'GET /account': () => ({ body: { account: state.account.view() } }),
    'POST /account': ({ body }) => {
      onlyKeys('POST /__emulator/account', body, ACCOUNT_SETTINGS_KEYS);
      const account = validated('POST /__emulator/account', () => state.account.configure(body as AccountSettings));
      return { body: { account } };
    },

    ...accountControlRoutes(state),
    ...accountConfigControlRoutes(state),
    ...usageControlRoutes(state),
    ...monitorControlRoutes(state),
    ...serverlessControlRoutes(state),

    'GET /messages': () => ({
      body: {
        messages: state.messages.all().map((m) => ({ ...m, dateCreated: rfc2822Date(m.dateCreated) })),
      },
    }),
    'GET /calls': () => ({
      body: { calls: state.calls.all().map((c) => ({ ...c, dateCreated: rfc2822Date(c.dateCreated) })) },
    }),
  };

  return async (req, res, path, query) => {
    try {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw new ControlError(403, 'the control API answers loopback clients only');
      const method = req.method ?? 'GET';
      const subPath = path.slice(CONTROL_PREFIX.length) || '/';
      const handler = routes[`${method} ${subPath}`];
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new ControlError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`);
        return;
      }
      if (!handler) {
        const known = Object.keys(routes).filter((key) => key.endsWith(` ${subPath}`));
        if (known.length > 0) throw new ControlError(405, `${method} is not allowed on ${path}; use ${known.map((k) => k.split(' ')[0]).join(' or ')}`);
        throw new ControlError(404, `unknown control route ${method} ${path}; see docs/emulator.md`);
      }
      const result = await handler({ method, path: subPath, query, body: parseJsonBody(raw) });
      sendJson(res, result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof ControlError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: `emulator control error: ${(error as Error).message}` });
    }
  };
}
