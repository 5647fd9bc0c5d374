import { isoDate } from '../core/dates';
import { TwilioApiError, TwilioCode, invalidParameter, notFound } from '../core/errors';
import { isSid } from '../core/ids';
import { parsePageRequest, v1Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import { SERVERLESS_BASE, environmentOf, serviceOf } from './serverless';
import type { ServerlessLog, ServerlessStore } from './serverless-store';

/** Twilio documents 5 requests per second for the Logs endpoint. */
export const LOGS_REQUESTS_PER_SECOND = 5;
/** One Logs query returns at most 10,000 results: a longer range must be split into windows. */
export const MAX_LOG_RESULTS_PER_QUERY = 10_000;

/**
 * The Logs endpoint's rate limit, per account: at most 5 requests in any second (a sliding
 * window over the emulator clock); the sixth gets 429 / 20429 with `Retry-After: 1`.
 */
export class LogsRateLimiter {
  private readonly recent = new Map<string, number[]>();

  take(accountSid: string, now: number): boolean {
    const times = (this.recent.get(accountSid) ?? []).filter((at) => at > now - 1000);
    if (times.length >= LOGS_REQUESTS_PER_SECOND) {
      this.recent.set(accountSid, times);
      return false;
    }
    times.push(now);
    this.recent.set(accountSid, times);
    return true;
  }

  reset(): void {
    this.recent.clear();
  }
}

/** `serverless.v1.service.environment.log`. */
function serializeLog(log: ServerlessLog): Record<string, unknown> {
  return {
    sid: log.sid,
    account_sid: log.accountSid,
    service_sid: log.serviceSid,
    environment_sid: log.environmentSid,
    build_sid: null,
    deployment_sid: null,
    function_sid: log.functionSid,
    request_sid: log.requestSid,
    level: log.level,
    message: log.message,
    date_created: isoDate(log.dateCreated),
    url: `${SERVERLESS_BASE}/Services/${log.serviceSid}/Environments/${log.environmentSid}/Logs/${log.sid}`,
  };
}

function parseDate(name: string, value: string | null): number | null {
  if (value === null || value === '') return null;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw invalidParameter(`${name} must be an ISO 8601 date-time, such as 2026-12-04T10:00:00Z`);
  return at;
}

function rateLimited(limiter: LogsRateLimiter, ctx: RouteContext): void {
  if (!limiter.take(ctx.principal.accountSid, ctx.now)) {
    throw new TwilioApiError(429, TwilioCode.TOO_MANY_REQUESTS, `Too Many Requests: the Logs API allows ${LOGS_REQUESTS_PER_SECOND} requests per second`, { 'Retry-After': '1' });
  }
}

function listLogs(store: ServerlessStore, limiter: LogsRateLimiter, ctx: RouteContext) {
  rateLimited(limiter, ctx);
  const service = serviceOf(store, ctx);
  const environment = environmentOf(service, ctx);
  const functionSid = ctx.query.get('FunctionSid');
  if (functionSid !== null && !isSid(functionSid, 'ZH')) throw invalidParameter('FunctionSid must be "ZH" + 32 hex digits');
  const from = parseDate('StartDate', ctx.query.get('StartDate'));
  const to = parseDate('EndDate', ctx.query.get('EndDate'));
  const matching = store
    .logsOf(environment, ctx.now)
    .filter((log) => (functionSid === null || log.functionSid === functionSid) && (from === null || log.dateCreated >= from) && (to === null || log.dateCreated <= to))
    .slice(0, MAX_LOG_RESULTS_PER_QUERY)
    .map(serializeLog);
  const filters: [string, string][] = [];
  for (const name of ['FunctionSid', 'StartDate', 'EndDate']) {
    const value = ctx.query.get(name);
    if (value !== null) filters.push([name, value]);
  }
  const url = `${SERVERLESS_BASE}/Services/${service.sid}/Environments/${environment.sid}/Logs`;
  return { status: 200, body: v1Page(matching, 'logs', url, filters, parsePageRequest(ctx.query)) };
}

/**
 * Serverless v1 Logs of an Environment: list newest first with `FunctionSid`, `StartDate` and
 * `EndDate` filters and `meta` paging, and fetch by SID. The documented limits hold: 5 requests
 * per second (429), at most 10,000 results per query (the newest), 30 days of retention and the
 * last 3 KB of each invocation (kept by the store).
 */
export function serverlessLogRoutes(store: ServerlessStore, limiter: LogsRateLimiter): RouteDefinition[] {
  const prefix = '/serverless/v1/Services/:svc/Environments/:env/Logs';
  return [
    { method: 'GET', pattern: prefix, product: 'serverless', handler: (ctx) => listLogs(store, limiter, ctx) },
    {
      method: 'GET',
      pattern: `${prefix}/:sid`,
      product: 'serverless',
      handler: (ctx) => {
        rateLimited(limiter, ctx);
        const environment = environmentOf(serviceOf(store, ctx), ctx);
        const log = store.logsOf(environment, ctx.now).find((l) => l.sid === ctx.params.sid);
        if (!log) throw notFound(ctx.twilioPath);
        return { status: 200, body: serializeLog(log) };
      },
    },
  ];
}
