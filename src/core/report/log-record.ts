/**
 * One function log line, read back: the gate writes every decision as one JSON object per line
 * (`{ ts, level, event, fn, ... }`, numbers masked). Anything else a function printed (a library's
 * warning, a truncated line) is not a record and is only counted.
 */

/** A log line as the Logs API serves it: when Twilio stored it and the text the function wrote. */
export interface LogLine {
  /** Epoch ms of the Log resource's `date_created`. */
  at: number;
  message: string;
}

/** Why a line is not a record. */
export type SkipReason = 'not_json' | 'no_event';

/** A parsed record: its fields and the time it speaks for (its own `ts`, else the log's date). */
export interface LogRecord {
  at: number;
  event: string;
  fields: Record<string, unknown>;
}

/**
 * Parses one line into a record, or says why it is none.
 *
 * @example
 * readLogRecord({ at: 0, message: '{"ts":"2026-12-04T10:00:00.000Z","event":"verify.start"}' }) // { at: 1796378400000, event: 'verify.start', ... }
 */
export function readLogRecord(line: LogLine): LogRecord | SkipReason {
  const text = line.message.trim();
  if (!text.startsWith('{')) return 'not_json';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not_json';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not_json';
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.event !== 'string' || fields.event === '') return 'no_event';
  const ts = typeof fields.ts === 'string' ? Date.parse(fields.ts) : Number.NaN;
  return { at: Number.isFinite(ts) ? ts : line.at, event: fields.event, fields };
}
