/**
 * `node dist-tools/book/cli.js [--out book] [--notebooks notebooks] [--timeout 120]`:
 * executes every notebook and writes the HTML book. Progress goes to stderr; the
 * time per notebook and the book's location are printed at the end.
 * Exit codes: 0 built, 1 a notebook failed (or the build failed), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { NotebookCellError, NotebookFormatError, UnsupportedKernelError } from '../notebook-runner/index.js';
import { buildBook, OutsideOutputError } from './build.js';

const USAGE = 'usage: book [--out DIR] [--notebooks DIR] [--timeout SECONDS]';

async function main(): Promise<number> {
  let values: { out?: string; notebooks?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { out: { type: 'string' }, notebooks: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) {
    console.error(`Expected --timeout to be a number of seconds greater than 0 but found ${values.timeout}.\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  // Where each running notebook is, so that Ctrl-C can say what it interrupted. The
  // runner kills the kernels on exit; nothing of the book is written before every
  // notebook has run, so an interrupted build leaves no half-written page.
  const running = new Map<string, string>();
  process.once('SIGINT', () => {
    const where = [...running].map(([notebook, cell]) => `${notebook} (${cell})`).join(', ') || 'no notebook yet';
    console.error(`\nBook build interrupted (Ctrl-C) while running ${where}. Kernels stopped; no book was written.`);
    process.exit(130);
  });
  try {
    const book = await buildBook({
      outDir: values.out ?? 'book',
      notebooksDir: values.notebooks ?? 'notebooks',
      ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
      onProgress: (p) => {
        const notebook = relative('.', p.notebookPath);
        const where = `[${p.notebookIndex}/${p.notebookCount}] ${notebook}`;
        const elapsed = `${(p.elapsedMs / 1000).toFixed(1)} s`;
        if (p.phase === 'kernel-ready') {
          running.set(notebook, 'starting');
          console.error(`${where}: kernel ready (pid ${String(p.kernelPid)}, ${elapsed})`);
        } else if (p.phase === 'cell-start') {
          running.set(notebook, `cell ${p.cellNumber}/${p.cellCount}`);
          console.error(`${where}: cell ${p.cellNumber}/${p.cellCount} (${elapsed})`);
        } else if (p.cellNumber === p.cellCount) {
          running.delete(notebook);
        }
      },
    });
    console.log('\nTime per notebook:');
    for (const page of book.pages) console.log(`  ${(page.durationMs / 1000).toFixed(1).padStart(6)} s  ${relative('.', page.notebook)}`);
    console.log(`\nBuilt ${book.pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s. Open ${relative('.', book.index) || book.index}`);
    return 0;
  } catch (error) {
    if (error instanceof NotebookCellError || error instanceof UnsupportedKernelError || error instanceof NotebookFormatError || error instanceof OutsideOutputError) {
      console.error(`\nBook build failed.\n${error.message}`);
    } else {
      console.error(`\nBook build failed: ${(error as Error).stack ?? String(error)}`);
    }
    return 1;
  }
}

process.exitCode = await main();
