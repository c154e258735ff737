// Unit tests of the patch and the error content; the real kernel is exercised in
// test/tools/notebook-runner/async-errors.test.ts and kernel.test.ts.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { errorContent, reportAsyncErrors, type TslabMessage, type TslabServer } from '../../../tools/kernel/async-errors.js';

type Sent = { parent: string; type: string; evalue: unknown };

/** A stand-in for tslab's ZmqServer: handleExecute runs the "cell" a message carries; replies are recorded. */
function fakeServer(sent: Sent[]) {
  const message = (parent: string, run: () => void = () => undefined): TslabMessage & { run: () => void } => ({
    header: { msg_type: 'execute_request' },
    content: {},
    run,
    createReply() {
      const reply: TslabMessage = {
        header: { msg_type: '' },
        content: undefined,
        createReply: () => reply,
        signAndSend: () => void sent.push({ parent, type: reply.header.msg_type, evalue: (reply.content as { evalue?: unknown }).evalue }),
      };
      return reply;
    },
    signAndSend: () => undefined,
  });
  class Server implements TslabServer {
    connInfo = { key: 'k' };
    iopub = {};
    handleExecute(_socket: unknown, executed: TslabMessage): Promise<void> {
      (executed as TslabMessage & { run: () => void }).run();
      return Promise.resolve();
    }
  }
  return { Server, message };
}

describe('errorContent', () => {
  it('errorContent("rejection", error) keeps name and message and starts the traceback with what happened', () => {
    const content = errorContent('rejection', new TypeError('bad'));
    expect(content).toMatchObject({ ename: 'TypeError', evalue: 'bad' });
    expect(content.traceback[0]).toMatch(/^Unhandled promise rejection/);
    expect(content.traceback[1]).toBe('TypeError: bad');
  });

  it('errorContent("exception", value) names a thrown value that is not an Error', () => {
    expect(errorContent('exception', 'text')).toEqual({
      ename: 'UncaughtException',
      evalue: "threw 'text'",
      traceback: [expect.stringMatching(/^Uncaught exception/), "UncaughtException: threw 'text'"],
    });
    expect(errorContent('rejection', 42)).toMatchObject({ ename: 'UnhandledRejection', evalue: 'rejected with 42' });
  });
});

describe('reportAsyncErrors', () => {
  it('reportAsyncErrors(server) sends an error to the request whose code scheduled it, else to the latest, else to the fallback', async () => {
    const sent: Sent[] = [];
    const { Server, message } = fakeServer(sent);
    const target = new EventEmitter();
    const fallback: string[] = [];
    reportAsyncErrors(Server, { fallback: (text) => void fallback.push(text), target: target as unknown as NodeJS.Process });
    target.emit('uncaughtException', new Error('before any cell'));
    expect(fallback).toEqual([expect.stringContaining('Error: before any cell')]);

    const server = new Server();
    // Cell A sets a timer that throws once cell B has run; A is blamed, not B.
    await server.handleExecute({}, message('A', () => void setTimeout(() => target.emit('uncaughtException', new Error('from A')), 30)));
    await server.handleExecute({}, message('B', () => void Promise.resolve().then(() => target.emit('unhandledRejection', 'from B'))));
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Nothing tells where this one comes from: the latest request, B.
    target.emit('uncaughtException', new Error('no context'));
    expect(sent).toEqual([
      { parent: 'B', type: 'error', evalue: "rejected with 'from B'" },
      { parent: 'A', type: 'error', evalue: 'from A' },
      { parent: 'B', type: 'error', evalue: 'no context' },
    ]);
  });
});
