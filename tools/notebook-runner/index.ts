/**
 * Public API of the notebook runner: execute Jupyter notebooks with the
 * project's tslab kernel, from TypeScript (e.g. a book builder).
 */
export { runNotebook, NotebookCellError, UnsupportedKernelError, SUPPORTED_KERNELS, checkKernelspec, errorFromStderr, firstLine } from './run.js';
export type { RunOptions, RunProgress, ExecutedNotebook, CellFailure, CellFailureReason } from './run.js';
export {
  KernelSession,
  KernelError,
  KernelStartError,
  KernelDiedError,
  ExecutionTimeoutError,
  findTslabBinary,
  DEFAULT_EXECUTE_TIMEOUT_MS,
  DEFAULT_STARTUP_TIMEOUT_MS,
} from './kernel.js';
export type { KernelSessionOptions, ExecuteOptions, ExecutionResult, KernelInfo } from './kernel.js';
export {
  readNotebook,
  parseNotebook,
  writeNotebook,
  serializeNotebook,
  clearOutputs,
  ensureCellIds,
  assertNotSource,
  NotebookFormatError,
  SourceOverwriteError,
} from './notebook.js';
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, WriteNotebookOptions } from './notebook.js';
export { OutputCollector, DisplayRegistry, stripAnsi } from './outputs.js';
export type { Output, StreamOutput, DisplayDataOutput, ExecuteResultOutput, ErrorOutput, MimeBundle } from './outputs.js';
export { SignatureError, WireFormatError } from './wire.js';
