import { describe, expect, it } from 'vitest';
import { SendQueue, isBusy, type Batching } from '../../../tools/kernel/send-queue.js';
import { FakeSocket, zmqError } from './fake-socket.js';

/** Batching of strings for the tests: a waiting 'text:' message takes in the next 'text:' ones. */
const joinTexts: Batching<string> = {
  canGrow: (m) => m.startsWith('text:'),
  merge: (waiting, next) => (waiting.startsWith('text:') && next.startsWith('text:') ? waiting + next.slice('text:'.length) : undefined),
  intervalMs: 50,
};

describe('SendQueue', () => {
  it('push() sends 10,000 messages in order, one at a time, on a socket that refuses a second send', async () => {
    const socket = new FakeSocket();
    const queue = new SendQueue<number>((m) => socket.send(m));
    const pushed = Array.from({ length: 10_000 }, (_, i) => queue.push(i));
    await Promise.all(pushed);
    expect(socket.sent).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(socket.maxInProgress).toBe(1);
    expect(socket.busyRefusals).toBe(0);
    expect(queue.size).toBe(0);
  });

  it('the fake socket, sent to directly as tslab does, loses what it refuses (the bug the queue fixes)', async () => {
    const socket = new FakeSocket();
    let thrown = 0;
    for (let i = 0; i < 100; i += 1) {
      try {
        void socket.send(i);
      } catch {
        thrown += 1;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.sent).toEqual([0]);
    expect(thrown).toBe(99);
  });

  it('push() hands the first message to the socket synchronously, as a direct send would', () => {
    const calls: string[] = [];
    const queue = new SendQueue<string>((m) => {
      calls.push(m);
      return new Promise(() => undefined);
    });
    void queue.push('a');
    void queue.push('b');
    expect(calls).toEqual(['a']);
    expect(queue.size).toBe(2);
  });

  it.each(['EAGAIN', 'EBUSY'] as const)('push() retries a send that fails with %s until it goes through, keeping the order', async (code) => {
    const socket = new FakeSocket();
    socket.failNext.push(zmqError(code), zmqError(code), zmqError(code));
    const failures: Error[] = [];
    const queue = new SendQueue<string>((m) => socket.send(m), { retryDelayMs: 1, maxRetryDelayMs: 4, onFailure: (e) => failures.push(e) });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((m) => queue.push(m)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(socket.sent).toEqual(['a', 'b', 'c']);
    expect(failures).toEqual([]);
    expect(socket.maxInProgress).toBe(1);
  });

  it('push() retries a send that throws EBUSY synchronously', async () => {
    let calls = 0;
    const sent: string[] = [];
    const queue = new SendQueue<string>((m) => {
      calls += 1;
      if (calls <= 2) throw zmqError('EBUSY');
      sent.push(m);
      return Promise.resolve();
    });
    await queue.push('a');
    expect(sent).toEqual(['a']);
    expect(calls).toBe(3);
  });

  it('push() gives up on a message still busy after giveUpAfterMs, reports it and goes on', async () => {
    const failures: Error[] = [];
    let attempts = 0;
    const sent: string[] = [];
    const queue = new SendQueue<string>(
      (m) => {
        if (m === 'stuck') {
          attempts += 1;
          return Promise.reject(zmqError('EAGAIN'));
        }
        sent.push(m);
        return Promise.resolve();
      },
      { retryDelayMs: 1, maxRetryDelayMs: 2, giveUpAfterMs: 30, onFailure: (e) => failures.push(e) },
    );
    const stuck = queue.push('stuck');
    const next = queue.push('next');
    await expect(stuck).rejects.toMatchObject({ code: 'EAGAIN' });
    await next;
    expect(attempts).toBeGreaterThan(1);
    expect(sent).toEqual(['next']);
    expect(failures.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['EAGAIN']);
  });

  it('push() reports another failure once, rejects that message only, and never leaves an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const socket = new FakeSocket();
      socket.failNext.push(zmqError('EBADF'));
      const failures: Error[] = [];
      const queue = new SendQueue<string>((m) => socket.send(m), { onFailure: (e) => failures.push(e) });
      // Pushed and ignored, as tslab does.
      void queue.push('lost');
      void queue.push('kept');
      await queue.whenEmpty();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(socket.sent).toEqual(['kept']);
      expect(failures.map((e) => e.message)).toEqual(['Socket is closed']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('whenEmpty() resolves at once for an empty queue, else after the last send', async () => {
    const socket = new FakeSocket();
    const queue = new SendQueue<string>((m) => socket.send(m));
    await queue.whenEmpty();
    void queue.push('a');
    void queue.push('b');
    await queue.whenEmpty();
    expect(socket.sent).toEqual(['a', 'b']);
  });

  it('push() with batching folds messages that wait behind one being sent, never the one being sent', async () => {
    const socket = new FakeSocket();
    const queue = new SendQueue<string>((m) => socket.send(m), { batching: { ...joinTexts, intervalMs: 0 } });
    const promises = ['text:1', 'text:2', 'text:3', 'other', 'text:4', 'text:5'].map((m) => queue.push(m));
    await Promise.all(promises);
    expect(socket.sent).toEqual(['text:1', 'text:23', 'other', 'text:45']);
    // A folded message's promise is the one it was folded into.
    expect(promises[1]).toBe(promises[2]);
  });

  it('push() with batching sends a growable message at most every intervalMs, holding it to take in later ones', async () => {
    const socket = new FakeSocket();
    const queue = new SendQueue<string>((m) => socket.send(m), { batching: joinTexts });
    const start = performance.now();
    await queue.push('text:a'); // the first goes at once
    expect(performance.now() - start).toBeLessThan(40);
    const held = queue.push('text:b'); // too soon after 'a': held
    await new Promise((resolve) => setTimeout(resolve, 5));
    void queue.push('text:c'); // folds into the held one
    await held;
    expect(performance.now() - start).toBeGreaterThanOrEqual(45);
    expect(socket.sent).toEqual(['text:a', 'text:bc']);
  });

  it('push() of a message that does not fold releases a held one at once, in order', async () => {
    const socket = new FakeSocket();
    const queue = new SendQueue<string>((m) => socket.send(m), { batching: { ...joinTexts, intervalMs: 10_000 } });
    await queue.push('text:a');
    const start = performance.now();
    void queue.push('text:b'); // held for up to 10 s
    await queue.push('status'); // ...but a status behind it sends it now
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(socket.sent).toEqual(['text:a', 'text:b', 'status']);
  });
});

describe('isBusy', () => {
  it('isBusy(error) is true for EAGAIN and EBUSY only', () => {
    expect(isBusy(zmqError('EAGAIN'))).toBe(true);
    expect(isBusy(zmqError('EBUSY'))).toBe(true);
    expect(isBusy(zmqError('EBADF'))).toBe(false);
    expect(isBusy(new Error('EAGAIN'))).toBe(false);
    expect(isBusy(undefined)).toBe(false);
  });
});
