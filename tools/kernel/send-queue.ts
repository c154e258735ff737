/**
 * `SendQueue`: the sends of one ZeroMQ socket, one at a time and in order. zeromq.js 6
 * allows one send in progress per socket and refuses the next (EBUSY), or fails one
 * it cannot place now (EAGAIN); tslab sends without waiting for either, so without
 * this queue a burst of output loses messages and a rejected send that nobody
 * catches kills the kernel. See README.md.
 */

/** How a {@link SendQueue} folds small messages together. */
export interface Batching<M> {
  /** Whether `message` can take in later messages; only such a message is ever held back. */
  canGrow(message: M): boolean;
  /**
   * Folds `next` into `waiting`, the last message in the queue, which has not been
   * handed to the socket yet; returns the message that replaces both, or undefined
   * to queue `next` after it.
   */
  merge(waiting: M, next: M): M | undefined;
  /**
   * At most one growable message per `intervalMs`: one that would go sooner after
   * the previous one waits at the end of the queue, taking in what follows, until
   * then, or until a message that does not fold into it is queued behind it.
   */
  intervalMs: number;
}

/** Options for {@link SendQueue}. */
export interface SendQueueOptions<M> {
  /** First wait before retrying a send that failed with EAGAIN or EBUSY, in ms; doubles per retry. Default 1. */
  retryDelayMs?: number;
  /** Longest wait between retries, in ms. Default 100. */
  maxRetryDelayMs?: number;
  /** How long one message may keep failing with EAGAIN/EBUSY before it counts as failed, in ms. Default 60,000. */
  giveUpAfterMs?: number;
  /** Called for a message that could not be sent (say, the socket was closed); the queue goes on with the next. */
  onFailure?(error: Error): void;
  /** Folding of waiting messages. Default: none, every message is sent as it was pushed. */
  batching?: Batching<M>;
}

interface Entry<M> {
  message: M;
  sent: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

/** Compact the backing array once this many sent entries sit at its front. */
const COMPACT_AFTER = 4_096;

/**
 * Sends messages through `send` one at a time, each only after the previous one's
 * promise settled, in the order they were pushed. A send that fails with EAGAIN or
 * EBUSY is retried (1 ms, 2 ms, … up to 100 ms apart) until it goes through, for up
 * to a minute; any other failure rejects that message's promise and is reported to
 * `onFailure`. Messages wait in memory, however many: a cell that prints in a tight
 * loop pushes them all before the first one can be sent (`batching` folds them).
 *
 * @example
 * ```ts
 * const queue = new SendQueue((frames: string[]) => socket.send(frames));
 * queue.push(['a']);
 * queue.push(['b']); // sent once 'a' has been
 * ```
 */
export class SendQueue<M> {
  private entries: Array<Entry<M> | undefined> = [];
  private head = 0;
  private draining = false;
  /** True while the entry at `head` is in `send` (it can no longer change). */
  private sending = false;
  private lastGrowableSentAt = -Infinity;
  private wake: (() => void) | undefined;
  private emptied: Array<() => void> = [];

  /**
   * @param send Sends one message; may throw or reject (EAGAIN and EBUSY are retried).
   * @param options Retries, batching and the failure callback.
   */
  constructor(
    private readonly send: (message: M) => Promise<void>,
    private readonly options: SendQueueOptions<M> = {},
  ) {}

  /** Messages pushed and not yet sent (the one being sent included). */
  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * Queues `message`, or folds it into the last waiting one. When the queue is empty
   * (and nothing holds it back) it is handed to `send` at once, synchronously, as a
   * direct send would be.
   *
   * @returns Resolves once it was sent; rejects if it could not be. A caller may
   *   ignore it: a rejection is never unhandled.
   */
  push(message: M): Promise<void> {
    const last = this.entries[this.entries.length - 1];
    const lastWaits = last !== undefined && this.size > (this.sending ? 1 : 0);
    if (lastWaits && this.options.batching !== undefined) {
      const merged = this.options.batching.merge(last.message, message);
      if (merged !== undefined) {
        last.message = merged;
        return last.sent;
      }
    }
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const sent = new Promise<void>((onSent, onFailed) => {
      resolve = onSent;
      reject = onFailed;
    });
    sent.catch(() => undefined); // tslab never looks at it: a failure must not become an unhandled rejection
    this.entries.push({ message, sent, resolve, reject });
    if (!this.draining) void this.drain();
    else this.wake?.();
    return sent;
  }

  /** Resolves once every message pushed so far has been sent or has failed. */
  whenEmpty(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.head < this.entries.length) {
      const hold = this.holdTime();
      if (hold > 0) await this.sleep(hold);
      const entry = this.entries[this.head]!;
      if (this.options.batching?.canGrow(entry.message) === true) this.lastGrowableSentAt = performance.now();
      this.sending = true;
      try {
        await this.sendWithRetry(entry.message);
        entry.resolve();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        entry.reject(failure);
        this.options.onFailure?.(failure);
      }
      this.sending = false;
      this.entries[this.head] = undefined;
      this.head += 1;
      if (this.head >= COMPACT_AFTER && this.head * 2 >= this.entries.length) {
        this.entries = this.entries.slice(this.head);
        this.head = 0;
      }
    }
    this.entries = [];
    this.head = 0;
    this.draining = false;
    for (const resolve of this.emptied.splice(0)) resolve();
  }

  /** How long the next message may wait to grow: while alone in the queue, until `intervalMs` after the last growable one. */
  private holdTime(): number {
    const batching = this.options.batching;
    if (batching === undefined || this.size !== 1 || !batching.canGrow(this.entries[this.head]!.message)) return 0;
    return this.lastGrowableSentAt + batching.intervalMs - performance.now();
  }

  /** Sleeps `ms`, or less if a message is queued behind the one waiting. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async sendWithRetry(message: M): Promise<void> {
    const giveUpAt = Date.now() + (this.options.giveUpAfterMs ?? 60_000);
    const maxDelay = this.options.maxRetryDelayMs ?? 100;
    for (let delay = this.options.retryDelayMs ?? 1; ; delay = Math.min(delay * 2, maxDelay)) {
      try {
        await this.send(message);
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Whether a send failed only for now: EAGAIN (not possible now, or timed out) or EBUSY (another send in progress). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EAGAIN' || code === 'EBUSY';
}
