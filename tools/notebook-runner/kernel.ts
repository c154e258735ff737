/**
 * A live tslab kernel: {@link KernelSession} starts the project's tslab through its
 * kernel launcher (`tslab-binary.ts`, tools/kernel/) the way Jupyter does, waits
 * until it answers, executes code one request at a time (`execute.ts`), and shuts it
 * down (shutdown_request on the control channel, SIGKILL as a fallback). The kernel
 * process is tracked so that it never outlives the runner, whatever way the runner
 * ends. An error the kernel reports for a request after that request finished (a
 * timer's exception, a rejection nobody handled) is kept for {@link KernelSession.takeLateErrors}.
 * Its channels are `channels.ts`; its errors `kernel-errors.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { KernelChannels, type Waiter } from './channels.js';
import { createConnectionFile, type ConnectionFile } from './connection.js';
import { executeRequest, type ExecuteOptions, type ExecutionResult } from './execute.js';
import { KernelDiedError, KernelError, KernelStartError, formatSeconds, toError } from './kernel-errors.js';
import { killHard, trackChild, untrackChild } from './processes.js';
import { OutputCollector, type ErrorOutput } from './outputs.js';
import { defaultKernelArgv } from './tslab-binary.js';
import { BIND_FAILURE_EXIT } from '../kernel/bind-failure.js';
import type { JsonObject, JupyterMessage } from './wire.js';

/** Default time allowed for the kernel to start answering requests. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
/** Default time allowed for a graceful shutdown before the kernel is killed. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Times {@link KernelSession.start} starts a kernel whose launcher exits because a port
 * of its connection file was taken meanwhile (tools/kernel/bind-failure.ts), each time
 * on new ports.
 */
export const START_ATTEMPTS = 3;
/** Interval between kernel_info_request probes while waiting for the kernel to come up. */
const STARTUP_PROBE_INTERVAL_MS = 250;
/** How much of the kernel process's own stdout/stderr to keep for error messages. */
const KERNEL_LOG_LIMIT = 8_192;
/** Default quiet time {@link KernelSession.settle} waits for. */
export const DEFAULT_SETTLE_MS = 150;
/** {@link KernelSession.settle} gives up waiting for quiet after this many quiet periods. */
const SETTLE_ROUNDS = 20;

/** An error the kernel reported for a request after that request had finished. */
export interface LateError {
  /** msg_id of the request whose code caused it (`ExecutionResult.msgId`). */
  requestId: string;
  output: ErrorOutput;
}

/** Options for {@link KernelSession}. */
export interface KernelSessionOptions {
  /** Working directory of the kernel (the notebook's folder). Defaults to `process.cwd()`. */
  cwd?: string;
  /**
   * Kernel command line, kernelspec style: `{connection_file}` is replaced by
   * the connection file's path. Defaults to {@link defaultKernelArgv}:
   * `[node, <project>/dist-tools/kernel/tslab-kernel.js, "--tslab", <project>/node_modules/.bin/tslab,
   * "kernel", "--config-path", "{connection_file}"]`.
   */
  argv?: string[];
  /** Environment of the kernel process. Defaults to `process.env`; `JPY_PARENT_PID` is always this process's pid. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to {@link DEFAULT_STARTUP_TIMEOUT_MS}. */
  startupTimeoutMs?: number;
}

/** Information from the kernel's kernel_info_reply. */
export interface KernelInfo {
  implementation?: string;
  protocol_version?: string;
  language_info?: JsonObject;
  [key: string]: unknown;
}

type State = 'new' | 'starting' | 'ready' | 'closing' | 'closed';

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
  private connection: ConnectionFile | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private channels: KernelChannels | undefined;
  private kernelLog = '';
  private fatal: Error | undefined;
  private busy = false;
  private info: KernelInfo | undefined;
  private closing: Promise<void> | undefined;
  private lateErrors: LateError[] = [];

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
   * A kernel that exits because a port of its connection file was taken meanwhile
   * (another process got it after it was chosen) is started again on new ports, up to
   * {@link START_ATTEMPTS} times in all.
   *
   * @throws {KernelStartError} if it cannot be spawned, exits, or does not answer within the startup timeout.
   */
  async start(): Promise<KernelInfo> {
    if (this.state !== 'new') throw new Error(`KernelSession.start(): session is already ${this.state}`);
    this.state = 'starting';
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.connection = await createConnectionFile('tslab');
        this.spawnKernel(this.connection);
        this.channels = new KernelChannels(this.connection.info, (error) => this.fail(error), (message) => this.onStray(message));
        this.info = await this.waitUntilReady(this.channels, this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
        this.state = 'ready';
        return this.info;
      } catch (error) {
        // A port taken between choosing it and the kernel binding it: new ports, as Jupyter does.
        const portTaken = this.fatal instanceof KernelDiedError && this.fatal.exitCode === BIND_FAILURE_EXIT;
        if (portTaken && attempt < START_ATTEMPTS) {
          await this.discardAttempt();
          continue;
        }
        await this.kill();
        if (error instanceof KernelStartError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new KernelStartError(`The tslab kernel failed to start: ${reason}`, this.kernelLog);
      }
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
    const kernel = { interrupt: () => this.interrupt(), kill: () => this.kill() };
    return executeRequest(this.channels!, code, options, kernel).finally(() => {
      this.busy = false;
    });
  }

  /**
   * Returns, and forgets, the errors the kernel reported for requests that had
   * already finished: an exception thrown by a timer a cell set, or a promise it
   * rejected with nobody handling it, reported after the cell went idle. Each names
   * the request that caused it, whatever ran in between.
   */
  takeLateErrors(): LateError[] {
    return this.lateErrors.splice(0);
  }

  /**
   * Waits at least `quietMs`, and until the kernel has published nothing for
   * `quietMs` (at most 20 times `quietMs` in all), so that errors a finished cell
   * causes shortly after reach {@link takeLateErrors}. Returns at once if the kernel is gone.
   */
  async settle(quietMs = DEFAULT_SETTLE_MS): Promise<void> {
    const start = performance.now();
    const deadline = start + quietMs * SETTLE_ROUNDS;
    while (this.alive && this.channels !== undefined) {
      const now = performance.now();
      const wait = Math.min(Math.max(quietMs - (now - start), quietMs - this.channels.iopubQuietMs), deadline - now);
      if (wait <= 0) return;
      await new Promise((resolveWait) => setTimeout(resolveWait, wait));
    }
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
    if (this.alive && this.channels !== undefined && this.fatal === undefined) {
      const request = this.channels.request('shutdown_request', { restart: false });
      try {
        await this.channels.send('control', request);
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
    this.channels?.close();
    await this.connection?.remove();
    this.state = 'closed';
  }

  /** Forgets a start that failed (its process has exited), so that the next starts afresh. */
  private async discardAttempt(): Promise<void> {
    await this.exited;
    this.channels?.close();
    await this.connection?.remove();
    this.channels = undefined;
    this.connection = undefined;
    this.child = undefined;
    this.exited = undefined;
    this.fatal = undefined;
    this.kernelLog = '';
  }

  private spawnKernel(connection: ConnectionFile): void {
    const argv = (this.options.argv ?? defaultKernelArgv()).map(
      (arg) => arg.replaceAll('{connection_file}', connection.path),
    );
    const [command, ...args] = argv;
    if (command === undefined) throw new KernelStartError('Empty kernel command line');
    const child = spawn(command, args, {
      cwd: this.options.cwd ?? process.cwd(),
      // As Jupyter does: the kernel exits if this process dies, even before it has loaded (tools/kernel/parent-watch.ts).
      env: { ...(this.options.env ?? process.env), JPY_PARENT_PID: String(process.pid) },
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

  private waitUntilReady(channels: KernelChannels, timeoutMs: number): Promise<KernelInfo> {
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
        for (const id of probeIds) channels.forget(id);
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
        const request = channels.request('kernel_info_request', {});
        probeIds.push(request.header.msg_id);
        channels.expect(request.header.msg_id, waiter);
        channels.send('shell', request).catch((error: unknown) => waiter.onFailure(toError(error)));
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

  /** Keeps the error messages of requests that finished. */
  private onStray(message: JupyterMessage): void {
    const requestId = message.parent_header.msg_id;
    if (message.header.msg_type !== 'error' || requestId === undefined) return;
    const collector = new OutputCollector();
    collector.handle(message);
    const output = collector.outputs[0];
    if (output?.output_type === 'error') this.lateErrors.push({ requestId, output });
  }

  /** Records a fatal error and fails every pending request with it. */
  private fail(error: Error): void {
    this.fatal ??= error;
    this.channels?.failAll(error);
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

  private assertReady(operation: string): void {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.state !== 'ready') throw new Error(`KernelSession.${operation}(): session is ${this.state}, not ready`);
  }
}

