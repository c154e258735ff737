/**
 * How a kernel fails: it does not start, it dies while a request is pending, or an
 * execution runs out of time. Every error carries the tail of the kernel process's
 * own output, where tslab says why.
 */
import type { Output } from './outputs.js';

/** Base class of kernel failures. `kernelLog` is the tail of the kernel process's own stdout/stderr. */
export class KernelError extends Error {
  constructor(
    /** The message without the kernel log. */
    readonly summary: string,
    readonly kernelLog = '',
  ) {
    super(kernelLog.trim() === '' ? summary : `${summary}\nKernel process output (tail):\n${indent(kernelLog.trim())}`);
    this.name = 'KernelError';
  }
}

/** The kernel could not be started or did not answer in time. */
export class KernelStartError extends KernelError {
  constructor(message: string, kernelLog = '') {
    super(message, kernelLog);
    this.name = 'KernelStartError';
  }
}

/** The kernel process exited while a request was pending. */
export class KernelDiedError extends KernelError {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    kernelLog = '',
    /** Outputs the interrupted execution had produced (if any). */
    readonly outputs: Output[] = [],
  ) {
    super(message, kernelLog);
    this.name = 'KernelDiedError';
  }
}

/** An execution exceeded its time limit; the kernel was interrupted, or killed if that did not help. */
export class ExecutionTimeoutError extends KernelError {
  constructor(
    readonly timeoutMs: number,
    /** True if the kernel stopped the execution after SIGINT; false if it had to be killed. */
    readonly interrupted: boolean,
    /** Outputs the execution had produced before the deadline. */
    readonly outputs: Output[],
  ) {
    super(
      `Execution timed out after ${formatSeconds(timeoutMs)}; ` +
        (interrupted ? 'the kernel was interrupted' : 'the kernel did not respond to an interrupt and was killed'),
    );
    this.name = 'ExecutionTimeoutError';
  }
}

/** Any thrown value as an Error. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Formats milliseconds as seconds for messages, e.g. `1.5 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
