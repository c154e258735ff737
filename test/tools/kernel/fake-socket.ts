/**
 * A stand-in for a zeromq 6 socket's `send`, as strict as the real one: one send in
 * progress at a time (a second one throws EBUSY at once, as zeromq does), each
 * completing a little later; sends can be made to fail with EAGAIN (rejected) or
 * any error. It records every message sent and the most sends ever in progress.
 */

/** An error as zeromq makes them: an errno code and message. */
export function zmqError(code: 'EAGAIN' | 'EBUSY' | 'EBADF'): Error {
  const messages = { EAGAIN: 'Operation was not possible or timed out', EBUSY: 'Socket is busy writing', EBADF: 'Socket is closed' };
  return Object.assign(new Error(messages[code]), { code, errno: { EAGAIN: 11, EBUSY: 16, EBADF: 9 }[code] });
}

export class FakeSocket {
  /** Messages sent, in the order they went out. */
  readonly sent: unknown[] = [];
  /** The most sends that were ever in progress at once. */
  maxInProgress = 0;
  /** How many calls were refused with EBUSY. */
  busyRefusals = 0;
  /** Errors the next sends fail with, in order (EAGAIN: rejected after a moment). */
  readonly failNext: Error[] = [];
  private inProgress = 0;

  send(message: unknown): Promise<void> {
    if (this.inProgress > 0) {
      this.busyRefusals += 1;
      throw zmqError('EBUSY');
    }
    this.inProgress += 1;
    this.maxInProgress = Math.max(this.maxInProgress, this.inProgress);
    const failure = this.failNext.shift();
    return new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.inProgress -= 1;
        if (failure !== undefined) {
          reject(failure);
        } else {
          this.sent.push(message);
          resolve();
        }
      });
    });
  }
}
