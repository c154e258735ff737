/**
 * The one shape of every command-line tool in tools/: a module exports `USAGE`, an
 * `EXIT` code table and `main(args, io)`, which returns the exit code instead of
 * exiting, so that tests import `main` and call it in-process. At its bottom:
 *
 * ```ts
 * if (isEntryPoint(import.meta.url)) {
 *   process.exitCode = await main(process.argv.slice(2));
 * }
 * ```
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes (injectable for tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own stdout and stderr. */
export const defaultIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Exit code of `--help`, the same in every tool. */
export const EXIT_OK = 0;
/** Exit code of a usage error (unknown option, bad value), the same in every tool. */
export const EXIT_USAGE = 2;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` makes of the options `O`: a string or boolean (or undefined) per option. */
export type ParsedValues<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

/** A command's arguments: its usage text, its `parseArgs` options and what they mean. */
export interface CommandLine<O extends OptionsConfig, T extends object> {
  /** Printed by `-h`/`--help` and after a usage error. */
  usage: string;
  /** Options for `node:util`'s `parseArgs` (strict); `-h`/`--help` is added. */
  options: O;
  /** Whether the command takes operands (file names). Default false. */
  positionals?: boolean;
  /**
   * Turns the parsed values into the command's options.
   *
   * @throws {Error} For a usage error, with a message naming the option and the value found.
   */
  read(values: ParsedValues<O>, positionals: string[]): T;
}

/**
 * The start every tool's `main` shares: parses `args` with `parseArgs`, then either
 * prints the usage for `-h`/`--help` (stdout, exit 0), prints a usage error with the
 * usage (stderr, exit 2), or returns the options that `command.read` made.
 *
 * @returns The options, or the exit code when the command should stop here.
 * @example
 * ```ts
 * const options = parseCommandLine(args, io, { usage: USAGE, options: { out: { type: 'string' } }, read: (v) => ({ out: v.out ?? 'book' }) });
 * if (typeof options === 'number') return options;
 * ```
 */
export function parseCommandLine<O extends OptionsConfig, T extends object>(args: readonly string[], io: CliIo, command: CommandLine<O, T>): T | number {
  let options: T | 'help';
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals ?? false,
    });
    options = (values as { help?: boolean }).help === true ? 'help' : command.read(values as ParsedValues<O>, positionals);
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n\n${command.usage}\n`);
    return EXIT_USAGE;
  }
  if (options !== 'help') return options;
  io.stdout(`${command.usage}\n`);
  return EXIT_OK;
}

/**
 * Whether a tool module is the script node was started with, so that a CLI module
 * can also be imported (by tests) without running.
 *
 * @param moduleUrl The module's `import.meta.url`.
 * @returns True when it is the script in `process.argv[1]`.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
