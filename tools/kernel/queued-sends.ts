/**
 * `queueSends(zmq, options)`: makes the socket classes a kernel uses (Publisher for
 * IOPub, Router for shell and control, Reply for the heartbeat) send through one
 * {@link SendQueue} per socket; makes publishers keep every message for a slow
 * subscriber instead of dropping it at the high-water mark, and fold stream messages
 * together ({@link streamBatching}); and makes `close` wait for the queue.
 * Applied to the zeromq module that tslab loads, before tslab creates its sockets.
 */
import { SendQueue } from './send-queue.js';
import { StreamBatch, streamBatching } from './stream-batch.js';

/** The part of a zeromq socket's prototype that is patched. */
export interface PatchedSocket {
  send(message: unknown): Promise<void>;
  bind(address: string): Promise<void>;
  close(): void;
  sendHighWaterMark: number;
}

/** A zeromq socket class, as far as {@link queueSends} uses it. */
export interface SocketClass {
  readonly name: string;
  prototype: PatchedSocket;
}

/** The socket classes of a zeromq 6 module (`require('zeromq')`) that a kernel binds. */
export interface KernelSocketClasses {
  Publisher: SocketClass;
  Router: SocketClass;
  Reply: SocketClass;
}

/** Options for {@link queueSends}. */
export interface QueueSendsOptions {
  /** The connection key, which signs a publisher's merged stream messages (tslab signs with HMAC-SHA256). */
  key: string;
  /**
   * Told of every message that failed for a reason other than a busy socket (the
   * socket was closed, say); the queue goes on with the next. Default: nothing.
   */
  onFailure?(failure: SendFailure): void;
}

/** A message that could not be sent. */
export interface SendFailure {
  /** `Publisher`, `Router` or `Reply`. */
  socket: string;
  error: Error;
}

const PATCHED = Symbol.for('backprop-ts.queued-sends');

/**
 * Patches `Publisher`, `Router` and `Reply` of `zmq`:
 * - `send` queues: one send in progress per socket, in order, EAGAIN and EBUSY retried;
 *   on a publisher, stream messages still waiting in the queue are merged, and sent
 *   at most every 20 ms;
 * - `close` first waits until the socket's queue is empty (tslab closes its sockets
 *   right after the last reply and status of a shutdown);
 * - a publisher's `bind` first sets `sendHighWaterMark` to 0, no limit (a publisher
 *   drops what is past its high-water mark, 1,000 messages by default).
 * Applying it twice changes nothing.
 *
 * @example
 * ```ts
 * queueSends(createRequire(tslabJupyterJs)('zeromq'), { key: connection.key });
 * ```
 */
export function queueSends(zmq: KernelSocketClasses, options: QueueSendsOptions): void {
  if (Object.hasOwn(zmq.Publisher.prototype, PATCHED)) return;
  for (const socketClass of [zmq.Publisher, zmq.Router, zmq.Reply]) {
    const prototype = socketClass.prototype;
    const { send, close } = prototype;
    const isPublisher = socketClass === zmq.Publisher;
    const queues = new WeakMap<PatchedSocket, SendQueue<unknown>>();
    const queueOf = (socket: PatchedSocket): SendQueue<unknown> => {
      let queue = queues.get(socket);
      if (queue === undefined) {
        queue = new SendQueue((message) => send.call(socket, message instanceof StreamBatch ? message.toFrames(options.key) : message), {
          onFailure: (error) => options.onFailure?.({ socket: socketClass.name, error }),
          ...(isPublisher ? { batching: streamBatching } : {}),
        });
        queues.set(socket, queue);
      }
      return queue;
    };
    define(prototype, 'send', function queuedSend(this: PatchedSocket, message: unknown): Promise<void> {
      return queueOf(this).push(isPublisher ? (StreamBatch.parse(message) ?? message) : message);
    });
    define(prototype, 'close', function closeWhenSent(this: PatchedSocket): void {
      const queue = queues.get(this);
      if (queue === undefined || queue.size === 0) close.call(this);
      else void queue.whenEmpty().then(() => close.call(this));
    });
  }
  const bind = zmq.Publisher.prototype.bind;
  // Before bind: ZeroMQ applies a high-water mark to the connections made after it is set.
  define(zmq.Publisher.prototype, 'bind', function unlimitedBind(this: PatchedSocket, address: string): Promise<void> {
    this.sendHighWaterMark = 0;
    return bind.call(this, address);
  });
  Object.defineProperty(zmq.Publisher.prototype, PATCHED, { value: true });
}

function define(prototype: PatchedSocket, name: keyof PatchedSocket, value: (...args: never[]) => unknown): void {
  Object.defineProperty(prototype, name, { configurable: true, writable: true, value });
}
