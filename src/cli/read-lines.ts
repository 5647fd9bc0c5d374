import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Input for line-oriented commands: a stream (standard input) or, in tests, any async iterable of chunks. */
export type LineSource = Readable | AsyncIterable<string>;

/** Yields the lines of `source` one at a time (without line endings), never buffering all of it. */
export async function* readLines(source: LineSource): AsyncGenerator<string> {
  if ('pipe' in source && typeof source.pipe === 'function') {
    yield* createInterface({ input: source as Readable, crlfDelay: Infinity });
    return;
  }
  let pending = '';
  for await (const chunk of source as AsyncIterable<string>) {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  if (pending.length > 0) yield pending.replace(/\r$/, '');
}
