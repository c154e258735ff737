// tools/kernel/bind-failure.ts on a stand-in for tslab's ZmqServer (the launcher with
// the real tslab and a port really taken: tslab-kernel.test.ts; JupyterLab's server
// starting it again on new ports: test/jupyter/kernel-ports.test.ts).
import { describe, expect, it } from 'vitest';
import { BIND_FAILURE_EXIT, bindFailureMessage, exitOnBindFailure } from '../../../tools/kernel/bind-failure.js';
import { EXIT } from '../../../tools/kernel/tslab-kernel.js';

/** A server class shaped like tslab's: init binds the five ports, bindSocket may fail on one. */
function serverClass(failOn: number | undefined, other?: Error) {
  const bound: number[] = [];
  class Server {
    connInfo = { transport: 'tcp', ip: '127.0.0.1' };
    async bindSocket(_socket: unknown, port: number): Promise<void> {
      if (port === failOn) throw Object.assign(new Error('Address already in use'), { code: 'EADDRINUSE' });
      bound.push(port);
    }
    async init(): Promise<void> {
      if (other !== undefined) throw other;
      await Promise.all([5001, 5002, 5003, 5004, 5005].map((port) => this.bindSocket({}, port)));
    }
  }
  return { Server, bound };
}

describe('exitOnBindFailure', () => {
  it('a port that cannot be bound ends the kernel with a line naming the address and the reason', async () => {
    const { Server } = serverClass(5003);
    const exits: string[] = [];
    exitOnBindFailure(Server, (message) => void exits.push(message));
    await new Server().init();
    expect(exits).toEqual([
      'tslab-kernel: could not listen on tcp://127.0.0.1:5003 (EADDRINUSE: Address already in use), a port of the connection file; the kernel exits so that it can be started again on other ports\n',
    ]);
  });

  it('sockets that all bind start the kernel as before, exiting nothing', async () => {
    const { Server, bound } = serverClass(undefined);
    const exits: string[] = [];
    exitOnBindFailure(Server, (message) => void exits.push(message));
    await new Server().init();
    expect(exits).toEqual([]);
    expect(bound).toEqual([5001, 5002, 5003, 5004, 5005]);
  });

  it('any other failure of the startup ends the kernel too, with its message', async () => {
    const { Server } = serverClass(undefined, new Error('ENOENT: no such file, open \'/gone/kernel.json\''));
    const exits: string[] = [];
    exitOnBindFailure(Server, (message) => void exits.push(message));
    await new Server().init();
    expect(exits).toEqual(['tslab-kernel: the kernel could not start its sockets: ENOENT: no such file, open \'/gone/kernel.json\'\n']);
  });

  it('bindFailureMessage() says the reason without a code when the error has none', () => {
    expect(bindFailureMessage('tcp://127.0.0.1:1', 'refused')).toContain('could not listen on tcp://127.0.0.1:1 (refused)');
  });

  it('the exit code is the launcher\'s EXIT.bindFailed, apart from its others', () => {
    expect(EXIT.bindFailed).toBe(BIND_FAILURE_EXIT);
    expect(Object.values(EXIT).filter((code) => code === BIND_FAILURE_EXIT)).toHaveLength(1);
  });
});
