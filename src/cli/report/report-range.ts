import { parseDuration } from '../../core/throttle/duration';

/** Twilio keeps function logs 30 days: an older start finds nothing, so it is moved up to that. */
export const LOG_RETENTION_MS = 30 * 24 * 3600 * 1000;
export const DEFAULT_SINCE = '24h';

export type ReportRange = { ok: true; since: number; until: number; note?: string } | { ok: false; problem: string };

function parseInstant(name: string, value: string, now: number): number | string {
  const ago = parseDuration(value);
  if (ago !== undefined) return now - ago;
  if (/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/.test(value)) {
    const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (Number.isFinite(at)) return at;
  }
  return `${name} '${value.slice(0, 40)}' is neither a duration ago (30m, 24h, 7d) nor a date or date-time with offset (2026-12-04, 2026-12-04T08:00:00Z)`;
}

/**
 * The time range of a report from `--since` (default 24h ago) and `--until` (default now), each a
 * duration ago or a date-time. A start older than Twilio's 30-day log retention is moved up, with
 * a note saying so.
 *
 * @example
 * reportRange('7d', undefined, Date.now()) // { ok: true, since: now - 7 days, until: now }
 */
export function reportRange(sinceText: string | undefined, untilText: string | undefined, now: number): ReportRange {
  const since = parseInstant('--since', sinceText ?? DEFAULT_SINCE, now);
  if (typeof since === 'string') return { ok: false, problem: since };
  const until = untilText === undefined ? now : parseInstant('--until', untilText, now);
  if (typeof until === 'string') return { ok: false, problem: until };
  if (until <= since) return { ok: false, problem: '--until must be later than --since' };
  const oldest = now - LOG_RETENTION_MS;
  if (since < oldest) {
    if (until <= oldest) return { ok: false, problem: 'the whole range is older than 30 days, and Twilio keeps function logs 30 days' };
    return { ok: true, since: oldest, until, note: 'Twilio keeps function logs 30 days: the report starts 30 days ago' };
  }
  return { ok: true, since, until };
}
