import fc from 'fast-check';
import type { FunctionContext } from '../../src/core/http';
import type { FunctionHarness } from '../helpers/function-harness';
import { gateContext } from './gate-setup';
import { captureLogs, leaksIn, parseLogLines, type LogCapture, type SentSecrets } from './leaks';

/** Generated requests per endpoint. */
export const FUZZ_RUNS = 5_000;
/** Requests one warm runtime serves before a fresh one (new throttle keys) takes over, so limits do not swallow every later request. */
export const RUNS_PER_CONTEXT = 250;
/** Budget of one fuzz test (5,000 requests, plus shrinking if one fails). */
export const FUZZ_TEST_TIMEOUT_MS = 120_000;
/** No single request may take longer: nothing upstream is slow in these tests. */
export const REQUEST_TIMEOUT_MS = 8_000;

/**
 * fast-check settings: the seed is random unless `RELIABILITY_SEED` pins it (a failure prints
 * the seed and the shrunk counterexample to replay).
 */
export function fuzzParameters(): fc.Parameters<unknown> {
  const seed = process.env.RELIABILITY_SEED;
  return { numRuns: FUZZ_RUNS, ...(seed ? { seed: Number(seed) } : {}) };
}

/**
 * Contexts for a fuzz run: a fresh one every `RUNS_PER_CONTEXT` requests (a new warm runtime
 * with its own throttle keys), prepared by `prepare` before first use.
 */
export function rotatingContexts(harness: FunctionHarness, prepare: (context: FunctionContext) => Promise<void> = async () => undefined) {
  let served = 0;
  let current: FunctionContext | undefined;
  return {
    async next(): Promise<FunctionContext> {
      if (!current || served % RUNS_PER_CONTEXT === 0) {
        current = gateContext(harness);
        await prepare(current);
      }
      served += 1;
      return current;
    },
  };
}

/** What `rotatingContexts` hands out. */
export type RotatingContexts = ReturnType<typeof rotatingContexts>;

/**
 * Runs one fuzz property: each generated request gets the next of `contexts` and a log capture
 * emptied of the previous request's lines, and `problemsOf` (which invokes the handler and
 * judges its answer and log lines) must find none. The capture spans the whole run, so it is
 * restored however the run ends, a failed assertion included.
 */
export async function fuzzRequests<T>(
  arbitrary: fc.Arbitrary<T>,
  contexts: RotatingContexts,
  problemsOf: (fuzz: T, context: FunctionContext, logs: LogCapture) => Promise<string[]>,
  parameters: fc.Parameters<unknown> = fuzzParameters(),
): Promise<void> {
  const logs = captureLogs();
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (fuzz) => {
        const context = await contexts.next();
        logs.clear();
        expect(await problemsOf(fuzz, context, logs)).toEqual([]);
      }),
      parameters,
    );
  } finally {
    logs.restore();
  }
}

const CANARY = /Quokka[a-z]{10}/g;

/** The canaries (message-body markers) anywhere in a request's values. */
export function canariesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.match(CANARY) ?? [];
  if (Array.isArray(value)) return value.flatMap(canariesIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(canariesIn);
  return [];
}

/**
 * Breaches in the log lines of one request: a line that is not one JSON record, a decision that
 * ended in `request.failed` (an exception the handler did not expect), or a line carrying a
 * number, a message body or a secret that was sent.
 */
export function logProblems(logs: LogCapture, sent: SentSecrets): string[] {
  let records: Array<Record<string, unknown>>;
  try {
    records = parseLogLines(logs.lines);
  } catch (error) {
    return [(error as Error).message];
  }
  const failed = logs.lines.filter((_, index) => records[index].event === 'request.failed' || records[index].event === 'response.failed');
  return [...failed.map((line) => `unexpected failure logged: ${line.slice(0, 500)}`), ...logs.lines.flatMap((line, index) => leaksIn(line, sent, `log line ${index}`))];
}
