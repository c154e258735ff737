/**
 * Errors a cell causes after its code has returned, sent to that cell. tslab prints
 * an unhandled promise rejection or an exception thrown from a timer with
 * `console.error`, which writes to whichever cell ran last: a later cell shows it,
 * or nobody does, and the cell that caused it reports success. The launcher
 * (`tslab-kernel.ts`) instead runs each execute request in an `AsyncLocalStorage`
 * context, which every timer, promise and callback the cell creates inherits, and
 * publishes the error as an `error` message whose parent is the request that
 * scheduled it (the most recent request when nothing says otherwise). Before tslab
 * publishes `idle`, each request waits one turn of the event loop, so a promise the
 * cell rejected without a handler is reported before the cell ends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';

/** A message tslab builds (`ZmqMessage` in dist/jupyter.js). */
export interface TslabMessage {
  header: { msg_type: string };
  content: unknown;
  createReply(): TslabMessage;
  signAndSend(key: string, socket: unknown): void;
}

/** The parts of tslab's `ZmqServer` (dist/jupyter.js) this module uses. */
export interface TslabServer {
  connInfo: { key: string };
  iopub: unknown;
  handleExecute(socket: unknown, message: TslabMessage): Promise<void>;
}

/** tslab's `ZmqServer` class, whose prototype is patched. */
export interface TslabServerClass {
  prototype: TslabServer;
}

/** The content of a Jupyter `error` message. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** How the error came about. */
export type AsyncErrorKind = 'exception' | 'rejection';

/** Options for {@link reportAsyncErrors}. */
export interface AsyncErrorOptions {
  /** Where an error goes that no request can be blamed for (one before the first cell): the kernel's own stderr. */
  fallback(text: string): void;
  /** The process whose `uncaughtException` and `unhandledRejection` are handled; default `process`. */
  target?: Pick<NodeJS.Process, 'on'>;
}

/**
 * Makes tslab's server attribute asynchronous errors to the request that caused them
 * and report them as `error` messages. Call it before tslab starts its server, and
 * remove tslab's own `uncaughtException` and `unhandledRejection` handlers after.
 *
 * @param server tslab's `ZmqServer` class (from its dist/jupyter.js).
 */
export function reportAsyncErrors(server: TslabServerClass, options: AsyncErrorOptions): void {
  const requests = new AsyncLocalStorage<(content: ErrorContent) => void>();
  let latest: ((content: ErrorContent) => void) | undefined;
  const handleExecute = server.prototype.handleExecute;
  server.prototype.handleExecute = async function (this: TslabServer, socket: unknown, message: TslabMessage): Promise<void> {
    const publish = (content: ErrorContent): void => {
      const error = message.createReply();
      error.header.msg_type = 'error';
      error.content = content;
      error.signAndSend(this.connInfo.key, this.iopub);
    };
    latest = publish;
    try {
      await requests.run(publish, () => handleExecute.call(this, socket, message));
    } finally {
      // Node reports a rejection nobody handled once the microtasks of this turn have run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const report = (kind: AsyncErrorKind, value: unknown): void => {
    const content = errorContent(kind, value);
    const publish = requests.getStore() ?? latest;
    try {
      if (publish === undefined) throw new Error('no request yet');
      publish(content);
    } catch {
      options.fallback(`${content.traceback.join('\n')}\n`);
    }
  };
  const target = options.target ?? process;
  target.on('uncaughtException', (error) => report('exception', error));
  target.on('unhandledRejection', (reason) => report('rejection', reason));
}

/**
 * The `error` message for an uncaught exception or an unhandled rejection: the
 * error's name and message, and a traceback that says what happened, then the stack.
 *
 * @example
 * ```ts
 * errorContent('rejection', new Error('x'));
 * // { ename: 'Error', evalue: 'x', traceback: ['Unhandled promise rejection: …', 'Error: x', '    at …'] }
 * ```
 */
export function errorContent(kind: AsyncErrorKind, value: unknown): ErrorContent {
  const headline =
    kind === 'rejection'
      ? 'Unhandled promise rejection: a promise this cell created was rejected and nothing handled it (await it, or add .catch).'
      : 'Uncaught exception, thrown by a callback this cell scheduled (a timer, an event handler, …).';
  if (isErrorLike(value)) {
    const stack = typeof value.stack === 'string' && value.stack !== '' ? value.stack : `${value.name}: ${value.message}`;
    return { ename: String(value.name), evalue: String(value.message), traceback: [headline, ...stack.split('\n')] };
  }
  const evalue = `${kind === 'rejection' ? 'rejected with' : 'threw'} ${inspect(value, { depth: 2, breakLength: Infinity })}`;
  const ename = kind === 'rejection' ? 'UnhandledRejection' : 'UncaughtException';
  return { ename, evalue, traceback: [headline, `${ename}: ${evalue}`] };
}

function isErrorLike(value: unknown): value is { name: string; message: string; stack?: unknown } {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { name, message } = value as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string';
}
