/**
 * Public API of the notebook runner: execute Jupyter notebooks with the
 * project's tslab kernel, from TypeScript (e.g. a book builder).
 */
export { runNotebook, NotebookCellError, NotebookRunError, UnsupportedKernelError, SUPPORTED_KERNELS, checkKernelspec, errorFromStderr, firstLine } from './run.js';
export type { RunOptions, RunProgress, ExecutedNotebook, CellFailure, CellFailureReason } from './run.js';
export { KernelSession, DEFAULT_STARTUP_TIMEOUT_MS, DEFAULT_SETTLE_MS } from './kernel.js';
export type { KernelSessionOptions, KernelInfo, LateError } from './kernel.js';
export { KernelError, KernelStartError, KernelDiedError, ExecutionTimeoutError } from './kernel-errors.js';
export { DEFAULT_EXECUTE_TIMEOUT_MS } from './execute.js';
export type { ExecuteOptions, ExecutionResult } from './execute.js';
export { defaultKernelArgv, findKernelLauncher, findTslabBinary } from './tslab-binary.js';
export {
  readNotebook,
  parseNotebook,
  writeNotebook,
  serializeNotebook,
  clearOutputs,
  ensureCellIds,
  assertNotSource,
  NotebookFormatError,
  NotebookReadError,
  SourceOverwriteError,
} from './notebook.js';
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, WriteNotebookOptions } from './notebook.js';
export { OutputCollector, DisplayRegistry, stripAnsi } from './outputs.js';
export type { Output, StreamOutput, DisplayDataOutput, ExecuteResultOutput, ErrorOutput, MimeBundle } from './outputs.js';
export { SignatureError, WireFormatError } from './wire.js';
