/**
 * `gatekeeper sanitize [--country CC] [--extra-countries CC,CC] [--explain] [--jsonl]`: removes
 * links and phone numbers from SMS text on standard input.
 *
 * - Plain: reads all of standard input as one message and prints the sanitized text (a message
 *   is at most 1600 characters; the rest of a longer input is read and dropped). With
 *   `--explain`, then one line per removal: what, where, and the detector that found it.
 * - `--jsonl`: reads one JSON object per line, `{"text": "...", "country": "US"}`, and writes one
 *   line per input line, in order, as it goes: `{"text": "<sanitized>", "removed": [...]}`, or
 *   `{"error": "..."}` for a line that is not such an object (processing continues).
 *
 * Exit codes: 0 when it ran, 2 on bad usage (unknown flag, bad country code).
 */
import { StringDecoder } from 'node:string_decoder';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { createSmsSanitizer, SMS_MAX_LENGTH, type RemovedSpan, type SmsSanitizer } from '../../core/sanitize';

export interface SanitizeCommandIo {
  stdin: AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Help text of `gatekeeper sanitize`. */
export const SANITIZE_USAGE = `Usage: gatekeeper sanitize [--country CC] [--extra-countries CC,CC] [--explain] [--jsonl]

Removes links and phone numbers from SMS text read on standard input.

Options:
  --country CC             Recipient's country (ISO 3166-1 alpha-2, e.g. US, GB) so numbers
                           written nationally are found too. Without it, only international
                           numbers are.
  --extra-countries CC,CC  More countries whose national numbers are found too, as
                           GATE_SMS_EXTRA_COUNTRIES does for the functions (e.g. IN,PH).
  --explain                After the sanitized text, print one line per removal: its kind,
                           offsets, the removed text and the detector that found it. With
                           --jsonl, each "removed" entry carries its "detector".
  --jsonl                  Read one JSON object per line, {"text": "...", "country": "US"}, and
                           write one line per input line:
                           {"text": "...", "removed": [{"kind", "start", "end", "value"}]},
                           or {"error": "..."} for a malformed line.
  -h, --help               Show this help.
`;

/** Longest JSON line read; a longer one is answered with an error line and skipped. */
export const MAX_JSONL_LINE_LENGTH = 1_000_000;

interface SanitizeArgs {
  country: string | undefined;
  extraCountries: string[];
  explain: boolean;
  jsonl: boolean;
  help: boolean;
}

function parseCountryList(value: string | undefined): string[] | string {
  if (value === undefined || value === '') return `option '--extra-countries' needs country codes, e.g. --extra-countries IN,PH`;
  const codes = value.split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
  const unknown = codes.find((code) => !isSupportedCountry(code));
  return unknown ? `'${unknown}' is not a supported ISO 3166-1 alpha-2 country code (e.g. IN, PH)` : codes;
}

function parseArgs(args: readonly string[]): SanitizeArgs | string {
  const parsed: SanitizeArgs = { country: undefined, extraCountries: [], explain: false, jsonl: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--jsonl') parsed.jsonl = true;
    else if (arg === '--explain') parsed.explain = true;
    else if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--extra-countries' || arg.startsWith('--extra-countries=')) {
      const codes = parseCountryList(arg === '--extra-countries' ? args[++i] : arg.slice('--extra-countries='.length));
      if (typeof codes === 'string') return codes;
      parsed.extraCountries = codes;
    }
    else if (arg === '--country' || arg.startsWith('--country=')) {
      const value = arg === '--country' ? args[++i] : arg.slice('--country='.length);
      if (value === undefined || value === '') return `option '--country' needs a country code, e.g. --country US`;
      const code = value.toUpperCase();
      if (!isSupportedCountry(code)) return `'${value}' is not a supported ISO 3166-1 alpha-2 country code (e.g. US, GB, DE)`;
      parsed.country = code;
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else return `unexpected argument '${arg}'`;
  }
  return parsed;
}

async function* chunksOf(stdin: SanitizeCommandIo['stdin']): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stdin as AsyncIterable<string | Uint8Array>) {
    yield typeof chunk === 'string' ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* linesOf(stdin: SanitizeCommandIo['stdin']): AsyncGenerator<{ line: string; tooLong: boolean }> {
  let buffer = '';
  let tooLong = false;
  const finish = (piece: string) => {
    const line = tooLong || buffer.length + piece.length > MAX_JSONL_LINE_LENGTH ? null : buffer + piece;
    buffer = '';
    tooLong = false;
    return line === null ? { line: '', tooLong: true } : { line: line.endsWith('\r') ? line.slice(0, -1) : line, tooLong: false };
  };
  for await (const chunk of chunksOf(stdin)) {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      yield finish(chunk.slice(start, newline));
      start = newline + 1;
    }
    const rest = chunk.slice(start);
    if (tooLong || buffer.length + rest.length > MAX_JSONL_LINE_LENGTH) {
      // keep reading to the end of the line, but not into memory
      tooLong = true;
      buffer = '';
    } else {
      buffer += rest;
    }
  }
  if (tooLong || buffer.length > 0) yield finish('');
}

function describeRemoval(span: RemovedSpan): string {
  return `- ${span.kind === 'url' ? 'link' : 'number'} ${span.start}-${span.end} ${JSON.stringify(span.value)}: ${span.detector}\n`;
}

function removedEntries(removed: readonly RemovedSpan[], explain: boolean): object[] {
  return removed.map(({ kind, start, end, value, detector }) => (explain ? { kind, start, end, value, detector } : { kind, start, end, value }));
}

function sanitizeLine(line: string, lineNumber: number, sanitizerFor: (country: string | undefined) => SmsSanitizer, explain: boolean): object {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { error: `line ${lineNumber}: not valid JSON` };
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { error: `line ${lineNumber}: expected an object like {"text": "...", "country": "US"}` };
  const { text, country } = input as { text?: unknown; country?: unknown };
  if (typeof text !== 'string') return { error: `line ${lineNumber}: "text" must be a string` };
  if (country !== undefined && country !== null && (typeof country !== 'string' || !isSupportedCountry(country.toUpperCase()))) {
    return { error: `line ${lineNumber}: "country" must be an ISO 3166-1 alpha-2 code such as "US"` };
  }
  const { text: sanitized, removed } = sanitizerFor(typeof country === 'string' ? country.toUpperCase() : undefined)(text);
  return { text: sanitized, removed: removedEntries(removed, explain) };
}

/**
 * Runs `gatekeeper sanitize` and resolves to its exit code. Kept free of `process` so tests can
 * drive it with in-memory streams.
 *
 * @example
 * await runSanitizeCommand(['--country', 'GB'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 */
export async function runSanitizeCommand(args: readonly string[], io: SanitizeCommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`gatekeeper sanitize: ${parsed}\n\n${SANITIZE_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(SANITIZE_USAGE);
    return 0;
  }

  const sanitizers = new Map<string, SmsSanitizer>();
  const sanitizerFor = (country: string | undefined): SmsSanitizer => {
    const key = country ?? parsed.country ?? '';
    let sanitizer = sanitizers.get(key);
    if (!sanitizer) {
      sanitizer = createSmsSanitizer({ defaultCountry: key || undefined, extraCountries: parsed.extraCountries });
      sanitizers.set(key, sanitizer);
    }
    return sanitizer;
  };

  if (!parsed.jsonl) {
    // The sanitizer reads at most SMS_MAX_LENGTH characters; the rest is drained, not kept.
    let text = '';
    for await (const chunk of chunksOf(io.stdin)) if (text.length <= SMS_MAX_LENGTH) text = (text + chunk).slice(0, SMS_MAX_LENGTH + 1);
    const { text: sanitized, removed } = sanitizerFor(undefined)(text);
    io.stdout.write(sanitized.length === 0 || sanitized.endsWith('\n') ? sanitized : `${sanitized}\n`);
    if (parsed.explain) io.stdout.write(removed.length === 0 ? '- nothing removed\n' : removed.map(describeRemoval).join(''));
    return 0;
  }

  let lineNumber = 0;
  for await (const { line, tooLong } of linesOf(io.stdin)) {
    lineNumber += 1;
    if (tooLong) {
      io.stdout.write(`${JSON.stringify({ error: `line ${lineNumber}: longer than ${MAX_JSONL_LINE_LENGTH} characters` })}\n`);
      continue;
    }
    if (line.trim() === '') continue;
    io.stdout.write(`${JSON.stringify(sanitizeLine(line, lineNumber, sanitizerFor, parsed.explain))}\n`);
  }
  return 0;
}
