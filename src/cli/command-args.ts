import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_OK, usageError, type CliIo } from './cli-io';

type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** `--help` / `-h`: every command that parses its arguments here answers it with its usage. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The parsed arguments of a command declaring `options` (plus `--help`), positionals allowed. */
export type CommandArgs<O extends CommandOptions> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP_OPTION }>>;

/**
 * Parses a command's arguments with node's `parseArgs`, or ends the command: `--help` prints
 * `usage` and resolves to exit 0; an argument `parseArgs` refuses (unknown option, missing
 * value) is a usage error naming `command`, followed by `usage`, so the user sees what is
 * accepted. A number is the exit code to return.
 *
 * @example
 * const parsed = parseCommandArgs(io, 'check', CHECK_USAGE, args, { json: { type: 'boolean', default: false } });
 * if (typeof parsed === 'number') return parsed;
 */
export function parseCommandArgs<O extends CommandOptions>(io: CliIo, command: string, usage: string, args: readonly string[], options: O): CommandArgs<O> | number {
  let parsed: CommandArgs<O>;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { ...options, ...HELP_OPTION } });
  } catch (error) {
    return usageError(io, command, `${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
  // HELP_OPTION is always declared, but TypeScript cannot resolve `values` for a generic `O`.
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  return parsed;
}
