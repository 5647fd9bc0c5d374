/**
 * Benchmark of `sanitizeSms` on the SMS corpus (test/fixtures/sms), per 160- and 1600-character
 * message, against running bare `linkify.find` plus `findPhoneNumbersInText` on the same texts,
 * and on adversarial inputs (long runs of dots, digits, disguises); then the removal figures on
 * the real-message corpus (test/fixtures/sms/real, judged by its independent oracle).
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
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { find } from 'linkifyjs';
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { createSmsSanitizer, type SmsSanitizer } from '../src/core/sanitize';
import { measureCorpus, percent, CORPUS_SOURCES, type CorpusSource, type CorpusSplit } from '../test/fixtures/sms/real/measure-corpus';

export interface SanitizeBenchResult {
  /** Median time to sanitize one 160-character message, in milliseconds. */
  median160Ms: number;
  /** Median time to sanitize one 1600-character message, in milliseconds. */
  median1600Ms: number;
  /**
   * The slowest corpus message of either size: the largest per-message median. (Single runs
   * also include garbage-collection pauses and other processes; the table shows the slowest.)
   */
  slowestMessageMedianMs: number;
  /** Time of the sanitizer over time of bare linkify.find + findPhoneNumbersInText, same texts. */
  vsBareRatio: number;
  /** The same medians in CPU time (user + system), which other jobs on a shared machine do not inflate. */
  median160CpuMs: number;
  median1600CpuMs: number;
  adversarialSlowestCpuMs: number;
  /** The machine's 1-minute load average when the benchmark started (2 cores here: above 2, jobs wait). */
  loadAverage: number;
  /** Median over the adversarial inputs (1600 characters each) of their per-input medians. */
  adversarialMedianMs: number;
  /** The slowest adversarial input: the largest per-input median (target: under 30 ms). */
  adversarialSlowestMedianMs: number;
  /** Which adversarial input that was, and for which country. */
  adversarialSlowestInput: string;
  /** Removal figures on the real-message corpus, per split (percentages, and counts judged). */
  realCorpus: Record<CorpusSplit, RealCorpusFigures>;
}

interface RealCorpusFigures {
  spam: number;
  spamCleanedPercent: number;
  ordinary: number;
  ordinaryUnchangedPercent: number;
}

interface Message {
  text: string;
  country: CountryCode | undefined;
  /** Names an adversarial input in the output. */
  name?: string;
}

/** Timed runs per message; the per-message figure is their median. */
const RUNS_PER_MESSAGE = 15;
const WARM_UP_RUNS = 3;

function corpusDirectory(): string {
  const candidates = [resolve(process.cwd(), 'test/fixtures/sms'), resolve(__dirname, '../test/fixtures/sms'), resolve(__dirname, '../../test/fixtures/sms')];
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
  const texts: Record<string, string> = {
    dots: '.'.repeat(1600),
    digits: '7'.repeat(1600),
    'a.': 'a.'.repeat(800),
    '1.': '1.'.repeat(800),
    'spaced digits': '3 '.repeat(800),
    'plus signs': '+1 '.repeat(533),
    'IDD prefixes': '00 '.repeat(533),
    'bracketed dots': 'co[.]'.repeat(320),
    'spelled dots': 'ab dot '.repeat(228),
    schemes: 'hxxp://'.repeat(228),
    vanity: '1-800-AB'.repeat(200),
    'zero-width spaces': '\u200B'.repeat(1600),
    'emoji sequences': '👨‍👩‍👧'.repeat(200),
    'Arabic-Indic digits': '٣'.repeat(1600),
    links: 'a.com '.repeat(266),
    'emoji between digits': '09 📞 '.repeat(266),
    'letter O among digits': 'O2O '.repeat(400),
    asterisks: '415*'.repeat(400),
    'digits glued to letters': 'call0906'.repeat(200),
    'sending verbs': 'txt A to 8 '.repeat(145),
    'keyword values': 'ref 0906 '.repeat(177),
    'spelled digits': 'nine oh '.repeat(200),
    'www prefixes': 'www.'.repeat(400),
    'capitalised hosts': 'Ab.Help '.repeat(200),
  };
  return Object.entries(texts).flatMap(([name, text]) =>
    [undefined, 'DE', 'US', 'GB'].map((country) => ({ text: cut(text, 1600), country: country as CountryCode | undefined, name: `${name} (${country ?? 'no country'})` })),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Timing {
  /** Per message: the median wall-clock time of its runs. */
  medians: number[];
  /** Per message: the median CPU time (user + system) of its runs, which other jobs on the machine do not inflate. */
  cpuMedians: number[];
  worst: number;
}

function time(messages: Message[], work: (message: Message) => unknown): Timing {
  const medians: number[] = [];
  const cpuMedians: number[] = [];
  let worst = 0;
  for (const message of messages) {
    for (let i = 0; i < WARM_UP_RUNS; i++) work(message);
    const runs: number[] = [];
    const cpuRuns: number[] = [];
    for (let i = 0; i < RUNS_PER_MESSAGE; i++) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      work(message);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const cpu = process.cpuUsage(cpuStart);
      runs.push(ms);
      cpuRuns.push((cpu.user + cpu.system) / 1000);
      worst = Math.max(worst, ms);
    }
    medians.push(median(runs));
    cpuMedians.push(median(cpuRuns));
  }
  return { medians, cpuMedians, worst };
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
  const load = loadavg()[0];
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

  const slowestAdversarial = hostile.medians.indexOf(Math.max(...hostile.medians));
  const result: SanitizeBenchResult = {
    median160Ms: round(median(sanitized160.medians)),
    median1600Ms: round(median(sanitized1600.medians)),
    slowestMessageMedianMs: round(Math.max(...sanitized160.medians, ...sanitized1600.medians)),
    vsBareRatio: round((sum(sanitized160.medians) + sum(sanitized1600.medians)) / (sum(bare160.medians) + sum(bare1600.medians))),
    median160CpuMs: round(median(sanitized160.cpuMedians)),
    median1600CpuMs: round(median(sanitized1600.cpuMedians)),
    adversarialSlowestCpuMs: round(Math.max(...hostile.cpuMedians)),
    loadAverage: round(load),
    adversarialMedianMs: round(median(hostile.medians)),
    adversarialSlowestMedianMs: round(hostile.medians[slowestAdversarial]),
    adversarialSlowestInput: adversarial[slowestAdversarial].name ?? '',
    realCorpus: { tuning: realCorpusFigures('tuning'), reporting: realCorpusFigures('reporting') },
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
    `sanitizeSms benchmark: ${corpus.length} corpus messages, ${RUNS_PER_MESSAGE} timed runs each (ms; Node ${process.version}; load average ${result.loadAverage})`,
    `${'set'.padEnd(26)}  ${'n'.padStart(5)}  ${'median'.padStart(9)}  ${'p99'.padStart(9)}  ${'slowest'.padStart(9)}  ${'max run'.padStart(9)}  ${'bare med'.padStart(10)}`,
    row('corpus, 160 chars', short.length, sanitized160, bare160),
    row('corpus, 1600 chars', long.length, sanitized1600, bare1600),
    row('adversarial, 1600 chars', adversarial.length, hostile),
    `ratio to bare linkify.find + findPhoneNumbersInText: ${result.vsBareRatio}`,
    `CPU-time medians: 160 chars ${result.median160CpuMs}, 1600 chars ${result.median1600CpuMs}, slowest adversarial input ${result.adversarialSlowestCpuMs}`,
    `slowest adversarial input: ${result.adversarialSlowestInput}`,
    '',
    `real corpus (${CORPUS_SOURCES.map((source) => source.name).join(', ')}), judged by its oracle:`,
    ...(['reporting', 'tuning'] as const).flatMap((split) => {
      const line = (name: string, figures: RealCorpusFigures) =>
        `  ${name.padEnd(38)}  spam with a link or number cleaned: ${figures.spamCleanedPercent}% of ${figures.spam}; ordinary unchanged: ${figures.ordinaryUnchangedPercent}% of ${figures.ordinary}`;
      return [line(split, result.realCorpus[split]), ...CORPUS_SOURCES.map((source) => line(`  ${split}, ${source.name}`, realCorpusFigures(split, [source])))];
    }),
  ].join('\n');
  return result;
}

function realCorpusDirectory(): string {
  return join(corpusDirectory(), 'real');
}

function realCorpusFigures(split: CorpusSplit, sources: readonly CorpusSource[] = CORPUS_SOURCES): RealCorpusFigures {
  const figures = measureCorpus(split, sources, realCorpusDirectory());
  return {
    spam: figures.spam,
    spamCleanedPercent: percent(figures.spamCleaned, figures.spam),
    ordinary: figures.ordinary,
    ordinaryUnchangedPercent: percent(figures.ordinaryUnchanged, figures.ordinary),
  };
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
