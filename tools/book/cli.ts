#!/usr/bin/env node
/**
 * `node dist-tools/book/cli.js [--out book] [--notebooks notebooks] [--timeout 120]`:
 * executes every notebook and writes the HTML book. Progress goes to stderr; the
 * time per notebook and the book's location are printed at the end. Exit codes are
 * listed in {@link EXIT}; see tools/book/README.md.
 */
import { relative } from 'node:path';
import { NotebookCellError, NotebookFormatError, UnsupportedKernelError, type RunProgress } from '../notebook-runner/index.js';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo, type ParsedValues } from '../cli.js';
import { buildBook, OutsideOutputError, PageNameError, type BookOptions, type BookResult } from './build.js';

/** Exit codes of the command. */
export const EXIT = {
  /** The book was built. */
  ok: 0,
  /** A notebook failed, or the build did. */
  failed: 1,
  /** Bad arguments. */
  usage: EXIT_USAGE,
  /** Interrupted with Ctrl-C (SIGINT): kernels stopped, no book written. */
  interrupted: 130,
} as const;

/** Usage text printed by `--help` and after usage errors. */
export const USAGE = `Usage: node dist-tools/book/cli.js [--out DIR] [--notebooks DIR] [--timeout SECONDS] [NOTEBOOK.ipynb ...]

Executes every notebook of --notebooks (in file-name order), or the notebooks
named, with the project's tslab kernel and writes the HTML book to --out.
\`npm start\` builds the library first, then runs this for the whole book;
\`npm run export -- notebooks/01-generalized-gradient-descent.ipynb\` exports one
chapter to exports/ (no Python needed).

Options:
  --out DIR            output folder; nothing is written outside it (default book)
  --notebooks DIR      folder of .ipynb files (default notebooks)
  --timeout SECONDS    time limit per cell (default 120)
  -h, --help           show this help

Exit codes: 0 built, 1 a notebook or the build failed, 2 usage error,
130 interrupted (Ctrl-C).`;

const OPTIONS = {
  out: { type: 'string' },
  notebooks: { type: 'string' },
  timeout: { type: 'string' },
} as const;

type Options = Pick<BookOptions, 'outDir' | 'notebooksDir' | 'notebooks' | 'timeoutMs'>;

/**
 * Runs the command with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}. Ctrl-C during the build exits the process with 130.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const options = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, positionals: true, read: readOptions });
  if (typeof options === 'number') return options;
  const started = Date.now();
  // Where each running notebook is, so that Ctrl-C can say what it interrupted. The
  // runner kills the kernels on exit; nothing of the book is written before every
  // notebook has run, so an interrupted build leaves no half-written page.
  const running = new Map<string, string>();
  const onInterrupt = () => {
    const where = [...running].map(([notebook, cell]) => `${notebook} (${cell})`).join(', ') || 'no notebook yet';
    io.stderr(`\nBook build interrupted (Ctrl-C) while running ${where}. Kernels stopped; no book was written.\n`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const book = await buildBook({ ...options, onProgress: (progress) => io.stderr(progressLine(progress, running)) });
    io.stdout(summary(book, Date.now() - started));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof NotebookCellError || error instanceof UnsupportedKernelError || error instanceof NotebookFormatError || error instanceof OutsideOutputError || error instanceof PageNameError) {
      io.stderr(`\nBook build failed.\n${error.message}\n`);
    } else {
      io.stderr(`\nBook build failed: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT.failed;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function readOptions(values: ParsedValues<typeof OPTIONS>, positionals: string[]): Options {
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new Error(`Expected --timeout to be a number of seconds greater than 0 but found ${values.timeout}.`);
  if (positionals.length > 0 && values.notebooks !== undefined) throw new Error('Expected either --notebooks or notebook files, not both');
  const bad = positionals.find((p) => !p.endsWith('.ipynb'));
  if (bad !== undefined) throw new Error(`Expected notebook files (*.ipynb) but found ${JSON.stringify(bad)}`);
  return {
    outDir: values.out ?? 'book',
    notebooksDir: values.notebooks ?? 'notebooks',
    ...(positionals.length > 0 ? { notebooks: positionals } : {}),
    ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
  };
}

/** One line of progress on stderr (none when a cell is done); keeps `running` up to date for Ctrl-C. */
function progressLine(p: RunProgress & { notebookIndex: number; notebookCount: number }, running: Map<string, string>): string {
  const notebook = relative('.', p.notebookPath);
  const where = `[${p.notebookIndex}/${p.notebookCount}] ${notebook}`;
  const elapsed = `${(p.elapsedMs / 1000).toFixed(1)} s`;
  if (p.phase === 'kernel-ready') {
    running.set(notebook, 'starting');
    return `${where}: kernel ready (pid ${String(p.kernelPid)}, ${elapsed})\n`;
  }
  if (p.phase === 'cell-start') {
    running.set(notebook, `cell ${p.cellNumber}/${p.cellCount}`);
    return `${where}: cell ${p.cellNumber}/${p.cellCount} (${elapsed})\n`;
  }
  if (p.cellNumber === p.cellCount) running.delete(notebook);
  return '';
}

/** The time per notebook and where the book is. */
function summary(book: BookResult, elapsedMs: number): string {
  const times = book.pages.map((page) => `  ${(page.durationMs / 1000).toFixed(1).padStart(6)} s  ${relative('.', page.notebook)}\n`);
  return `\nTime per notebook:\n${times.join('')}\nBuilt ${book.pages.length} pages in ${(elapsedMs / 1000).toFixed(1)} s. Open ${relative('.', book.index) || book.index}\n`;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
