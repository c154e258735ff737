/**
 * One execute_request on a kernel's channels: its outputs collected from IOPub, its
 * result once the kernel has sent the execute_reply and gone idle, and the time
 * limit (SIGINT at the deadline, SIGKILL if the kernel does not stop after that).
 */
import type { KernelChannels } from './channels.js';
import { ExecutionTimeoutError, KernelDiedError, toError } from './kernel-errors.js';
import { DisplayRegistry, OutputCollector, type Output } from './outputs.js';
import type { JsonObject, JupyterMessage } from './wire.js';

/** Default time allowed for one execution. */
export const DEFAULT_EXECUTE_TIMEOUT_MS = 120_000;
/** Default time an interrupted execution gets to finish before the kernel is killed. */
export const DEFAULT_INTERRUPT_GRACE_MS = 2_000;

/** Options for `KernelSession.execute`. */
export interface ExecuteOptions {
  /** Defaults to {@link DEFAULT_EXECUTE_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** After a timeout, how long the interrupted execution may take to stop before the kernel is killed. */
  interruptGraceMs?: number;
  /** Notebook-wide display id registry, so that updates reach displays of earlier cells. */
  displays?: DisplayRegistry;
}

/** Outcome of one execute_request that the kernel answered. */
export interface ExecutionResult {
  /** `execute_reply` status. tslab answers `"abort"` for requests queued right after an error. */
  status: 'ok' | 'error' | 'abort';
  /** Execution count from the reply (`null` if the kernel gave none). */
  executionCount: number | null;
  /** Outputs in nbformat v4 shape. */
  outputs: Output[];
  /** All stderr stream text of the execution; tslab reports compile and runtime errors there. */
  stderr: string;
  /** ename / evalue / traceback from the reply or an `error` output, when the kernel sent them. */
  error?: { ename: string; evalue: string; traceback: string[] };
  /** Raw `execute_reply` content. */
  reply: JsonObject;
  /** The request's msg_id: what the kernel names as parent of whatever this code causes later (see `KernelSession.takeLateErrors`). */
  msgId: string;
}

/** What a timed-out execution does to its kernel. */
export interface KernelControl {
  /** Interrupts the running execution (SIGINT). */
  interrupt(): void;
  /** Kills the kernel; the pending request then fails. */
  kill(): Promise<void>;
}

/**
 * Sends `code` as an execute_request and resolves with the kernel's answer (`ok`,
 * `error`, `abort`); only infrastructure failures reject.
 *
 * @throws {ExecutionTimeoutError} after `timeoutMs`; the kernel is interrupted, and killed if it does not stop within the grace period.
 * @throws {KernelDiedError} if the kernel process exits meanwhile.
 */
export function executeRequest(channels: KernelChannels, code: string, options: ExecuteOptions, kernel: KernelControl): Promise<ExecutionResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS;
  const graceMs = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  const collector = new OutputCollector(options.displays ?? new DisplayRegistry());
  const request = channels.request('execute_request', { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
  const msgId = request.header.msg_id;

  return new Promise<ExecutionResult>((resolvePromise, rejectPromise) => {
    let reply: JupyterMessage | undefined;
    let idle = false;
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (outcome: { result: ExecutionResult } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      channels.forget(msgId);
      if ('result' in outcome) resolvePromise(outcome.result);
      else rejectPromise(outcome.error);
    };
    const maybeDone = (): void => {
      if (reply === undefined || !idle) return;
      if (timedOut) {
        settle({ error: new ExecutionTimeoutError(timeoutMs, true, collector.outputs) });
      } else {
        settle({ result: toResult(reply, collector, msgId) });
      }
    };

    channels.expect(msgId, {
      onShell: (message) => {
        if (message.header.msg_type !== 'execute_reply') return;
        reply = message;
        maybeDone();
      },
      onIopub: (message) => {
        if (message.header.msg_type === 'status') {
          if (message.content['execution_state'] === 'idle') {
            idle = true;
            maybeDone();
          }
          return;
        }
        collector.handle(message);
      },
      onFailure: (error) => {
        if (timedOut) {
          settle({ error: new ExecutionTimeoutError(timeoutMs, false, collector.outputs) });
        } else if (error instanceof KernelDiedError) {
          settle({
            error: new KernelDiedError(`${error.summary} while executing a request`, error.exitCode, error.signal, error.kernelLog, collector.outputs),
          });
        } else {
          settle({ error });
        }
      },
    });

    timers.push(
      setTimeout(() => {
        timedOut = true;
        kernel.interrupt();
        timers.push(
          setTimeout(() => {
            // The interrupt did not help: the kernel is stuck, kill it (onFailure settles).
            void kernel.kill();
          }, graceMs),
        );
      }, timeoutMs),
    );

    channels.send('shell', request).catch((error: unknown) => settle({ error: toError(error) }));
  });
}

function toResult(reply: JupyterMessage, collector: OutputCollector, msgId: string): ExecutionResult {
  const content = reply.content;
  const status = content['status'] === 'ok' ? 'ok' : content['status'] === 'abort' ? 'abort' : 'error';
  const count = content['execution_count'];
  const result: ExecutionResult = {
    status,
    executionCount: typeof count === 'number' ? count : null,
    outputs: collector.outputs,
    stderr: collector.stderrText(),
    reply: content,
    msgId,
  };
  const errorOutput = collector.outputs.find((output) => output.output_type === 'error');
  if (typeof content['ename'] === 'string') {
    const traceback = content['traceback'];
    result.error = {
      ename: content['ename'],
      evalue: typeof content['evalue'] === 'string' ? content['evalue'] : '',
      traceback: Array.isArray(traceback) ? traceback.map(String) : [],
    };
  } else if (errorOutput?.output_type === 'error') {
    result.error = { ename: errorOutput.ename, evalue: errorOutput.evalue, traceback: errorOutput.traceback };
  }
  return result;
}
