/**
 * Executing a notebook: start a tslab kernel in the notebook's folder, run
 * its code cells in order one at a time, collect their outputs, and stop at
 * the first cell that fails with a {@link NotebookCellError}. The kernel is
 * always shut down before {@link runNotebook} settles.
 */
import { performance } from 'node:perf_hooks';
import { dirname, resolve } from 'node:path';
import { DEFAULT_EXECUTE_TIMEOUT_MS, type ExecutionResult } from './execute.js';
import { DEFAULT_STARTUP_TIMEOUT_MS, KernelSession, type KernelInfo, type KernelSessionOptions, type LateError } from './kernel.js';
import { ExecutionTimeoutError, KernelDiedError, KernelStartError } from './kernel-errors.js';
import { clearOutputs, ensureCellIds, readNotebook, type Notebook } from './notebook.js';
import { DisplayRegistry, stripAnsi, type ErrorOutput, type Output } from './outputs.js';

/** Progress of a notebook run, reported through {@link RunOptions.onProgress}. */
export interface RunProgress {
  /** The notebook path as given to {@link runNotebook}. */
  notebookPath: string;
  /** `kernel-ready` once the kernel answers; then `cell-start` and `cell-done` around each executed code cell. */
  phase: 'kernel-ready' | 'cell-start' | 'cell-done';
  /** 1-based index of the cell among all cells of the notebook (0 for `kernel-ready`). */
  cellNumber: number;
  /** Number of cells in the notebook (all types). */
  cellCount: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Process id of the kernel running the notebook. */
  kernelPid: number | undefined;
}

/** Options for {@link runNotebook}. */
export interface RunOptions {
  /** Per-cell time limit in milliseconds. Defaults to 120 s. */
  timeoutMs?: number;
  /** Time limit for the kernel to start. Defaults to 60 s. */
  startupTimeoutMs?: number;
  /** Working directory of the kernel. Defaults to the notebook's folder. */
  cwd?: string;
  /** Called as the run progresses. Exceptions thrown by it abort the run. */
  onProgress?: (progress: RunProgress) => void;
  /** Kernel command line and environment overrides (see {@link KernelSessionOptions}). */
  kernel?: Pick<KernelSessionOptions, 'argv' | 'env'>;
  /**
   * Code run in the same kernel after the last cell, e.g. a check on what the
   * notebook left behind. Its outputs go to {@link ExecutedNotebook.epilogue}, not into the notebook.
   */
  epilogue?: string;
}

/** A successfully executed notebook. */
export interface ExecutedNotebook {
  /** The notebook path as given to {@link runNotebook}. */
  path: string;
  /** The notebook with fresh outputs, execution counts, cell ids and the kernel's language_info. */
  notebook: Notebook;
  /** Wall-clock milliseconds from reading the notebook until its last cell finished (kernel startup included). */
  durationMs: number;
  /** The kernel's kernel_info_reply. */
  kernelInfo: KernelInfo;
  /** Outputs of {@link RunOptions.epilogue}, when one was given. */
  epilogue?: Output[];
}

/** Why a cell failed. */
export type CellFailureReason = 'error' | 'timeout' | 'kernel-died';

/** Details of a failed cell, as carried by {@link NotebookCellError}. */
export interface CellFailure {
  notebookPath: string;
  /** 1-based index of the cell among all cells of the notebook. */
  cellNumber: number;
  /** The first non-blank line of the cell's source. */
  firstLine: string;
  reason: CellFailureReason;
  /** Error name from the kernel, or derived from its stderr (`CompileError` for TypeScript diagnostics). */
  ename?: string;
  /** Error value from the kernel, or derived from its stderr. */
  evalue?: string;
  /** What the kernel said: its stderr / error output for this cell, or the infrastructure error. */
  kernelMessage: string;
  /** The notebook as far as it got: earlier cells and the failing cell carry their outputs. */
  notebook: Notebook;
}

/** A code cell failed: raised an error, did not compile, timed out, or its kernel died. */
export class NotebookCellError extends Error implements CellFailure {
  readonly notebookPath: string;
  readonly cellNumber: number;
  readonly firstLine: string;
  readonly reason: CellFailureReason;
  readonly ename?: string;
  readonly evalue?: string;
  readonly kernelMessage: string;
  readonly notebook: Notebook;

  constructor(failure: CellFailure, options?: { cause?: unknown }) {
    super(formatCellFailure(failure), options);
    this.name = 'NotebookCellError';
    this.notebookPath = failure.notebookPath;
    this.cellNumber = failure.cellNumber;
    this.firstLine = failure.firstLine;
    this.reason = failure.reason;
    if (failure.ename !== undefined) this.ename = failure.ename;
    if (failure.evalue !== undefined) this.evalue = failure.evalue;
    this.kernelMessage = failure.kernelMessage;
    this.notebook = failure.notebook;
  }
}

/**
 * Running a notebook failed for a reason that is not a cell's (e.g. the kernel sent a
 * message with a bad signature); the message starts with the notebook's path and the
 * original error is the `cause`.
 */
export class NotebookRunError extends Error {
  override name = 'NotebookRunError';
  constructor(
    readonly notebookPath: string,
    cause: Error,
  ) {
    super(`${notebookPath}: ${cause.message}`, { cause });
  }
}

/** The notebook asks for a kernel other than tslab. */
export class UnsupportedKernelError extends Error {
  override name = 'UnsupportedKernelError';
}

/** Kernel names this runner can execute: the project's tslab. */
export const SUPPORTED_KERNELS: readonly string[] = ['tslab'];

/**
 * Refuses a notebook whose kernelspec names another kernel (say, python3): running
 * its cells as TypeScript would only produce confusing compile errors. A notebook
 * without a kernelspec is run with tslab.
 *
 * @throws {UnsupportedKernelError}
 */
export function checkKernelspec(notebook: Notebook, path: string): void {
  const spec = notebook.metadata['kernelspec'];
  const name = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as { name?: unknown }).name : undefined;
  if (name !== undefined && !SUPPORTED_KERNELS.includes(String(name))) {
    throw new UnsupportedKernelError(
      `${path}: the notebook asks for the kernel ${JSON.stringify(name)}, but this runner only runs ${SUPPORTED_KERNELS.map((k) => JSON.stringify(k)).join(', ')}. ` +
        'Change the notebook\'s kernel to tslab (Kernel → Change Kernel in Jupyter).',
    );
  }
}

/**
 * Executes every code cell of a notebook, in order, in a fresh tslab kernel.
 *
 * @param path path of an nbformat 4 notebook.
 * @returns the executed notebook (not written anywhere; see `writeNotebook`).
 * Every error it throws names the notebook.
 *
 * @throws {NotebookCellError} at the first failing cell; later cells are not executed. A
 *   cell also fails when the kernel reports an error its code caused asynchronously (a
 *   promise it rejected that nobody handled, an exception thrown by a timer it set), even
 *   if that comes while a later cell runs or just after the last one.
 * @throws {NotebookFormatError} if the file cannot be read (`NotebookReadError`) or is not an nbformat 4 notebook.
 * @throws {UnsupportedKernelError} if the notebook asks for a kernel other than tslab.
 * @throws {KernelStartError} if the kernel does not start.
 * @throws {NotebookRunError} for any other failure of the kernel or its messages.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<ExecutedNotebook> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const notebook = ensureCellIds(clearOutputs(await readNotebook(path)));
  checkKernelspec(notebook, path);
  const cellCount = notebook.cells.length;
  const kernel = new KernelSession({
    ...options.kernel,
    cwd: options.cwd ?? dirname(resolve(path)),
    startupTimeoutMs: options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS,
  });
  // What the caller's onProgress throws aborts the run unchanged.
  const callerErrors = new WeakSet<object>();
  const report = (phase: RunProgress['phase'], cellNumber: number): void => {
    try {
      options.onProgress?.({ notebookPath: path, phase, cellNumber, cellCount, elapsedMs: elapsed(), kernelPid: kernel.pid });
    } catch (error) {
      if (typeof error === 'object' && error !== null) callerErrors.add(error);
      throw error;
    }
  };
  const failure = (index: number, reason: CellFailureReason, kernelMessage: string, error?: ExecutionResult['error']): NotebookCellError =>
    new NotebookCellError({
      notebookPath: path,
      cellNumber: index + 1,
      firstLine: firstLine(notebook.cells[index]?.source ?? ''),
      reason,
      ...(error === undefined ? {} : { ename: error.ename, evalue: error.evalue }),
      kernelMessage,
      notebook: structuredClone(notebook),
    });
  // Which cell each execute request ran, so that an error reported later finds its cell.
  const cellOfRequest = new Map<string, number>();
  /** The earliest cell that an error reported after it finished blames, as a failure. */
  const lateFailure = (running?: number): NotebookCellError | undefined => {
    const late = kernel
      .takeLateErrors()
      .map((error) => ({ error, index: cellOfRequest.get(error.requestId) }))
      .filter((late): late is { error: LateError; index: number } => late.index !== undefined)
      .sort((a, b) => a.index - b.index);
    for (const { error, index } of late) {
      const cell = notebook.cells[index];
      if (cell?.cell_type === 'code') cell.outputs.push(error.output);
    }
    const first = late[0];
    if (first === undefined) return undefined;
    const when = running === undefined || running === first.index ? 'after the cell had finished' : `after the cell had finished, while cell ${running + 1} ran`;
    return failure(first.index, 'error', `${formatError(first.error.output)}\n(reported ${when})`, first.error.output);
  };

  try {
    const kernelInfo = await kernel.start();
    if (kernelInfo.language_info !== undefined) notebook.metadata['language_info'] = kernelInfo.language_info;
    report('kernel-ready', 0);

    const displays = new DisplayRegistry();
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code' || cell.source.trim() === '') continue;
      const cellNumber = index + 1;
      report('cell-start', cellNumber);
      let result: ExecutionResult;
      try {
        result = await kernel.execute(cell.source, { timeoutMs: options.timeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS, displays });
      } catch (error) {
        if (error instanceof ExecutionTimeoutError || error instanceof KernelDiedError) {
          cell.outputs = error.outputs;
          // An earlier cell's late error may be why this one failed: it comes first.
          const late = lateFailure(index);
          if (late !== undefined) throw late;
          const reason = error instanceof ExecutionTimeoutError ? 'timeout' : 'kernel-died';
          throw failure(index, reason, [error.message, cleanStderr(stderrOf(error.outputs))].filter(Boolean).join('\n'));
        }
        throw error;
      }
      cellOfRequest.set(result.msgId, index);
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount;
      const late = lateFailure(index);
      if (late !== undefined) throw late;
      const errorOutput = result.outputs.find((output): output is ErrorOutput => output.output_type === 'error');
      if (result.status !== 'ok' || errorOutput !== undefined) {
        const error = result.error ?? errorFromStderr(result.stderr);
        const message =
          result.status === 'abort'
            ? 'The kernel aborted the request (tslab aborts requests that arrive right after a failed one)'
            : [result.error === undefined ? '' : formatError(result.error), cleanStderr(result.stderr)]
                .filter(Boolean)
                .join('\n') || 'The kernel reported an error without any message';
        throw failure(index, 'error', message, error);
      }
      report('cell-done', cellNumber);
    }
    // An error a cell causes just after it finished (a short timer) still counts.
    await kernel.settle();
    const late = lateFailure();
    if (late !== undefined) throw late;
    let epilogue: Output[] | undefined;
    if (options.epilogue !== undefined) {
      const result = await kernel.execute(options.epilogue, { timeoutMs: options.timeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS });
      epilogue = result.outputs;
      const late = lateFailure();
      if (late !== undefined) throw late;
    }
    return { path, notebook, durationMs: elapsed(), kernelInfo, ...(epilogue ? { epilogue } : {}) };
  } catch (error) {
    throw callerErrors.has(error as object) ? error : namingNotebook(path, error);
  } finally {
    await kernel.shutdown();
  }
}

/** `error`, unless its message names the notebook: then the same error with `<path>: ` before its message. */
function namingNotebook(path: string, error: unknown): unknown {
  if (!(error instanceof Error) || error.message.includes(path)) return error;
  if (error instanceof KernelStartError) return new KernelStartError(`${path}: ${error.summary}`, error.kernelLog);
  return new NotebookRunError(path, error);
}

/** The first non-blank line of a cell's source, trimmed and shortened to 100 characters. */
export function firstLine(source: string): string {
  const line = source.split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > 100 ? `${trimmed.slice(0, 99)}…` : trimmed;
}

/**
 * Derives ename / evalue from what tslab printed on stderr: TypeScript
 * diagnostics (`1:7 - Type 'string' is not assignable…`) become
 * `CompileError`; otherwise the first `SomeError: message` line is used.
 */
export function errorFromStderr(stderr: string): { ename: string; evalue: string; traceback: string[] } | undefined {
  const lines = stripAnsi(stderr).split('\n');
  const diagnostics = lines.filter((line) => /^\d+:\d+ - /.test(line));
  if (diagnostics.length > 0) return { ename: 'CompileError', evalue: diagnostics.join('\n'), traceback: [] };
  for (const line of lines) {
    const match = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*)?(?:Error|Exception))(?: \[[^\]]*\])?: (.*)$/.exec(line);
    if (match !== null) return { ename: match[1] ?? 'Error', evalue: match[2] ?? '', traceback: [] };
  }
  return undefined;
}

/** The kernel's stderr for a cell, without ANSI colours and without stack frames inside tslab or Node itself. */
function cleanStderr(stderr: string): string {
  return stripAnsi(stderr)
    .split('\n')
    .filter((line) => !/^\s+at .*(node_modules[\\/](?:tslab|commander)[\\/]|node:vm|node:internal|sigintHandlersWrap)/.test(line))
    .join('\n')
    .trim();
}

/** An error's traceback without colours and without frames inside tslab or Node, or `ename: evalue` if it has none. */
function formatError(error: { ename: string; evalue: string; traceback: string[] }): string {
  const traceback = cleanStderr(error.traceback.join('\n'));
  return traceback === '' ? `${error.ename}: ${error.evalue}` : traceback;
}

function formatCellFailure(failure: CellFailure): string {
  const what =
    failure.reason === 'timeout' ? 'timed out' : failure.reason === 'kernel-died' ? 'failed: the kernel died' : 'failed';
  const summary =
    failure.ename !== undefined && failure.ename !== 'CompileError'
      ? `: ${failure.ename}: ${failure.evalue ?? ''}`
      : failure.ename === 'CompileError'
        ? ': TypeScript compile error'
        : '';
  const details = truncateLines(failure.kernelMessage, 40)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return (
    `${failure.notebookPath}: cell ${failure.cellNumber} ${what}${summary}\n` +
    `  cell ${failure.cellNumber} begins: ${failure.firstLine}\n` +
    `  kernel message:\n${details}`
  );
}

function stderrOf(outputs: readonly Output[]): string {
  return outputs.map((output) => (output.output_type === 'stream' && output.name === 'stderr' ? output.text : '')).join('');
}

function truncateLines(text: string, max: number): string {
  const lines = text.split('\n');
  return lines.length <= max ? text : [...lines.slice(0, max), `… (${lines.length - max} more lines)`].join('\n');
}


