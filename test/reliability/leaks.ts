import { isFictionalNumber } from '../../src/core/log';
import type { InvokedResponse } from '../helpers/invoke-function';

/** What a request carried that must never come back in a response or a log line. */
export interface SentSecrets {
  /** Digit strings (8+ digits) of the phone numbers and long digit runs the request carried. */
  numbers: string[];
  /** Message bodies and template texts the request carried (distinctive canaries). */
  bodies: string[];
  /** The deployment's secrets. */
  secrets: string[];
}

/** Shortest digit run treated as a phone number. */
export const MIN_NUMBER_DIGITS = 8;

// Identifiers that are random by construction and may hold digit runs by chance: SIDs and the
// hashed partition keys of the RateLimit headers. They are generated, never taken from a request.
const RANDOM_IDS = /\b[A-Z]{2}[0-9a-f]{32}\b|pk=:[A-Za-z0-9+/=]*:/g;
const DIGIT_RUN = /\d{8,}/g;

/**
 * The numbers in the strings (values and keys) of a request, as the leak check compares them: every run of 8 or
 * more digits, and the digits of each string that reads as a phone number once its separators
 * are dropped (`+44 7400 123456` -> `447400123456`). Both are cut to their last 8 digits, the
 * subscriber part a masked number never shows, so a leak without the country code is caught too.
 */
export function numbersIn(value: unknown, found: Set<string> = new Set()): string[] {
  if (typeof value === 'string') {
    // Numbers reserved for fiction reach no one; the logs leave them readable (see mask.ts).
    for (const run of value.match(DIGIT_RUN) ?? []) if (!isFictionalNumber(run)) found.add(run.slice(-MIN_NUMBER_DIGITS));
    if (/^[\s+().\-\d]{8,40}$/.test(value)) {
      const digits = value.replace(/\D/g, '');
      if (digits.length >= MIN_NUMBER_DIGITS && !isFictionalNumber(digits)) found.add(digits.slice(-MIN_NUMBER_DIGITS));
    }
  } else if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 10 ** (MIN_NUMBER_DIGITS - 1)) {
    found.add(String(Math.abs(value)).slice(-MIN_NUMBER_DIGITS));
  } else if (Array.isArray(value)) {
    for (const item of value) numbersIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      numbersIn(key, found);
      numbersIn(item, found);
    }
  }
  return [...found];
}

/**
 * The problems found in one text (a response or a log line); empty when it leaks nothing.
 * `configured` lists numbers the text may carry by design (an answer's forward destinations):
 * they are taken out first, so that a sent number that happens to be part of one is no finding.
 */
export function leaksIn(text: string, sent: SentSecrets, where: string, configured: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const secret of sent.secrets) if (secret && text.includes(secret)) problems.push(`${where} contains a secret`);
  for (const body of sent.bodies) if (body && text.includes(body)) problems.push(`${where} contains the message body ${JSON.stringify(body)}`);
  const unconfigured = configured.reduce((rest, number) => rest.split(number).join(' '), text);
  const runs = unconfigured.replace(RANDOM_IDS, '').match(DIGIT_RUN) ?? [];
  for (const number of sent.numbers) {
    if (runs.some((run) => run.includes(number))) problems.push(`${where} contains the number ending ${number}: ${text.slice(0, 300)}`);
  }
  return problems;
}

/** A response as one text: status, headers and body. */
export function responseText(response: InvokedResponse): string {
  const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  return `${response.statusCode}\n${JSON.stringify(response.headers)}\n${body}`;
}

/** The log lines functions write with `console.log`, collected instead of printed. */
export interface LogCapture {
  readonly lines: string[];
  /** Drops what was collected so far. */
  clear(): void;
  restore(): void;
}

/** Collects `console.log` lines (the functions' JSON log records) until `restore()`. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return {
    lines,
    clear: () => void lines.splice(0, lines.length),
    restore: () => spy.mockRestore(),
  };
}

/** Every log line parses as one JSON object with a level and an event (the logger's contract). */
export function parseLogLines(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.map((line) => {
    const record = JSON.parse(line) as unknown;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error(`log line is not a JSON object: ${line.slice(0, 200)}`);
    const { level, event } = record as Record<string, unknown>;
    if (typeof level !== 'string' || typeof event !== 'string') throw new Error(`log line without level or event: ${line.slice(0, 200)}`);
    return record as Record<string, unknown>;
  });
}
