import { describe, expect, it } from 'vitest';
import { queueSends, type KernelSocketClasses, type SendFailure } from '../../../tools/kernel/queued-sends.js';
import { FakeSocket, zmqError } from './fake-socket.js';

/** Fake zeromq socket classes whose `send` is as strict as zeromq's (see FakeSocket). */
function fakeZeromq() {
  class Socket extends FakeSocket {
    sendHighWaterMark = 1000;
    boundWithHighWaterMark: number | undefined;
    closed = false;
    bind(): Promise<void> {
      this.boundWithHighWaterMark = this.sendHighWaterMark;
      return Promise.resolve();
    }
    close(): void {
      this.closed = true;
    }
  }
  class Publisher extends Socket {}
  class Router extends Socket {}
  class Reply extends Socket {}
  return { Publisher, Router, Reply };
}

describe('queueSends', () => {
  it('queueSends(zmq) makes each socket send 1,000 messages in order, one at a time, from tslab-style unawaited calls', async () => {
    const zmq = fakeZeromq();
    queueSends(zmq as unknown as KernelSocketClasses, { key: 'k' });
    const publisher = new zmq.Publisher();
    const router = new zmq.Router();
    for (let i = 0; i < 1_000; i += 1) {
      void publisher.send([`p${i}`]);
      void router.send([`r${i}`]);
    }
    // Under load (other test files busy on both cores) this takes longer than 200 ms.
    for (let waited = 0; waited < 10_000 && (publisher.sent.length < 1_000 || router.sent.length < 1_000); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(publisher.sent).toEqual(Array.from({ length: 1_000 }, (_, i) => [`p${i}`]));
    expect(router.sent).toEqual(Array.from({ length: 1_000 }, (_, i) => [`r${i}`]));
    expect([publisher.maxInProgress, router.maxInProgress, publisher.busyRefusals]).toEqual([1, 1, 0]);
  });

  it('queueSends(zmq) binds publishers with no high-water mark, and only publishers', async () => {
    const zmq = fakeZeromq();
    queueSends(zmq as unknown as KernelSocketClasses, { key: 'k' });
    const publisher = new zmq.Publisher();
    const router = new zmq.Router();
    await publisher.bind();
    await router.bind();
    expect(publisher.boundWithHighWaterMark).toBe(0);
    expect(router.boundWithHighWaterMark).toBe(1000);
  });

  it('queueSends(zmq) makes close() wait until the socket has sent what it was given', async () => {
    const zmq = fakeZeromq();
    queueSends(zmq as unknown as KernelSocketClasses, { key: 'k' });
    const router = new zmq.Router();
    void router.send(['reply']);
    void router.send(['status']);
    router.close();
    expect(router.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.sent).toEqual([['reply'], ['status']]);
    expect(router.closed).toBe(true);
    const idle = new zmq.Reply();
    idle.close();
    expect(idle.closed).toBe(true);
  });

  it('queueSends(zmq) reports a failed send with its socket class and goes on; a second call changes nothing', async () => {
    const zmq = fakeZeromq();
    const failures: SendFailure[] = [];
    queueSends(zmq as unknown as KernelSocketClasses, { key: 'k', onFailure: (f) => failures.push(f) });
    const patchedSend = zmq.Publisher.prototype.send;
    queueSends(zmq as unknown as KernelSocketClasses, { key: 'k' });
    expect(zmq.Publisher.prototype.send).toBe(patchedSend);
    const publisher = new zmq.Publisher();
    publisher.failNext.push(zmqError('EAGAIN'), zmqError('EBADF'));
    void publisher.send(['retried, then closed']);
    void publisher.send(['next']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publisher.sent).toEqual([['next']]);
    expect(failures).toEqual([{ socket: 'Publisher', error: expect.objectContaining({ code: 'EBADF' }) }]);
  });
});
