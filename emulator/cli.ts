/**
 * Standalone emulator: `node dist/emulator/cli.js [--port 4010] [--sync-rate-limits] [--strict-credentials] [--quiet]`.
 * Prints one line with the base URL once listening and stops cleanly on SIGINT / SIGTERM.
 */
import { startEmulator } from './core/server';

/** Default port of the standalone emulator (tests use ephemeral ports instead). */
export const DEFAULT_CLI_PORT = 4010;

const USAGE = 'usage: emulator [--port <0-65535>] [--sync-rate-limits] [--strict-credentials] [--quiet]';

interface CliOptions {
  port: number;
  syncRateLimits: boolean;
  strictCredentials: boolean;
  quiet: boolean;
}

/** Parses the command line; throws an Error with usage on bad input. */
export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: DEFAULT_CLI_PORT, syncRateLimits: false, strictCredentials: false, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--sync-rate-limits') options.syncRateLimits = true;
    else if (arg === '--strict-credentials') options.strictCredentials = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) throw new Error(`--port: '${value ?? ''}' is not a port number\n${USAGE}`);
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      throw new Error(USAGE);
    } else {
      throw new Error(`unknown argument '${arg}'\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator({ port: options.port, quiet: options.quiet, syncRateLimits: options.syncRateLimits, strictCredentials: options.strictCredentials });
  console.log(`Twilio API emulator listening on ${emulator.url}`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`emulator failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
