#!/usr/bin/env node
/**
 * Command line front end of the notebook runner:
 *
 *   node dist-tools/notebook-runner/cli.js <notebook.ipynb>... --out <dir> [--timeout <s>] [--startup-timeout <s>]
 *
 * Executes each notebook in a fresh tslab kernel and writes the executed copy
 * to `<dir>/<notebook file name>`. Progress goes to stderr. Exit codes are
 * listed in {@link EXIT}.
 */
import { basename, join } from 'node:path';
import { NotebookFormatError, SourceOverwriteError, assertNotSource, readNotebook, writeNotebook } from './notebook.js';
import { NotebookCellError, UnsupportedKernelError, checkKernelspec, runNotebook, type RunProgress } from './run.js';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo, type ParsedValues } from '../cli.js';

/** Exit codes of the CLI. */
export const EXIT = {
  /** Every notebook executed and was written. */
  ok: 0,
  /** A cell failed: error, compile error, timeout, or its kernel died. */
  cellError: 1,
  /** Bad arguments, or a notebook that is missing, invalid, or would be overwritten. */
  usage: EXIT_USAGE,
  /** The kernel could not be started, or another unexpected failure. */
  failure: 3,
} as const;

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: node dist-tools/notebook-runner/cli.js <notebook.ipynb>... --out <dir> [options]

Executes Jupyter notebooks with the project's tslab kernel and writes the
executed copies to <dir>, keeping their file names.

Options:
  --out <dir>                 directory for executed notebooks (required)
  --timeout <seconds>         time limit per cell (default 120)
  --startup-timeout <seconds> time limit for the kernel to start (default 60)
  -h, --help                  show this help

Exit codes: 0 ok, 1 a cell failed, 2 usage error, 3 kernel/other failure.`;

/** Parsed command line. */
interface CliArgs {
  notebooks: string[];
  out: string;
  timeoutMs: number;
  startupTimeoutMs: number;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script).
 *
 * @returns the process exit code (see {@link EXIT}).
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const parsed = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, positionals: true, read: readOptions });
  if (typeof parsed === 'number') return parsed;

  // Every notebook is checked before the first kernel starts: a bad path fails at once.
  for (const notebookPath of parsed.notebooks) {
    try {
      await assertNotSource(join(parsed.out, basename(notebookPath)), notebookPath);
      checkKernelspec(await readNotebook(notebookPath), notebookPath);
    } catch (error) {
      io.stderr(`${errorText(error, notebookPath)}\n`);
      return exitCodeFor(error);
    }
  }
  for (const notebookPath of parsed.notebooks) {
    const outPath = join(parsed.out, basename(notebookPath));
    try {
      io.stderr(`[${notebookPath}] starting kernel\n`);
      const executed = await runNotebook(notebookPath, {
        timeoutMs: parsed.timeoutMs,
        startupTimeoutMs: parsed.startupTimeoutMs,
        onProgress: (progress) => io.stderr(formatProgress(progress)),
      });
      await writeNotebook(outPath, executed.notebook, { sourcePath: notebookPath });
      io.stderr(`[${notebookPath}] done in ${seconds(executed.durationMs)}, wrote ${outPath}\n`);
    } catch (error) {
      io.stderr(`${errorText(error, notebookPath)}\n`);
      return exitCodeFor(error);
    }
  }
  return EXIT.ok;
}

const OPTIONS = {
  out: { type: 'string' },
  timeout: { type: 'string' },
  'startup-timeout': { type: 'string' },
} as const;

function readOptions(values: ParsedValues<typeof OPTIONS>, positionals: string[]): CliArgs {
  if (positionals.length === 0) throw new Error('no notebook given');
  if (values.out === undefined || values.out === '') throw new Error('--out <dir> is required');
  const names = new Set<string>();
  for (const notebook of positionals) {
    if (!notebook.endsWith('.ipynb')) throw new Error(`not a notebook (.ipynb): ${notebook}`);
    if (names.has(basename(notebook))) throw new Error(`two notebooks named ${basename(notebook)} would overwrite each other in ${values.out}`);
    names.add(basename(notebook));
  }
  return {
    notebooks: positionals,
    out: values.out,
    timeoutMs: secondsOption('--timeout', values.timeout, 120),
    startupTimeoutMs: secondsOption('--startup-timeout', values['startup-timeout'], 60),
  };
}

function secondsOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new Error(`${name} must be a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return Math.round(number * 1000);
}

function formatProgress(progress: RunProgress): string {
  const where = `[${progress.notebookPath}]`;
  const at = seconds(progress.elapsedMs);
  switch (progress.phase) {
    case 'kernel-ready':
      return `${where} kernel ready (pid ${String(progress.kernelPid)}) after ${at}\n`;
    case 'cell-start':
      return `${where} cell ${progress.cellNumber}/${progress.cellCount} running (elapsed ${at})\n`;
    case 'cell-done':
      return '';
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof NotebookCellError) return EXIT.cellError;
  if (error instanceof NotebookFormatError || error instanceof UnsupportedKernelError) return EXIT.usage;
  if (error instanceof SourceOverwriteError) return EXIT.usage;
  return EXIT.failure;
}

/** The error's message, after `[<notebook>] ` unless it names the notebook already (every runner error does). */
function errorText(error: unknown, notebookPath: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(notebookPath) ? message : `[${notebookPath}] ${message}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
