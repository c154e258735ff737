/**
 * A live tslab kernel driven over ZeroMQ: {@link KernelSession} starts the
 * project's `node_modules/.bin/tslab kernel --config-path <file>` the way
 * Jupyter does, waits until it answers, executes code one request at a time,
 * and shuts it down (shutdown_request on the control channel, SIGKILL as a
 * fallback). The kernel process is tracked so that it never outlives the
 * runner, whatever way the runner ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dealer, Subscriber, type Socket } from 'zeromq';
import { createConnectionFile, endpoint, type ConnectionFile } from './connection.js';
import { DisplayRegistry, OutputCollector, type Output } from './outputs.js';
import { killHard, trackChild, untrackChild } from './processes.js';
import { createMessage, deserialize, serialize, type JsonObject, type JupyterMessage } from './wire.js';

/** Default time allowed for the kernel to start answering requests. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
/** Default time allowed for one execution. */
export const DEFAULT_EXECUTE_TIMEOUT_MS = 120_000;
/** Default time allowed for a graceful shutdown before the kernel is killed. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
/** Default time an interrupted execution gets to finish before the kernel is killed. */
export const DEFAULT_INTERRUPT_GRACE_MS = 2_000;

/** Interval between kernel_info_request probes while waiting for the kernel to come up. */
const STARTUP_PROBE_INTERVAL_MS = 250;
/** How much of the kernel process's own stdout/stderr to keep for error messages. */
const KERNEL_LOG_LIMIT = 8_192;

/** Options for {@link KernelSession}. */
export interface KernelSessionOptions {
  /** Working directory of the kernel (the notebook's folder). Defaults to `process.cwd()`. */
  cwd?: string;
  /**
   * Kernel command line, kernelspec style: `{connection_file}` is replaced by
   * the connection file's path. Defaults to
   * `[<project>/node_modules/.bin/tslab, "kernel", "--config-path", "{connection_file}"]`.
   */
  argv?: string[];
  /** Environment of the kernel process. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to {@link DEFAULT_STARTUP_TIMEOUT_MS}. */
  startupTimeoutMs?: number;
}

/** Options for {@link KernelSession.execute}. */
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
}

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

/** Information from the kernel's kernel_info_reply. */
export interface KernelInfo {
  implementation?: string;
  protocol_version?: string;
  language_info?: JsonObject;
  [key: string]: unknown;
}

/** Callbacks for the messages caused by one request, keyed by its msg_id. */
interface Waiter {
  onShell?(message: JupyterMessage): void;
  onIopub?(message: JupyterMessage): void;
  onFailure(error: Error): void;
}

type State = 'new' | 'starting' | 'ready' | 'closing' | 'closed';

/**
 * Locates `node_modules/.bin/tslab`, searching upwards from this module's
 * directory, then from `process.cwd()`.
 *
 * @throws {KernelStartError} if tslab is not installed.
 */
export function findTslabBinary(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', '.bin', 'tslab');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new KernelStartError(`Cannot find node_modules/.bin/tslab above ${starts.join(' or ')}; run npm install`);
}

/**
 * One tslab kernel process and the client side of its Jupyter channels.
 *
 * ```ts
 * const kernel = new KernelSession({ cwd: 'notebooks' });
 * await kernel.start();
 * try {
 *   const result = await kernel.execute('1 + 1', { timeoutMs: 10_000 });
 * } finally {
 *   await kernel.shutdown();
 * }
 * ```
 */
export class KernelSession {
  private state: State = 'new';
  private readonly session = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  private readonly sendChains = new Map<Socket, Promise<void>>();
  private connection: ConnectionFile | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private shell: Dealer | undefined;
  private control: Dealer | undefined;
  private stdin: Dealer | undefined;
  private iopub: Subscriber | undefined;
  private kernelLog = '';
  private fatal: Error | undefined;
  private busy = false;
  private info: KernelInfo | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: KernelSessionOptions = {}) {}

  /** Process id of the kernel (undefined before {@link start}). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The kernel_info_reply content received during startup. */
  get kernelInfo(): KernelInfo | undefined {
    return this.info;
  }

  /** True while the kernel process is running. */
  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the kernel and waits until it answers a kernel_info_request on the
   * shell channel and publishes on IOPub (so no output can be missed).
   *
   * @throws {KernelStartError} if it cannot be spawned, exits, or does not answer within the startup timeout.
   */
  async start(): Promise<KernelInfo> {
    if (this.state !== 'new') throw new Error(`KernelSession.start(): session is already ${this.state}`);
    this.state = 'starting';
    try {
      this.connection = await createConnectionFile('tslab');
      this.spawnKernel(this.connection);
      this.connectSockets(this.connection);
      this.info = await this.waitUntilReady(this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
      this.state = 'ready';
      return this.info;
    } catch (error) {
      await this.kill();
      if (error instanceof KernelStartError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new KernelStartError(`The tslab kernel failed to start: ${reason}`, this.kernelLog);
    }
  }

  /**
   * Executes code and resolves once the kernel has sent its execute_reply and
   * gone idle. Resolves with the kernel's status (`ok`, `error`, `abort`); only
   * infrastructure failures reject. One execution at a time.
   *
   * @throws {ExecutionTimeoutError} after `timeoutMs`; the kernel is interrupted (SIGINT), and killed if it does not stop within the grace period.
   * @throws {KernelDiedError} if the kernel process exits meanwhile.
   */
  execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    try {
      this.assertReady('execute');
    } catch (error) {
      return Promise.reject(toError(error));
    }
    if (this.busy) {
      return Promise.reject(new Error('KernelSession.execute(): another execution is still running'));
    }
    this.busy = true;
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS;
    const graceMs = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
    const collector = new OutputCollector(options.displays ?? new DisplayRegistry());
    const request = createMessage(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      { session: this.session },
    );
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
        this.waiters.delete(msgId);
        this.busy = false;
        if ('result' in outcome) resolvePromise(outcome.result);
        else rejectPromise(outcome.error);
      };
      const maybeDone = (): void => {
        if (reply === undefined || !idle) return;
        if (timedOut) {
          settle({ error: new ExecutionTimeoutError(timeoutMs, true, collector.outputs) });
        } else {
          settle({ result: toResult(reply, collector) });
        }
      };

      this.waiters.set(msgId, {
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
              error: new KernelDiedError(
                `${error.summary} while executing a request`,
                error.exitCode,
                error.signal,
                error.kernelLog,
                collector.outputs,
              ),
            });
          } else {
            settle({ error });
          }
        },
      });

      timers.push(
        setTimeout(() => {
          timedOut = true;
          this.interrupt();
          timers.push(
            setTimeout(() => {
              // The interrupt did not help: the kernel is stuck, kill it (onFailure settles).
              void this.kill();
            }, graceMs),
          );
        }, timeoutMs),
      );

      this.send(this.shell, request).catch((error: unknown) => {
        settle({ error: error instanceof Error ? error : new Error(String(error)) });
      });
    });
  }

  /**
   * Interrupts the running execution. tslab's kernelspec uses signal
   * interrupts (it has no interrupt_request handler), so this sends SIGINT.
   */
  interrupt(): void {
    if (this.alive) this.child?.kill('SIGINT');
  }

  /**
   * Shuts the kernel down: shutdown_request on the control channel, then
   * SIGKILL if it has not exited within `timeoutMs`. Always releases sockets
   * and the connection file. Safe to call more than once and after a failure.
   */
  shutdown(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Promise<void> {
    this.closing ??= this.closeGracefully(timeoutMs);
    return this.closing;
  }

  /** Kills the kernel immediately (SIGKILL) and releases all resources; also cuts a graceful shutdown short. */
  kill(): Promise<void> {
    if (this.child !== undefined) killHard(this.child);
    this.closing ??= this.release();
    return this.closing;
  }

  private async closeGracefully(timeoutMs: number): Promise<void> {
    this.state = 'closing';
    if (this.alive && this.control !== undefined && this.fatal === undefined) {
      const request = createMessage('shutdown_request', { restart: false }, { session: this.session });
      try {
        await this.send(this.control, request);
        await this.waitForExit(timeoutMs);
      } catch {
        // Not answered in time: the hard kill in release() takes over.
      }
    }
    await this.release();
  }

  private async release(): Promise<void> {
    this.state = 'closing';
    if (this.child !== undefined) {
      killHard(this.child);
      await this.exited;
    }
    this.closeSockets();
    await this.connection?.remove();
    this.state = 'closed';
  }

  private spawnKernel(connection: ConnectionFile): void {
    const argv = (this.options.argv ?? [findTslabBinary(), 'kernel', '--config-path', '{connection_file}']).map(
      (arg) => arg.replaceAll('{connection_file}', connection.path),
    );
    const [command, ...args] = argv;
    if (command === undefined) throw new KernelStartError('Empty kernel command line');
    const child = spawn(command, args, {
      cwd: this.options.cwd ?? process.cwd(),
      env: this.options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so that the whole kernel tree can be killed at once
      // and a Ctrl-C in the runner's terminal is handled by the runner alone.
      detached: true,
    });
    this.child = child;
    // Once the kernel is gone (or this process exits), its connection file goes too.
    trackChild(child, () => connection.removeSync());
    const appendLog = (chunk: Buffer): void => {
      this.kernelLog = (this.kernelLog + chunk.toString('utf8')).slice(-KERNEL_LOG_LIMIT);
    };
    child.stdout?.on('data', appendLog);
    child.stderr?.on('data', appendLog);
    this.exited = new Promise<void>((resolveExit) => {
      child.once('error', (error) => {
        // Spawning failed (e.g. ENOENT): there will be no 'exit' event.
        untrackChild(child);
        this.fail(new KernelStartError(`Cannot run ${command}: ${error.message}`, this.kernelLog));
        resolveExit();
      });
      child.once('exit', (code, signal) => {
        const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
        this.fail(new KernelDiedError(`The tslab kernel (pid ${String(child.pid)}) ${how}`, code, signal, this.kernelLog));
        resolveExit();
      });
    });
  }

  private connectSockets(connection: ConnectionFile): void {
    const { info } = connection;
    // shell and stdin share a routing id so that stdin requests reach this client.
    const identity = `notebook-runner-${randomBytes(6).toString('hex')}`;
    this.shell = new Dealer({ linger: 0, routingId: identity });
    this.stdin = new Dealer({ linger: 0, routingId: identity });
    this.control = new Dealer({ linger: 0 });
    this.iopub = new Subscriber({ linger: 0 });
    this.shell.connect(endpoint(info, info.shell_port));
    this.stdin.connect(endpoint(info, info.stdin_port));
    this.control.connect(endpoint(info, info.control_port));
    this.iopub.connect(endpoint(info, info.iopub_port));
    this.iopub.subscribe();
    this.readLoop(this.shell, (message, waiter) => waiter.onShell?.(message));
    this.readLoop(this.control, (message, waiter) => waiter.onShell?.(message));
    this.readLoop(this.iopub, (message, waiter) => waiter.onIopub?.(message));
    // allow_stdin is always false, so input requests are not expected; they are read and dropped.
    this.readLoop(this.stdin, () => undefined);
  }

  /** Reads and verifies every message of a socket, routing it to the waiter of its parent request. */
  private readLoop(socket: Dealer | Subscriber, route: (message: JupyterMessage, waiter: Waiter) => void): void {
    const key = this.connection?.info.key ?? '';
    void (async () => {
      try {
        for await (const frames of socket) {
          const message = deserialize(frames, key);
          const parentId = message.parent_header.msg_id;
          const waiter = parentId === undefined ? undefined : this.waiters.get(parentId);
          if (waiter !== undefined) route(message, waiter);
        }
      } catch (error) {
        if (socket.closed) return;
        // A bad signature or malformed message: nothing from this kernel can be trusted any more.
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    })();
  }

  private waitUntilReady(timeoutMs: number): Promise<KernelInfo> {
    return new Promise<KernelInfo>((resolvePromise, rejectPromise) => {
      const probeIds: string[] = [];
      let reply: KernelInfo | undefined;
      let iopubSeen = false;
      let settled = false;
      const finish = (outcome: { info: KernelInfo } | { error: Error }): void => {
        if (settled) return;
        settled = true;
        clearInterval(probeTimer);
        clearTimeout(deadline);
        for (const id of probeIds) this.waiters.delete(id);
        if ('info' in outcome) resolvePromise(outcome.info);
        else rejectPromise(outcome.error);
      };
      const waiter: Waiter = {
        onShell: (message) => {
          if (message.header.msg_type !== 'kernel_info_reply') return;
          reply = message.content as KernelInfo;
          if (iopubSeen) finish({ info: reply });
        },
        onIopub: () => {
          iopubSeen = true;
          if (reply !== undefined) finish({ info: reply });
        },
        onFailure: (error) => {
          finish({
            error:
              error instanceof KernelStartError
                ? error
                : new KernelStartError(`The tslab kernel failed during startup: ${error instanceof KernelError ? error.summary : error.message}`, this.kernelLog),
          });
        },
      };
      const probe = (): void => {
        const request = createMessage('kernel_info_request', {}, { session: this.session });
        probeIds.push(request.header.msg_id);
        this.waiters.set(request.header.msg_id, waiter);
        this.send(this.shell, request).catch((error: unknown) => waiter.onFailure(toError(error)));
      };
      const probeTimer = setInterval(probe, STARTUP_PROBE_INTERVAL_MS);
      const deadline = setTimeout(() => {
        finish({
          error: new KernelStartError(
            `The tslab kernel did not answer kernel_info_request within ${formatSeconds(timeoutMs)}`,
            this.kernelLog,
          ),
        });
      }, timeoutMs);
      if (this.fatal !== undefined) waiter.onFailure(this.fatal);
      else probe();
    });
  }

  /** Sends a signed message; sends on one socket are serialized as zeromq requires. */
  private send(socket: Dealer | undefined, message: JupyterMessage): Promise<void> {
    if (socket === undefined || socket.closed) return Promise.reject(new Error('kernel socket is closed'));
    const frames = serialize(message, this.connection?.info.key ?? '');
    const previous = this.sendChains.get(socket) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => socket.send(frames));
    this.sendChains.set(socket, next);
    return next;
  }

  /** Records a fatal error and fails every pending request with it. */
  private fail(error: Error): void {
    this.fatal ??= error;
    const waiters = [...new Set(this.waiters.values())];
    this.waiters.clear();
    for (const waiter of waiters) waiter.onFailure(error);
  }

  private waitForExit(timeoutMs: number): Promise<void> {
    const exited = this.exited ?? Promise.resolve();
    return new Promise<void>((resolveWait, rejectWait) => {
      const timer = setTimeout(() => rejectWait(new Error('kernel did not exit')), timeoutMs);
      void exited.then(() => {
        clearTimeout(timer);
        resolveWait();
      });
    });
  }

  private closeSockets(): void {
    for (const socket of [this.shell, this.control, this.stdin, this.iopub]) {
      if (socket !== undefined && !socket.closed) socket.close();
    }
  }

  private assertReady(operation: string): void {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.state !== 'ready') throw new Error(`KernelSession.${operation}(): session is ${this.state}, not ready`);
  }
}

function toResult(reply: JupyterMessage, collector: OutputCollector): ExecutionResult {
  const content = reply.content;
  const status = content['status'] === 'ok' ? 'ok' : content['status'] === 'abort' ? 'abort' : 'error';
  const count = content['execution_count'];
  const result: ExecutionResult = {
    status,
    executionCount: typeof count === 'number' ? count : null,
    outputs: collector.outputs,
    stderr: collector.stderrText(),
    reply: content,
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

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Formats milliseconds as seconds for messages, e.g. `1.5 s`. */
function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

