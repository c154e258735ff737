/**
 * `stripOutputs(text)`: a notebook as it belongs in git, whatever Jupyter saved: no
 * outputs, no execution counts, none of the per-run metadata frontends add
 * (`execution` timings, `collapsed`, `scrolled`, the kernel's language version), the
 * stable cell ids kept, written
 * the way Jupyter writes (one-space indent, sorted keys). Used as git's clean filter
 * for `*.ipynb` (see `cli.ts`), so that running and saving a notebook never puts
 * outputs into a commit.
 */
import { clearOutputs, parseNotebook, serializeNotebook, type Notebook } from '../notebook-runner/index.js';

/** Cell metadata a frontend writes on each run or view; never part of the course. */
export const VOLATILE_CELL_METADATA: readonly string[] = ['execution', 'collapsed', 'scrolled', 'trusted'];

/**
 * Strips one notebook given as text.
 *
 * @param text The notebook's JSON.
 * @param where A name for error messages.
 * @returns The notebook's JSON without outputs, as Jupyter would write it.
 * @throws {NotebookFormatError} if the text is not an nbformat 4 notebook.
 * @example
 * ```ts
 * const clean = stripOutputs(readFileSync('notebooks/01.ipynb', 'utf8'));
 * ```
 */
export function stripOutputs(text: string, where = '<notebook>'): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return invalid(where, error);
  }
  const notebook: Notebook = clearOutputs(parseNotebook(json, where));
  for (const cell of notebook.cells) {
    for (const key of VOLATILE_CELL_METADATA) delete cell.metadata[key];
  }
  // The kernel reports its language's version on every start; it says nothing about the course.
  const languageInfo = notebook.metadata['language_info'];
  if (typeof languageInfo === 'object' && languageInfo !== null && !Array.isArray(languageInfo)) delete (languageInfo as Record<string, unknown>)['version'];
  return serializeNotebook(notebook);
}

/** True when a notebook's text has no outputs, execution counts or per-run metadata. */
export function isStripped(text: string, where = '<notebook>'): boolean {
  return stripOutputs(text, where) === text;
}

function invalid(where: string, error: unknown): never {
  throw new SyntaxError(`${where} is not a notebook: ${(error as Error).message}`);
}
