/**
 * Standalone emulator: `node dist/emulator/cli.js [--port 4010] [--no-sync-rate-limits]
 * [--sync-expiry-grace-ms N] [--strict-credentials] [--quiet]`. Sync's rate limits are on unless
 * switched off, as on Twilio.
 * Prints one line with the base URL once listening and stops cleanly on SIGINT / SIGTERM.
 */
import { startEmulator } from './core/server';
import { MAX_EXPIRY_GRACE_MS } from './sync/sync-store';

/** Default port of the standalone emulator (tests use ephemeral ports instead). */
export const DEFAULT_CLI_PORT = 4010;

const USAGE =
  'usage: emulator [--port <0-65535>] [--no-sync-rate-limits] [--sync-expiry-grace-ms <0-3600000>] [--strict-credentials] [--quiet]';

interface CliOptions {
  port: number;
  syncRateLimits: boolean;
  syncExpiryGraceMs: number;
  strictCredentials: boolean;
  quiet: boolean;
}

/** Parses the command line; throws an Error with usage on bad input. */
export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: DEFAULT_CLI_PORT, syncRateLimits: true, syncExpiryGraceMs: 0, strictCredentials: false, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--sync-rate-limits') options.syncRateLimits = true;
    else if (arg === '--no-sync-rate-limits') options.syncRateLimits = false;
    else if (arg === '--strict-credentials') options.strictCredentials = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) throw new Error(`--port: '${value ?? ''}' is not a port number\n${USAGE}`);
      options.port = port;
    } else if (arg === '--sync-expiry-grace-ms' || arg.startsWith('--sync-expiry-grace-ms=')) {
      const value = arg === '--sync-expiry-grace-ms' ? argv[++i] : arg.slice('--sync-expiry-grace-ms='.length);
      const grace = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || grace > MAX_EXPIRY_GRACE_MS) {
        throw new Error(`--sync-expiry-grace-ms: '${value ?? ''}' is not a whole number of milliseconds from 0 to ${MAX_EXPIRY_GRACE_MS}\n${USAGE}`);
      }
      options.syncExpiryGraceMs = grace;
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
  const emulator = await startEmulator(options);
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
