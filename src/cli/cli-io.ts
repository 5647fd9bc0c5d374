import type { LineSource } from './read-lines';

/** What a command may touch: its streams, environment and working directory. Tests pass fakes. */
export interface CliIo {
  version: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin?: LineSource;
  /** Environment: process.env merged with `.env` by the entry point. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. Default: process.cwd(). */
  cwd?: string;
}

/** Exit codes: 0 ran, 1 ran and found a failure (smoke), 2 bad usage or invalid input files. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Writes a usage error and returns the usage exit code. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr.write(`gatekeeper ${command}: ${message}\n`);
  return EXIT_USAGE;
}
