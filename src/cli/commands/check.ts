import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import type { DestinationDecision } from '../../core/phone';
import type { Channel } from '../../core/policy';
import { EXIT_OK, usageError, type CliIo } from '../cli-io';
import { parseCommandArgs } from '../command-args';
import { loadPolicyFile } from '../policy-file';
import { readLines } from '../read-lines';

export const CHECK_USAGE = `Usage:
  gatekeeper check [--channel sms|voice] [--country CC] [--policy FILE] [--json] NUMBER...
  gatekeeper check --jsonl [--policy FILE] < numbers.jsonl

Checks destinations against the policy (default: src/assets/policy.private.json, else the
built-in defaults). --country parses national formats for that country. Each result names
the rule that decided (RULE, as the decision log does). --jsonl reads lines
{"number": "...", "channel": "sms"|"voice", "country": "GB"} and writes one result per line; a
line it cannot read gets {"line": N, "error": "..."}, N counting from 1.
`;

const COUNTRIES = new Set<string>(getCountries());
const MAX_JSONL_LINE = 4096;

interface CheckResult {
  input: string;
  allowed: boolean;
  reason: string;
  /** The rule that decided, as the decision log names it (`destinations.countries.deny[LV]`). */
  rule: string;
  e164: string | null;
  country: string | null;
  type: string | null;
}

function toResult(input: string, decision: DestinationDecision): CheckResult {
  return {
    input,
    allowed: decision.allowed,
    reason: decision.reason,
    rule: decision.rule,
    e164: decision.e164 ?? null,
    country: decision.country ?? null,
    type: decision.type ?? null,
  };
}

function readChannel(value: unknown): Channel | undefined {
  return value === 'sms' || value === 'voice' ? value : undefined;
}

function readCountry(value: unknown): CountryCode | undefined {
  return typeof value === 'string' && COUNTRIES.has(value) ? (value as CountryCode) : undefined;
}

function table(results: CheckResult[]): string {
  const rows = [['INPUT', 'VERDICT', 'REASON', 'RULE', 'COUNTRY', 'TYPE'], ...results.map((r) => [r.input, r.allowed ? 'allowed' : 'refused', r.reason, r.rule, r.country ?? '-', r.type ?? '-'])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}

/** `gatekeeper check`: see CHECK_USAGE. */
export async function runCheckCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'check', CHECK_USAGE, args, {
    channel: { type: 'string', default: 'sms' },
    country: { type: 'string' },
    policy: { type: 'string' },
    json: { type: 'boolean', default: false },
    jsonl: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const channel = readChannel(values.channel);
  if (!channel) return usageError(io, 'check', `--channel must be sms or voice, not '${values.channel}'`);
  const country = values.country === undefined ? undefined : readCountry(values.country);
  if (values.country !== undefined && !country) return usageError(io, 'check', `--country must be an ISO 3166 alpha-2 code such as GB, not '${values.country}'`);
  if (values.jsonl && positionals.length > 0) return usageError(io, 'check', '--jsonl reads numbers from standard input; do not also pass numbers');
  if (!values.jsonl && positionals.length === 0) return usageError(io, 'check', `no numbers given\n\n${CHECK_USAGE}`);

  let evaluate;
  try {
    evaluate = loadPolicyFile(values.policy, io.cwd ?? process.cwd()).evaluateDestination;
  } catch (error) {
    return usageError(io, 'check', error instanceof Error ? error.message : String(error));
  }

  if (!values.jsonl) {
    const results = positionals.map((input) => toResult(input, evaluate(input, { channel, defaultCountry: country })));
    io.stdout.write(values.json ? results.map((result) => JSON.stringify(result)).join('\n') + '\n' : table(results));
    return EXIT_OK;
  }

  if (!io.stdin) return usageError(io, 'check', '--jsonl needs standard input');
  let lineNumber = 0;
  for await (const line of readLines(io.stdin)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const result = checkJsonLine(line, evaluate, channel, country);
    io.stdout.write(`${JSON.stringify('error' in result ? { line: lineNumber, ...result } : result)}\n`);
  }
  return EXIT_OK;
}

function checkJsonLine(
  line: string,
  evaluate: ReturnType<typeof loadPolicyFile>['evaluateDestination'],
  defaultChannel: Channel,
  defaultCountry: CountryCode | undefined,
): CheckResult | { error: string } {
  if (line.length > MAX_JSONL_LINE) return { error: `line longer than ${MAX_JSONL_LINE} characters` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { error: 'expected an object like {"number": "+447400123456"}' };
  const { number, channel, country } = json as Record<string, unknown>;
  if (typeof number !== 'string') return { error: "'number' must be a string" };
  const lineChannel = channel === undefined ? defaultChannel : readChannel(channel);
  if (!lineChannel) return { error: "'channel' must be sms or voice" };
  const lineCountry = country === undefined ? defaultCountry : readCountry(country);
  if (country !== undefined && !lineCountry) return { error: "'country' must be an ISO 3166 alpha-2 code such as GB" };
  return toResult(number, evaluate(number, { channel: lineChannel, defaultCountry: lineCountry }));
}
