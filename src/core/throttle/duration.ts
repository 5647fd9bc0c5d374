const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds per duration unit, as written in rule files: `30s`, `10m`, `1h`, `1d`. */
export const DURATION_UNITS: Readonly<Record<'s' | 'm' | 'h' | 'd', number>> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY };

/**
 * The longest window a rule may use. Sync item TTLs go up to a year, but a longer window means a
 * fuller exact log (see EXACT_LOG_MAX_LIMIT) and a rule nobody can reason about; a month is plenty.
 */
export const MAX_WINDOW_MS = 31 * DAY;

const DURATION = /^(\d{1,9})([smhd])$/;

/**
 * Parses a duration written as a whole number and one unit (`s`, `m`, `h`, `d`) into
 * milliseconds. Returns `undefined` for anything else (`10x`, `1.5h`, `10 m`, `600`), so callers
 * can word their own error. Zero parses (`0s` is 0); range checks are the caller's.
 *
 * @example
 * parseDuration('10m') // 600000
 * parseDuration('10x') // undefined
 */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS];
}

/**
 * Writes milliseconds in the largest unit that divides them exactly: 600000 -> `10m`,
 * 90000 -> `90s`. Durations that are not whole seconds are written in milliseconds (`1500ms`);
 * rules never produce them, but retry times can.
 */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
