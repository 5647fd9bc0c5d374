import type { LogReadProgress } from './serverless-log-source';

const WIDTH = 30;

/**
 * A progress bar for long log reads, drawn on one terminal line (`\r`); nothing when the stream
 * is not a terminal, so piped output and tests stay clean.
 */
export function progressBar(stream: { write(text: string): unknown }, since: number, until: number): { update(progress: LogReadProgress): void; done(): void } {
  if (!(stream as { isTTY?: boolean }).isTTY) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    update(progress) {
      const share = Math.min(1, Math.max(0, (progress.readUntil - since) / Math.max(1, until - since)));
      const filled = Math.round(share * WIDTH);
      stream.write(`\rreading logs [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.round(share * 100)}%  ${progress.lines} lines, ${progress.requests} requests`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
