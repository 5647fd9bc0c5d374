/**
 * Benchmark of `sanitizeSms` on the SMS corpus (test/fixtures/sms), per 160- and 1600-character
 * message, against running bare `linkify.find` plus `findPhoneNumbersInText` on the same texts,
 * and on adversarial inputs (long runs of dots, digits, disguises).
 *
 * Run from the repository root (the bundle keeps packages external, so Node must find them in
 * this repository's node_modules when the bundle lives elsewhere):
 *   npx esbuild bench/sanitize.ts --bundle --platform=node --packages=external --outfile=/tmp/sanitize-bench.js && NODE_PATH=$PWD/node_modules node /tmp/sanitize-bench.js
 *
 * Prints a table (per set: median, 99th percentile and slowest of the per-message medians, the
 * slowest single run, and the median of the bare libraries), then one JSON line with the figures
 * `runSanitizeBench` returns.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { find } from 'linkifyjs';
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { createSmsSanitizer, type SmsSanitizer } from '../src/core/sanitize';

export interface SanitizeBenchResult {
  /** Median time to sanitize one 160-character message, in milliseconds. */
  median160Ms: number;
  /** Median time to sanitize one 1600-character message, in milliseconds. */
  median1600Ms: number;
  /**
   * The slowest corpus message of either size: the largest per-message median. (Single runs
   * also include garbage-collection pauses and other processes; the table shows the slowest.)
   */
  worstMs: number;
  /** Time of the sanitizer over time of bare linkify.find + findPhoneNumbersInText, same texts. */
  vsBareRatio: number;
}

interface Message {
  text: string;
  country: CountryCode | undefined;
}

/** Timed runs per message; the per-message figure is their median. */
const RUNS_PER_MESSAGE = 15;
const WARM_UP_RUNS = 3;

function corpusDirectory(): string {
  const candidates = [resolve(process.cwd(), 'test/fixtures/sms'), resolve(__dirname, '../test/fixtures/sms')];
  const found = candidates.find((dir) => existsSync(join(dir, 'phishing.jsonl')));
  if (!found) throw new Error(`sanitize bench: corpus not found in ${candidates.join(' or ')}; run from the repository root`);
  return found;
}

function loadCorpus(): Message[] {
  const dir = corpusDirectory();
  const messages: Message[] = [];
  for (const file of ['phishing.jsonl', 'benign.jsonl']) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const parsed = JSON.parse(line) as { text: string; country?: string };
      const country = parsed.country && isSupportedCountry(parsed.country) ? parsed.country : undefined;
      messages.push({ text: parsed.text, country });
    }
  }
  return messages;
}

function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/** Each corpus message extended with the messages after it, to exactly `length` characters. */
function messagesOfLength(corpus: Message[], length: number): Message[] {
  return corpus.map((message, index) => {
    let text = message.text;
    for (let next = index + 1; text.length < length; next++) text += ` ${corpus[next % corpus.length].text}`;
    return { text: cut(text, length), country: message.country };
  });
}

function adversarialMessages(): Message[] {
  const texts = [
    '.'.repeat(1600),
    '7'.repeat(1600),
    'a.'.repeat(800),
    '1.'.repeat(800),
    '3 '.repeat(800),
    '+1 '.repeat(533),
    '00 '.repeat(533),
    'co[.]'.repeat(320),
    'ab dot '.repeat(228),
    'hxxp://'.repeat(228),
    '1-800-AB'.repeat(200),
    '\u200B'.repeat(1600),
    '👨‍👩‍👧'.repeat(200),
    '٣'.repeat(1600),
    'a.com '.repeat(266),
  ];
  return texts.flatMap((text) => [undefined, 'DE', 'US'].map((country) => ({ text, country: country as CountryCode | undefined })));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Timing {
  medians: number[];
  worst: number;
}

function time(messages: Message[], work: (message: Message) => unknown): Timing {
  const medians: number[] = [];
  let worst = 0;
  for (const message of messages) {
    for (let i = 0; i < WARM_UP_RUNS; i++) work(message);
    const runs: number[] = [];
    for (let i = 0; i < RUNS_PER_MESSAGE; i++) {
      const start = process.hrtime.bigint();
      work(message);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      runs.push(ms);
      worst = Math.max(worst, ms);
    }
    medians.push(median(runs));
  }
  return { medians, worst };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function sanitizerPool(): (message: Message) => unknown {
  const sanitizers = new Map<string, SmsSanitizer>();
  return (message) => {
    const key = message.country ?? '';
    let sanitizer = sanitizers.get(key);
    if (!sanitizer) {
      sanitizer = createSmsSanitizer({ defaultCountry: message.country });
      sanitizers.set(key, sanitizer);
    }
    return sanitizer(message.text);
  };
}

function bare(message: Message): unknown {
  return [find(message.text), findPhoneNumbersInText(message.text, message.country ? { defaultCountry: message.country } : undefined)];
}

let lastTable = '';

/** Measures the sanitizer on the corpus; see `SanitizeBenchResult`. */
export async function runSanitizeBench(): Promise<SanitizeBenchResult> {
  const corpus = loadCorpus();
  const sanitize = sanitizerPool();
  const short = messagesOfLength(corpus, 160);
  const long = messagesOfLength(corpus, 1600);
  const adversarial = adversarialMessages();

  const sanitized160 = time(short, sanitize);
  const sanitized1600 = time(long, sanitize);
  const bare160 = time(short, bare);
  const bare1600 = time(long, bare);
  const hostile = time(adversarial, sanitize);

  const result: SanitizeBenchResult = {
    median160Ms: round(median(sanitized160.medians)),
    median1600Ms: round(median(sanitized1600.medians)),
    worstMs: round(Math.max(...sanitized160.medians, ...sanitized1600.medians)),
    vsBareRatio: round((sum(sanitized160.medians) + sum(sanitized1600.medians)) / (sum(bare160.medians) + sum(bare1600.medians))),
  };

  const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];
  const row = (name: string, count: number, timing: Timing, bareTiming?: Timing) =>
    [
      name.padEnd(26),
      String(count).padStart(5),
      median(timing.medians).toFixed(3).padStart(9),
      p99(timing.medians).toFixed(3).padStart(9),
      Math.max(...timing.medians).toFixed(3).padStart(9),
      timing.worst.toFixed(3).padStart(9),
      bareTiming ? median(bareTiming.medians).toFixed(3).padStart(10) : '         -',
    ].join('  ');
  lastTable = [
    `sanitizeSms benchmark: ${corpus.length} corpus messages, ${RUNS_PER_MESSAGE} timed runs each (ms; Node ${process.version})`,
    `${'set'.padEnd(26)}  ${'n'.padStart(5)}  ${'median'.padStart(9)}  ${'p99'.padStart(9)}  ${'worst'.padStart(9)}  ${'max run'.padStart(9)}  ${'bare med'.padStart(10)}`,
    row('corpus, 160 chars', short.length, sanitized160, bare160),
    row('corpus, 1600 chars', long.length, sanitized1600, bare1600),
    row('adversarial, 1600 chars', adversarial.length, hostile),
    `ratio to bare linkify.find + findPhoneNumbersInText: ${result.vsBareRatio}`,
  ].join('\n');
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (require.main === module) {
  runSanitizeBench().then(
    (result) => {
      process.stdout.write(`${lastTable}\n${JSON.stringify({ sanitize: result })}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
