/**
 * The client side of a kernel's Jupyter channels over ZeroMQ: the shell, control,
 * stdin and IOPub sockets, signed sends (one at a time per socket, as zeromq
 * requires), and every verified incoming message routed to the waiter of the
 * request it answers. IOPub messages of a request nobody waits for any more (a
 * timer's error after its cell finished) go to `onStray`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Dealer, Subscriber, type Socket } from 'zeromq';
import { endpoint, type ConnectionInfo } from './connection.js';
import { createMessage, deserialize, serialize, type JsonObject, type JupyterMessage } from './wire.js';

/** Callbacks for the messages caused by one request, keyed by its msg_id. */
export interface Waiter {
  onShell?(message: JupyterMessage): void;
  onIopub?(message: JupyterMessage): void;
  onFailure(error: Error): void;
}

/** The four channels of one kernel, connected as a Jupyter client. */
export class KernelChannels {
  private readonly session = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  private readonly sendChains = new Map<Socket, Promise<void>>();
  private readonly shell: Dealer;
  private readonly control: Dealer;
  private readonly stdin: Dealer;
  private readonly iopub: Subscriber;
  private iopubAt = performance.now();

  /**
   * Connects to the kernel's ports.
   *
   * @param onFatal Called when a socket receives a bad signature or a malformed
   *   message: nothing from this kernel can be trusted any more.
   * @param onStray Called with each IOPub message whose request has no waiter.
   */
  constructor(
    private readonly info: ConnectionInfo,
    private readonly onFatal: (error: Error) => void,
    private readonly onStray: (message: JupyterMessage) => void = () => undefined,
  ) {
    // shell and stdin share a routing id so that stdin requests reach this client.
    const identity = `notebook-runner-${randomBytes(6).toString('hex')}`;
    this.shell = new Dealer({ linger: 0, routingId: identity });
    this.stdin = new Dealer({ linger: 0, routingId: identity });
    this.control = new Dealer({ linger: 0 });
    // The default receive high-water mark (1,000) loses nothing: a full queue stops
    // reading from TCP and the kernel's publisher, unlimited (tools/kernel/), holds the rest.
    this.iopub = new Subscriber({ linger: 0 });
    this.shell.connect(endpoint(info, info.shell_port));
    this.stdin.connect(endpoint(info, info.stdin_port));
    this.control.connect(endpoint(info, info.control_port));
    this.iopub.connect(endpoint(info, info.iopub_port));
    this.iopub.subscribe();
    this.readLoop(this.shell, (message, waiter) => waiter?.onShell?.(message));
    this.readLoop(this.control, (message, waiter) => waiter?.onShell?.(message));
    this.readLoop(this.iopub, (message, waiter) => {
      this.iopubAt = performance.now();
      if (waiter === undefined) this.onStray(message);
      else waiter.onIopub?.(message);
    });
    // allow_stdin is always false, so input requests are not expected; they are read and dropped.
    this.readLoop(this.stdin, () => undefined);
  }

  /** A new request of this client's session. */
  request(msgType: string, content: JsonObject): JupyterMessage {
    return createMessage(msgType, content, { session: this.session });
  }

  /** Routes the replies and IOPub messages whose parent is `msgId` to `waiter`, until {@link forget}. */
  expect(msgId: string, waiter: Waiter): void {
    this.waiters.set(msgId, waiter);
  }

  /** Milliseconds since the last IOPub message arrived (or since connecting). */
  get iopubQuietMs(): number {
    return performance.now() - this.iopubAt;
  }

  /** Stops routing the messages of request `msgId`. */
  forget(msgId: string): void {
    this.waiters.delete(msgId);
  }

  /** Sends a signed message; sends on one socket are serialized as zeromq requires. */
  send(channel: 'shell' | 'control', message: JupyterMessage): Promise<void> {
    const socket = channel === 'shell' ? this.shell : this.control;
    if (socket.closed) return Promise.reject(new Error('kernel socket is closed'));
    const frames = serialize(message, this.info.key);
    const previous = this.sendChains.get(socket) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => socket.send(frames));
    this.sendChains.set(socket, next);
    return next;
  }

  /** Fails every pending request with `error` (each waiter once) and forgets them. */
  failAll(error: Error): void {
    const waiters = [...new Set(this.waiters.values())];
    this.waiters.clear();
    for (const waiter of waiters) waiter.onFailure(error);
  }

  /** Closes every socket. */
  close(): void {
    for (const socket of [this.shell, this.control, this.stdin, this.iopub]) {
      if (!socket.closed) socket.close();
    }
  }

  /** Reads and verifies every message of a socket, routing it to the waiter of its parent request. */
  private readLoop(socket: Dealer | Subscriber, route: (message: JupyterMessage, waiter: Waiter | undefined) => void): void {
    void (async () => {
      try {
        for await (const frames of socket) {
          const message = deserialize(frames, this.info.key);
          const parentId = message.parent_header.msg_id;
          route(message, parentId === undefined ? undefined : this.waiters.get(parentId));
        }
      } catch (error) {
        if (socket.closed) return;
        this.onFatal(error instanceof Error ? error : new Error(String(error)));
      }
    })();
  }
}
