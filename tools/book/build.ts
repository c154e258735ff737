/**
 * Builds the HTML book: executes every notebook with the tslab runner, writes the
 * executed notebooks and one page per notebook plus an index and a search index, and
 * copies every script, style and font the pages need from node_modules into `assets/`,
 * so the book opens from disk with the network off. Never writes outside its output folder.
 */
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { readNotebook, runNotebook, writeNotebook, type ExecutedNotebook, type Output, type RunProgress } from '../notebook-runner/index.js';
import { notebookTitle, pageFile, renderIndex, renderPage, type Chapter } from './page.js';
import { BOOK_CSS } from './styles.js';
import { BOOK_SCRIPT } from './script.js';
import { buildSearchIndex, searchIndexScript } from './search-index.js';
import { buildRunAssets } from '../browser-book/assets.js';

const require = createRequire(import.meta.url);

/** Options for {@link buildBook}. */
export interface BookOptions {
  /** Folder of `.ipynb` files, built in file-name order. Default `notebooks`. */
  notebooksDir?: string;
  /** Build these notebook files instead of a folder's (e.g. one chapter, as `npm run export` does), in this order. */
  notebooks?: readonly string[];
  /** Output folder. Default `book`. */
  outDir?: string;
  /** Per-cell time limit in ms. Default the runner's (120 s). */
  timeoutMs?: number;
  /** Notebooks executed at the same time. Default 2 (or the number of CPUs, if smaller). */
  concurrency?: number;
  /** Code run after each notebook's last cell; its outputs are returned, not shown in the book (see `runNotebook`). */
  epilogue?: string;
  /** Progress of each notebook's run. */
  onProgress?: (progress: RunProgress & { notebookIndex: number; notebookCount: number }) => void;
}

/** One built page. */
export interface BuiltPage {
  notebook: string;
  page: string;
  title: string;
  durationMs: number;
  /** Outputs of `BookOptions.epilogue`, when one was given. */
  epilogue?: Output[];
}

/** What {@link buildBook} produced. */
export interface BookResult {
  outDir: string;
  index: string;
  pages: BuiltPage[];
}

/** The book refused to write a file outside its output folder. */
export class OutsideOutputError extends Error {
  override name = 'OutsideOutputError';
}

/** Two notebooks would write the same page, or a notebook the index page. */
export class PageNameError extends Error {
  override name = 'PageNameError';
}

/**
 * The page file of each notebook, in order.
 *
 * @throws {PageNameError} When two notebooks share a page (their names differ only in
 *   folder or letter case, which some file systems do not tell apart) or one is called `index`.
 */
export function pageFiles(paths: readonly string[]): string[] {
  const files = paths.map(pageFile);
  // Keyed in lower case: macOS and Windows do not tell `A.html` from `a.html`.
  const taken = new Map<string, { file: string; owner: string }>([['index.html', { file: 'index.html', owner: "the book's contents page" }]]);
  for (const [i, file] of files.entries()) {
    const clash = taken.get(file.toLowerCase());
    if (clash !== undefined) {
      const caseOnly = clash.file === file ? '' : ` (${JSON.stringify(clash.file)} to file systems that ignore letter case)`;
      throw new PageNameError(`Notebook ${JSON.stringify(paths[i])} would be written as ${JSON.stringify(file)}${caseOnly}, which is already ${clash.owner}; rename the notebook.`);
    }
    taken.set(file.toLowerCase(), { file, owner: `the page of ${JSON.stringify(paths[i])}` });
  }
  return files;
}

/** Resolves `file` inside `outDir`, refusing anything that would land outside it. */
export function insideOutput(outDir: string, file: string): string {
  const root = resolve(outDir);
  const target = resolve(root, file);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new OutsideOutputError(`Refusing to write ${JSON.stringify(file)}: it resolves to ${target}, outside the book folder ${root}.`);
  }
  return target;
}

/** Writes a file inside the output folder atomically (temporary file, then rename). */
async function writeInside(outDir: string, file: string, content: string): Promise<string> {
  const target = insideOutput(outDir, file);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, target);
  return target;
}

/** Files copied from node_modules into `assets/`: [package file, destination]. */
const ASSETS: readonly [string, string][] = [
  ['katex/dist/katex.min.css', 'assets/katex/katex.min.css'],
  ['highlight.js/styles/github.css', 'assets/highlight.css'],
  ['plotly.js-dist-min/plotly.min.js', 'assets/plotly.min.js'],
];

/** Copies every script, style and font the pages use into `assets/`. */
export async function copyAssets(outDir: string): Promise<void> {
  for (const [from, to] of ASSETS) {
    const target = insideOutput(outDir, to);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(require.resolve(from), target);
  }
  const fonts = join(dirname(require.resolve('katex/dist/katex.min.css')), 'fonts');
  for (const font of await readdir(fonts)) {
    if (!font.endsWith('.woff2')) continue; // every current browser reads woff2
    const target = insideOutput(outDir, `assets/katex/fonts/${font}`);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(fonts, font), target);
  }
  await writeInside(outDir, 'assets/book.css', BOOK_CSS);
  await writeInside(outDir, 'assets/book.js', BOOK_SCRIPT);
}

/** The notebook-level metadata that marks a notebook whose outputs are timings: `"backprop-ts": { "measuresTime": true }`. */
export async function measuresTime(path: string): Promise<boolean> {
  try {
    const notebook = await readNotebook(path);
    return (notebook.metadata['backprop-ts'] as { measuresTime?: unknown } | undefined)?.measuresTime === true;
  } catch {
    return false; // the run reports what is wrong with the file
  }
}

/** Lists the notebooks of a folder in reading (file-name) order. */
export async function listNotebooks(notebooksDir: string): Promise<string[]> {
  const names = (await readdir(notebooksDir)).filter((n) => n.endsWith('.ipynb')).sort();
  return names.map((n) => join(notebooksDir, n));
}

/**
 * Executes every notebook and writes the book.
 *
 * @throws {NotebookCellError} At the first failing cell (no page is left half-written).
 */
export async function buildBook(options: BookOptions = {}): Promise<BookResult> {
  const notebooksDir = options.notebooksDir ?? 'notebooks';
  const outDir = resolve(options.outDir ?? 'book');
  const paths = options.notebooks === undefined ? await listNotebooks(notebooksDir) : [...options.notebooks];
  if (paths.some((path) => resolve(dirname(path)) === outDir) || resolve(notebooksDir) === outDir) {
    throw new OutsideOutputError('The book folder must not be the notebooks folder.');
  }
  if (paths.length === 0) throw new Error(`No notebooks (*.ipynb) found in ${notebooksDir}.`);
  const files = pageFiles(paths);

  const executed: ExecutedNotebook[] = new Array(paths.length);
  // Notebooks that measure time run alone, after the others: a notebook training beside
  // them on the other core would slow what they measure.
  const timed = await Promise.all(paths.map(measuresTime));
  const order = [...paths.keys()].filter((i) => !timed[i]);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, availableParallelism(), Math.max(order.length, 1)));
  let next = 0;
  let failed = false;
  // A small pool: each worker takes the next notebook until none is left or one fails.
  const worker = async () => {
    while (!failed && next < order.length) {
      const i = order[next++]!;
      try {
        executed[i] = await runNotebook(paths[i]!, {
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.epilogue === undefined ? {} : { epilogue: options.epilogue }),
          onProgress: (p) => options.onProgress?.({ ...p, notebookIndex: i + 1, notebookCount: paths.length }),
        });
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  order.splice(0, order.length, ...[...paths.keys()].filter((i) => timed[i]));
  next = 0;
  await worker(); // one at a time, nothing beside them

  const chapters: Chapter[] = executed.map((run, i) => ({ file: files[i]!, title: notebookTitle(run.notebook, basename(run.path, '.ipynb')), notebook: basename(run.path) }));
  await mkdir(outDir, { recursive: true });
  await rm(insideOutput(outDir, 'assets'), { recursive: true, force: true });
  await copyAssets(outDir);
  await buildRunAssets(outDir); // runnable cells: the library, kernel worker and editor for browsers, and data/
  const pages: BuiltPage[] = [];
  for (const [i, run] of executed.entries()) {
    const chapter = chapters[i]!;
    await writeNotebook(insideOutput(outDir, `notebooks/${basename(run.path)}`), run.notebook, { sourcePath: run.path });
    const page = await writeInside(outDir, chapter.file, renderPage(run.notebook, chapters, i));
    pages.push({ notebook: run.path, page, title: chapter.title, durationMs: run.durationMs, ...(run.epilogue ? { epilogue: run.epilogue } : {}) });
  }
  const index = await writeInside(outDir, 'index.html', renderIndex(chapters));
  const searchIndex = buildSearchIndex(executed.map((run, i) => ({ ...chapters[i]!, notebook: run.notebook })));
  await writeInside(outDir, 'assets/search-index.js', searchIndexScript(searchIndex));
  return { outDir, index, pages };
}
