#!/usr/bin/env node
/**
 * The tslab kernel as Jupyter and the notebook runner start it:
 *
 *   node dist-tools/kernel/tslab-kernel.js [--tslab BIN] kernel --config-path FILE [--js]
 *
 * Does what tslab's own `tslab kernel` does (bin/tslab → dist/main.js `main()` →
 * `startKernel`), after one fix: tslab sends every message without waiting for the
 * previous one, which zeromq 6 refuses (EBUSY, EAGAIN) and its publisher drops past
 * 1,000 queued messages, so it first makes the sockets queue their sends
 * (`queued-sends.ts`); an interrupted cell prints one line instead of a stack
 * (`interrupts.ts`); an error a cell causes after its code returned (a rejection
 * nobody handles, an exception in a timer) is sent to that cell as an `error`
 * message (`async-errors.ts`); and the kernel exits when the process that started it
 * dies (`parent-watch.ts`) or cannot open its ports (`bind-failure.ts`). Each cell
 * also compiles faster: tslab's TypeScript builds plain programs instead of builders
 * that track every file's references (`light-builder.ts`). Exit codes are listed in {@link EXIT}; see README.md.
 */
import { existsSync, readFileSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { reportAsyncErrors, type TslabServerClass } from './async-errors.js';
import { BIND_FAILURE_EXIT, exitOnBindFailure, type BindingServerClass } from './bind-failure.js';
import { quietInterrupts } from './interrupts.js';
import { installLightBuilders } from './light-builder.js';
import { watchParent } from './parent-watch.js';
import { queueSends, type KernelSocketClasses, type SendFailure } from './queued-sends.js';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo, type ParsedValues } from '../cli.js';

/** Exit codes of the launcher. */
export const EXIT = {
  /** The kernel started; the process then runs until the kernel is shut down. */
  ok: 0,
  /** Bad arguments. */
  usage: EXIT_USAGE,
  /** The connection file cannot be read, or tslab (or its zeromq) cannot be loaded. */
  failure: 3,
  /** The process that started the kernel died, so the kernel stopped too. */
  orphaned: 4,
  /** A port of the connection file was taken (or could not be bound): Jupyter starts the kernel again on other ports. */
  bindFailed: BIND_FAILURE_EXIT,
} as const;

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: node dist-tools/kernel/tslab-kernel.js [--tslab BIN] kernel --config-path FILE [--js]

Starts tslab's Jupyter kernel, as "tslab kernel" does, with its ZeroMQ sockets
sending one message at a time, in order, retrying a busy socket, with no
high-water mark on IOPub, and with printed lines that wait to be sent merged into
one message: every line a cell prints and every display reaches the notebook,
and a busy socket never stops the kernel. Jupyter's kernel.json and the notebook
runner start the kernel this way.

Options:
  --tslab BIN         the tslab to run, by its launcher script (default: this
                      project's node_modules/.bin/tslab)
  --config-path FILE  the connection file Jupyter wrote (required)
  --js                a JavaScript kernel instead of TypeScript, as tslab's --js
  --remove-connection-folder
                      if the process that started the kernel dies, remove the
                      folder holding the connection file too, when it is then
                      empty (the notebook runner's private folder)
  -h, --help          show this help

The kernel exits when the process that started it dies, and removes its
connection file. An error a cell causes after its code returned (a promise
rejection nobody handles, an exception thrown by a timer) is reported to that
cell as an error.

A kernel that cannot listen on a port of its connection file (another process
took it after Jupyter chose it) says which and exits with code 5, so that
Jupyter starts it again on other ports.

Exit codes: 0 kernel started (it runs until shut down), 2 usage error,
3 connection file unreadable or tslab not loadable, 4 its parent died,
5 a port of the connection file could not be bound.`;

/** tslab's `startKernel` options (dist/main.js, kept stable by tslab for global installs). */
interface StartKernelOptions {
  configPath: string;
  enableFindLocal: boolean;
  jsKernel: boolean;
  globalVersion: string;
}

/** One tslab installation, loaded. */
export interface LoadedTslab {
  /** The package folder, e.g. `<project>/node_modules/tslab`. */
  packageDir: string;
  version: string;
  /** tslab's `startKernel` from `dist/main.js`. */
  startKernel(options: StartKernelOptions): void;
  /** The zeromq module tslab's `dist/jupyter.js` requires, the very instance whose sockets it creates. */
  zeromq: KernelSocketClasses;
  /** tslab's `ZmqServer` class from `dist/jupyter.js`, the one `startKernel` creates. */
  ZmqServer: TslabServerClass & BindingServerClass;
  /** Whether tslab's TypeScript builds plain programs (`light-builder.ts`): false with {@link FULL_BUILDER_ENV} set. */
  lightBuilders: boolean;
}

/**
 * Set to `1` in the kernel's environment, tslab keeps TypeScript's full builder
 * programs (`light-builder.ts`): slower cells, the same results; for measuring the difference.
 */
export const FULL_BUILDER_ENV = 'BACKPROP_KERNEL_FULL_BUILDER';

/**
 * Loads a tslab and the zeromq it uses, without starting anything; tslab's
 * TypeScript builds plain programs (`light-builder.ts`) unless {@link FULL_BUILDER_ENV} is `1`.
 *
 * @param bin tslab's launcher script (`node_modules/.bin/tslab`, a link to
 *   `<package>/bin/tslab`) or any file of its package; default the tslab this module resolves.
 * @throws {Error} if that is not a tslab package.
 */
export function loadTslab(bin?: string): LoadedTslab {
  const packageDir = bin === undefined ? dirname(createRequire(import.meta.url).resolve('tslab/package.json')) : packageOf(realpathSync(bin));
  const fromPackage = createRequire(join(packageDir, 'package.json'));
  const manifest = fromPackage('./package.json') as { name?: unknown; version?: unknown };
  if (manifest.name !== 'tslab') throw new Error(`Expected a tslab package at ${packageDir} but found ${JSON.stringify(manifest.name)}`);
  // Before tslab's converter loads: it takes the TypeScript module from the require cache.
  const lightBuilders = process.env[FULL_BUILDER_ENV] === '1' ? false : installLightBuilders(packageDir);
  const { startKernel } = fromPackage('./dist/main.js') as { startKernel: LoadedTslab['startKernel'] };
  const zeromq = createRequire(join(packageDir, 'dist', 'jupyter.js'))('zeromq') as KernelSocketClasses;
  const { ZmqServer } = fromPackage('./dist/jupyter.js') as { ZmqServer: LoadedTslab['ZmqServer'] };
  return { packageDir, version: String(manifest.version), startKernel, zeromq, ZmqServer, lightBuilders };
}

/** The folder of the package holding `file`: the nearest one above it with a package.json. */
function packageOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Expected ${file} to belong to a package but found no package.json above it`);
  }
}

/** What the command line asks for. */
export interface LaunchOptions {
  /** tslab's launcher script; default this project's. */
  tslab?: string;
  configPath: string;
  jsKernel: boolean;
  /** When the parent dies, also remove the connection file's folder if that leaves it empty. */
  removeConnectionFolder?: boolean;
}

/**
 * Starts the kernel in this process: tslab's sockets queue their sends
 * (`queued-sends.ts`, signing merged output with the connection file's key), then tslab's
 * own `startKernel` runs, as `tslab kernel` would call it, except that it always
 * runs the tslab given here (tslab's bin would switch to one found in a
 * `node_modules` above the working directory, whose zeromq this fix never saw).
 * Messages that still cannot be sent are reported on the process's real stderr
 * (tslab sends `process.stderr` to the notebook while a cell runs), once per socket
 * and error code. Asynchronous errors go to the cell that caused them, in place of
 * tslab's own handlers; the process exits ({@link EXIT}.bindFailed) when a port of the
 * connection file cannot be bound, and ({@link EXIT}.orphaned) when its parent
 * dies, removing its connection file (and with `removeConnectionFolder`, its folder).
 */
export function launchKernel(options: LaunchOptions): void {
  const { key } = JSON.parse(readFileSync(options.configPath, 'utf8')) as { key?: unknown };
  if (typeof key !== 'string') throw new Error(`Expected a connection file with a "key" but found none in ${options.configPath}`);
  // Before tslab loads (seconds), so that a parent killed meanwhile is noticed too.
  watchParent({ onGone: () => exitOrphaned(options) });
  const tslab = loadTslab(options.tslab);
  const writeStderr = process.stderr.write.bind(process.stderr);
  const reported = new Set<string>();
  const onFailure = ({ socket, error }: SendFailure): void => {
    const code = (error as NodeJS.ErrnoException).code ?? error.name;
    if (reported.has(`${socket} ${code}`)) return;
    reported.add(`${socket} ${code}`);
    writeStderr(`tslab-kernel: a ${socket} socket could not send a message (${code}: ${error.message}); later ${code} failures of this socket type are not reported\n`);
  };
  queueSends(tslab.zeromq, { key, onFailure });
  quietInterrupts(console);
  reportAsyncErrors(tslab.ZmqServer, { fallback: writeStderr });
  exitOnBindFailure(tslab.ZmqServer, (message) => {
    writeStderr(message);
    process.exit(EXIT.bindFailed);
  });
  const before = { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
  tslab.startKernel({ configPath: options.configPath, enableFindLocal: false, jsKernel: options.jsKernel, globalVersion: tslab.version });
  // tslab's own handlers print to whichever cell ran last; ours report to the right one.
  for (const listener of process.listeners('uncaughtException')) if (!before.exception.includes(listener)) process.off('uncaughtException', listener);
  for (const listener of process.listeners('unhandledRejection')) if (!before.rejection.includes(listener)) process.off('unhandledRejection', listener);
}

/** The parent died: nobody can use this kernel or its connection file any more. */
function exitOrphaned(options: LaunchOptions): never {
  try {
    rmSync(options.configPath, { force: true });
    if (options.removeConnectionFolder === true) rmdirSync(dirname(options.configPath));
  } catch {
    // A folder that holds other files stays; the process exits all the same.
  }
  process.exit(EXIT.orphaned);
}

/**
 * Runs the launcher with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}; 0 once the kernel has started.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const parsed = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, positionals: true, read: readOptions });
  if (typeof parsed === 'number') return parsed;
  try {
    launchKernel(parsed);
  } catch (error) {
    io.stderr(`error: could not start the kernel: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  return EXIT.ok;
}

const OPTIONS = {
  tslab: { type: 'string' },
  'config-path': { type: 'string' },
  js: { type: 'boolean' },
  'remove-connection-folder': { type: 'boolean' },
} as const;

function readOptions(values: ParsedValues<typeof OPTIONS>, positionals: string[]): LaunchOptions {
  if (positionals[0] !== 'kernel' || positionals.length !== 1) {
    throw new Error(`Expected the one command 'kernel' but found ${positionals.length === 0 ? 'none' : positionals.map((p) => `'${p}'`).join(' ')}`);
  }
  const configPath = values['config-path'];
  if (configPath === undefined || configPath === '') throw new Error('Expected --config-path to name the connection file but found none');
  const tslab = values.tslab;
  if (tslab === '') throw new Error('Expected --tslab to name tslab\'s launcher script but found an empty string');
  return {
    ...(tslab === undefined ? {} : { tslab }),
    configPath,
    jsKernel: values.js === true,
    removeConnectionFolder: values['remove-connection-folder'] === true,
  };
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
