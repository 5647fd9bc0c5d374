export interface CliIo {
  version: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const USAGE = `Usage: gatekeeper <command> [options]

Commands:
  help              Show this help.
  version           Print the version.

Exit codes: 0 when the command ran, 2 on bad usage.
`;

/**
 * Runs one CLI invocation and resolves to its exit code. Kept free of `process` so tests can
 * drive it directly.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command === 'version' || command === '--version' || command === '-v') {
    if (rest.length > 0) {
      io.stderr.write(`gatekeeper version: unexpected argument '${rest[0]}'\n`);
      return 2;
    }
    io.stdout.write(`${io.version}\n`);
    return 0;
  }
  io.stderr.write(`gatekeeper: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}
