/**
 * nbformat v4 notebooks on disk: reading and validating, clearing outputs,
 * assigning cell ids, and writing nbformat 4.5 JSON the way Jupyter does
 * (one-space indent, sorted keys, multi-line strings split into lists of
 * lines), atomically and never over the source notebook.
 *
 * In memory, multi-line fields (cell source, stream text, text mime data) are
 * always plain strings; lists of lines exist only in files.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Output } from './outputs.js';
import type { JsonObject } from './wire.js';

/** What every cell has. */
interface BaseCell {
  id?: string;
  source: string;
  metadata: JsonObject;
}

/** A code cell. */
export interface CodeCell extends BaseCell {
  cell_type: 'code';
  execution_count: number | null;
  outputs: Output[];
}

/** A markdown cell. */
export interface MarkdownCell extends BaseCell {
  cell_type: 'markdown';
  attachments?: JsonObject;
}

/** A raw cell. */
export interface RawCell extends BaseCell {
  cell_type: 'raw';
  attachments?: JsonObject;
}

/** Any notebook cell. */
export type Cell = CodeCell | MarkdownCell | RawCell;

/** An nbformat v4 notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
}

/** The notebook file is not valid nbformat 4 JSON, or cannot be read ({@link NotebookReadError}). */
export class NotebookFormatError extends Error {
  constructor(
    readonly path: string,
    detail: string,
    message = `${path}: not a valid nbformat 4 notebook: ${detail}`,
  ) {
    super(message);
    this.name = 'NotebookFormatError';
  }
}

/**
 * The notebook file cannot be read: it is missing, a folder, or not readable. The
 * message is one line, `<path>: cannot read the notebook: <what is wrong>`; `code`
 * is the system's error code (`ENOENT`, `EISDIR`, …).
 */
export class NotebookReadError extends NotebookFormatError {
  constructor(
    path: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(path, detail, `${path}: cannot read the notebook: ${detail}`);
    this.name = 'NotebookReadError';
  }
}

/** What a failed read of a notebook file means, in words. */
function readProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error.code === undefined ? error.message : `${error.code}: ${error.message.replace(/^[A-Z]+: /, '')}`;
  }
}

/** Writing the executed notebook would replace its source notebook. */
export class SourceOverwriteError extends Error {
  constructor(readonly path: string) {
    super(`Refusing to write the executed notebook over its source ${path}`);
    this.name = 'SourceOverwriteError';
  }
}

/** nbformat 4.5 cell id rule. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** nbformat's rule for mime types whose values are JSON rather than text. */
function isJsonMimeType(mimeType: string): boolean {
  return mimeType === 'application/json' || (mimeType.startsWith('application/') && mimeType.endsWith('+json'));
}

/**
 * Reads and validates an nbformat 4 notebook.
 *
 * @throws {NotebookReadError} if the file cannot be read, with the path and why.
 * @throws {NotebookFormatError} with the path and what is wrong.
 */
export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const problem = readProblem(error as NodeJS.ErrnoException);
    throw new NotebookReadError(path, (error as NodeJS.ErrnoException).code, problem);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NotebookFormatError(path, `invalid JSON (${(error as Error).message})`);
  }
  return parseNotebook(json, path);
}

/**
 * Validates parsed notebook JSON and normalizes multi-line fields to strings.
 *
 * @param where file name used in error messages.
 * @throws {NotebookFormatError}
 */
export function parseNotebook(json: unknown, where = '<notebook>'): Notebook {
  const fail = (detail: string): never => {
    throw new NotebookFormatError(where, detail);
  };
  if (!isObject(json)) return fail('the top level is not a JSON object');
  if (json['nbformat'] !== 4) return fail(`nbformat is ${JSON.stringify(json['nbformat'])}, expected 4`);
  const minor = json['nbformat_minor'];
  if (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0) {
    return fail('nbformat_minor must be a non-negative integer');
  }
  const metadata = json['metadata'] ?? {};
  if (!isObject(metadata)) return fail('metadata must be an object');
  const cells = json['cells'];
  if (!Array.isArray(cells)) return fail('cells must be an array');

  const parsed = cells.map((raw: unknown, index): Cell => {
    const at = `cells[${index}]`;
    if (!isObject(raw)) return fail(`${at} is not an object`);
    const source = multiline(raw['source']);
    if (source === undefined) return fail(`${at}.source must be a string or a list of strings`);
    const cellMetadata = raw['metadata'] ?? {};
    if (!isObject(cellMetadata)) return fail(`${at}.metadata must be an object`);
    const id = raw['id'];
    if (id !== undefined && typeof id !== 'string') return fail(`${at}.id must be a string`);
    const common = { ...(id === undefined ? {} : { id }), source, metadata: cellMetadata };
    const attachments = raw['attachments'];
    if (attachments !== undefined && !isObject(attachments)) return fail(`${at}.attachments must be an object`);
    switch (raw['cell_type']) {
      case 'code': {
        const count = raw['execution_count'] ?? null;
        if (count !== null && (typeof count !== 'number' || !Number.isInteger(count))) {
          return fail(`${at}.execution_count must be an integer or null`);
        }
        const outputs = raw['outputs'] ?? [];
        if (!Array.isArray(outputs)) return fail(`${at}.outputs must be an array`);
        return {
          cell_type: 'code',
          ...common,
          execution_count: count,
          outputs: outputs.map((output: unknown, o) => parseOutput(output, `${at}.outputs[${o}]`, fail)),
        };
      }
      case 'markdown':
      case 'raw':
        return { cell_type: raw['cell_type'], ...common, ...(attachments === undefined ? {} : { attachments }) };
      default:
        return fail(`${at}.cell_type must be "code", "markdown" or "raw", got ${JSON.stringify(raw['cell_type'])}`);
    }
  });
  return { nbformat: 4, nbformat_minor: minor, metadata, cells: parsed };
}

function parseOutput(raw: unknown, at: string, fail: (detail: string) => never): Output {
  if (!isObject(raw)) return fail(`${at} is not an object`);
  const mimeBundle = (value: unknown, field: string): JsonObject => {
    const bundle = value ?? {};
    if (!isObject(bundle)) return fail(`${at}.${field} must be an object`);
    return Object.fromEntries(
      Object.entries(bundle).map(([mime, data]) => [mime, isJsonMimeType(mime) ? data : (multiline(data) ?? data)]),
    );
  };
  switch (raw['output_type']) {
    case 'stream': {
      const text = multiline(raw['text']);
      if (text === undefined) return fail(`${at}.text must be a string or a list of strings`);
      if (raw['name'] !== 'stdout' && raw['name'] !== 'stderr') return fail(`${at}.name must be "stdout" or "stderr"`);
      return { output_type: 'stream', name: raw['name'], text };
    }
    case 'display_data':
      return { output_type: 'display_data', data: mimeBundle(raw['data'], 'data'), metadata: mimeBundle(raw['metadata'], 'metadata') };
    case 'execute_result': {
      const count = raw['execution_count'];
      return {
        output_type: 'execute_result',
        execution_count: typeof count === 'number' ? count : null,
        data: mimeBundle(raw['data'], 'data'),
        metadata: mimeBundle(raw['metadata'], 'metadata'),
      };
    }
    case 'error': {
      const traceback = raw['traceback'];
      if (typeof raw['ename'] !== 'string' || typeof raw['evalue'] !== 'string' || !Array.isArray(traceback)) {
        return fail(`${at} must have string ename and evalue and a traceback list`);
      }
      return { output_type: 'error', ename: raw['ename'], evalue: raw['evalue'], traceback: traceback.map(String) };
    }
    default:
      return fail(`${at}.output_type ${JSON.stringify(raw['output_type'])} is not an nbformat 4 output type`);
  }
}

/** Returns a copy of the notebook with every code cell's outputs and execution count cleared. */
export function clearOutputs(notebook: Notebook): Notebook {
  const copy = structuredClone(notebook);
  for (const cell of copy.cells) {
    if (cell.cell_type === 'code') {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return copy;
}

/**
 * Gives every cell a valid, unique nbformat 4.5 id (existing valid ids are
 * kept) and marks the notebook as nbformat 4.5 or later. Mutates and returns it.
 */
export function ensureCellIds(notebook: Notebook): Notebook {
  const seen = new Set<string>();
  for (const cell of notebook.cells) {
    if (cell.id === undefined || !CELL_ID.test(cell.id) || seen.has(cell.id)) {
      let id: string;
      do id = randomBytes(4).toString('hex');
      while (seen.has(id));
      cell.id = id;
    }
    seen.add(cell.id);
  }
  notebook.nbformat_minor = Math.max(notebook.nbformat_minor, 5);
  return notebook;
}

/**
 * Serializes a notebook as nbformat 4.5 JSON text, as Jupyter writes it.
 * Cells get ids if they lack them (on a copy; the argument is not changed).
 */
export function serializeNotebook(notebook: Notebook): string {
  const copy = ensureCellIds(structuredClone(notebook));
  const cells = copy.cells.map((cell) => {
    const base: JsonObject = { ...cell, source: splitLines(cell.source) };
    if (cell.cell_type === 'code') base['outputs'] = cell.outputs.map(outputForDisk);
    return base;
  });
  return JSON.stringify(sortKeys({ ...copy, cells }), null, 1) + '\n';
}

function outputForDisk(output: Output): JsonObject {
  switch (output.output_type) {
    case 'stream':
      return { ...output, text: splitLines(output.text) };
    case 'display_data':
    case 'execute_result':
      return {
        ...output,
        data: Object.fromEntries(
          Object.entries(output.data).map(([mime, value]) => [
            mime,
            !isJsonMimeType(mime) && typeof value === 'string' ? splitLines(value) : value,
          ]),
        ),
      };
    case 'error':
      return { ...output };
  }
}

/** Options for {@link writeNotebook}. */
export interface WriteNotebookOptions {
  /** The notebook the content came from; writing to this path (or a link to it) is refused. */
  sourcePath?: string;
}

/**
 * Writes a notebook atomically (temporary file in the target directory, then
 * rename), creating the directory if needed.
 *
 * @throws {SourceOverwriteError} if `path` is `options.sourcePath` (an executed notebook must never replace its source).
 */
export async function writeNotebook(path: string, notebook: Notebook, options: WriteNotebookOptions = {}): Promise<void> {
  const target = resolve(path);
  if (options.sourcePath !== undefined) await assertNotSource(target, options.sourcePath);
  const text = serializeNotebook(notebook);
  await mkdir(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Checks that writing `target` would not replace `source` (same path, or a link to it).
 *
 * @throws {SourceOverwriteError}
 */
export async function assertNotSource(target: string, source: string): Promise<void> {
  if (await samePath(target, source)) throw new SourceOverwriteError(source);
}

async function samePath(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  const real = async (p: string): Promise<string> => {
    try {
      return await realpath(p);
    } catch {
      // A path that does not exist yet: compare its resolved parent.
      try {
        return join(await realpath(dirname(resolve(p))), basename(p));
      } catch {
        return resolve(p);
      }
    }
  };
  return (await real(a)) === (await real(b));
}

/**
 * Splits text into lines that keep their line endings (`\n`, `\r\n` or `\r`),
 * as nbformat does with Python's `str.splitlines(True)`. `""` gives `[]`.
 */
export function splitLines(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** Joins an nbformat multi-line value (string or list of strings); undefined if it is neither. */
function multiline(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join('');
  return undefined;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
