import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIND_FAILURE_EXIT } from '../../../tools/kernel/bind-failure.js';
import { KernelSession, START_ATTEMPTS } from '../../../tools/notebook-runner/kernel.js';
import { defaultKernelArgv } from '../../../tools/notebook-runner/tslab-binary.js';
import { ExecutionTimeoutError, KernelDiedError, KernelStartError } from '../../../tools/notebook-runner/kernel-errors.js';
import { trackedChildCount } from '../../../tools/notebook-runner/processes.js';
import { SignatureError } from '../../../tools/notebook-runner/wire.js';
import { FIXTURES, isAlive } from './helpers.js';

const KERNEL_TEST_TIMEOUT = 60_000;

describe('KernelSession with the real tslab kernel', () => {
  const kernel = new KernelSession({ cwd: FIXTURES });

  beforeAll(async () => {
    await kernel.start();
  }, KERNEL_TEST_TIMEOUT);
  afterAll(async () => {
    const pid = kernel.pid;
    await kernel.shutdown();
    expect(isAlive(pid)).toBe(false);
    expect(trackedChildCount()).toBe(0);
  }, KERNEL_TEST_TIMEOUT);

  it('reports tslab in kernel_info', () => {
    expect(kernel.kernelInfo).toMatchObject({ implementation: 'tslab', language_info: { name: 'typescript' } });
    expect(isAlive(kernel.pid)).toBe(true);
  });

  it('executes code, counting executions and collecting stream output', async () => {
    const first = await kernel.execute('console.log("hi"); 1 + 1', { timeoutMs: 30_000 });
    expect(first).toMatchObject({
      status: 'ok',
      executionCount: 1,
      outputs: [{ output_type: 'stream', name: 'stdout', text: 'hi\n2\n' }],
      stderr: '',
    });
    const second = await kernel.execute('const z = 5;\nz * 2', { timeoutMs: 30_000 });
    expect(second.executionCount).toBe(2);
    expect(second.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '10\n' }]);
  });

  it('applies tslab display updates to the original display', async () => {
    const result = await kernel.execute(
      'import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nd.text("a");\nd.html("<b>x</b>");\nd.text("b");',
      { timeoutMs: 30_000 },
    );
    expect(result.outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': 'b' }, metadata: {} }]);
  });

  it('refuses a second concurrent execution', async () => {
    const running = kernel.execute('await new Promise((r) => setTimeout(r, 300)); console.log("done")', { timeoutMs: 30_000 });
    await expect(kernel.execute('1', { timeoutMs: 30_000 })).rejects.toThrow(/another execution is still running/);
    expect((await running).outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'done\n' }]);
  });

  it('execute(<a promise rejected and not awaited>) reports it as an error output of that cell, not on stderr', async () => {
    const result = await kernel.execute('Promise.reject(new TypeError("nobody waits"));\nconsole.log("returned")', { timeoutMs: 30_000 });
    expect(result.status).toBe('ok');
    expect(result.outputs[0]).toEqual({ output_type: 'stream', name: 'stdout', text: 'returned\n' });
    expect(result.outputs[1]).toMatchObject({ output_type: 'error', ename: 'TypeError', evalue: 'nobody waits' });
    expect((result.outputs[1] as { traceback: string[] }).traceback[0]).toMatch(/^Unhandled promise rejection/);
    expect(result.stderr).toBe('');
  });

  it('takeLateErrors() returns an error thrown by a timer after its cell finished, with that cell\'s request id', async () => {
    const first = await kernel.execute('setTimeout(() => { throw new Error("later"); }, 100);', { timeoutMs: 30_000 });
    expect(first.outputs.filter((o) => o.output_type === 'error')).toEqual([]);
    const second = await kernel.execute('await new Promise((r) => setTimeout(r, 500));\nconsole.log("second")', { timeoutMs: 30_000 });
    expect(second.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'second\n' }]);
    expect(kernel.takeLateErrors()).toEqual([
      { requestId: first.msgId, output: expect.objectContaining({ output_type: 'error', ename: 'Error', evalue: 'later' }) },
    ]);
    expect(kernel.takeLateErrors()).toEqual([]);
  });

  it('settle(ms) waits until the kernel has been quiet for ms, catching an error thrown just after the cell', async () => {
    const cell = await kernel.execute('setTimeout(() => { throw new Error("just after"); }, 100);', { timeoutMs: 30_000 });
    const started = Date.now();
    await kernel.settle(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(kernel.takeLateErrors()).toEqual([{ requestId: cell.msgId, output: expect.objectContaining({ evalue: 'just after' }) }]);
  });

  it('reports a runtime error as status "error" with the error on stderr (tslab sends no ename)', async () => {
    const result = await kernel.execute('throw new RangeError("bad range")', { timeoutMs: 30_000 });
    expect(result.status).toBe('error');
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('RangeError: bad range');
    expect(result.executionCount).toEqual(expect.any(Number));
  });
});

describe('KernelSession failure handling', () => {
  afterEach(() => {
    // Every kernel of these tests is gone: nothing is left for the exit handlers.
    expect(trackedChildCount()).toBe(0);
  });

  it(
    'interrupts a hanging execution on timeout and leaves no process after shutdown',
    async () => {
      const kernel = new KernelSession({ cwd: FIXTURES });
      await kernel.start();
      const pid = kernel.pid;
      try {
        const error = await kernel.execute('await new Promise(() => {})', { timeoutMs: 1_500 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ExecutionTimeoutError);
        expect(error).toMatchObject({ interrupted: true, timeoutMs: 1_500 });
        expect((error as Error).message).toMatch(/timed out after 1\.5 s; the kernel was interrupted/);
      } finally {
        await kernel.shutdown();
      }
      expect(isAlive(pid)).toBe(false);
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'interrupts a busy synchronous loop on timeout',
    async () => {
      const kernel = new KernelSession({ cwd: FIXTURES });
      await kernel.start();
      try {
        const error = await kernel.execute('while (true) {}', { timeoutMs: 1_000 }).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'ExecutionTimeoutError', interrupted: true });
        expect(kernel.alive).toBe(true);
      } finally {
        await kernel.shutdown();
      }
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'kills the kernel when an interrupt does not stop the execution',
    async () => {
      // SIGINT is ignored by this code, so only the kill after the grace period ends it.
      const kernel = new KernelSession({ cwd: FIXTURES });
      await kernel.start();
      const pid = kernel.pid;
      const code = 'process.removeAllListeners("SIGINT"); process.on("SIGINT", () => {}); await new Promise(() => {})';
      const error = await kernel.execute(code, { timeoutMs: 1_000, interruptGraceMs: 500 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ExecutionTimeoutError', interrupted: false });
      expect((error as Error).message).toMatch(/did not respond to an interrupt and was killed/);
      expect(isAlive(pid)).toBe(false);
      await kernel.shutdown();
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'fails a pending execution promptly when the kernel process dies',
    async () => {
      const kernel = new KernelSession({ cwd: FIXTURES });
      await kernel.start();
      const pid = kernel.pid ?? -1;
      const running = kernel.execute('console.log("working"); await new Promise((r) => setTimeout(r, 60_000))', {
        timeoutMs: 120_000,
      });
      process.kill(pid, 'SIGKILL');
      const error = await running.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KernelDiedError);
      expect((error as Error).message).toMatch(new RegExp(`kernel \\(pid ${pid}\\) was killed by SIGKILL while executing`));
      await expect(kernel.execute('1')).rejects.toThrow(KernelDiedError);
      await kernel.shutdown();
      expect(isAlive(pid)).toBe(false);
    },
    KERNEL_TEST_TIMEOUT,
  );

  it('reports a kernel command that cannot be run', async () => {
    const kernel = new KernelSession({ argv: [join(FIXTURES, 'no-such-kernel'), '{connection_file}'] });
    await expect(kernel.start()).rejects.toThrow(KernelStartError);
    await expect(new KernelSession({ argv: [join(FIXTURES, 'no-such-kernel')] }).start()).rejects.toThrow(/Cannot run .*ENOENT/);
  });

  it('reports a kernel that exits during startup, with its output', async () => {
    const kernel = new KernelSession({
      argv: [process.execPath, '-e', 'console.error("cannot load tslab"); process.exit(3)'],
    });
    const error = await kernel.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelStartError);
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).toMatch(/cannot load tslab/);
  });

  it(
    'starts the kernel again on new ports when the launcher exits because another process took one of its ports',
    async () => {
      const marker = join(mkdtempSync(join(tmpdir(), 'backprop-ts-port-taker-')), 'taken');
      const kernel = new KernelSession({ cwd: FIXTURES, argv: [process.execPath, join(FIXTURES, 'port-taker.mjs'), marker, ...defaultKernelArgv()] });
      await kernel.start();
      try {
        expect(existsSync(marker), 'the first start found its shell port taken').toBe(true);
        const result = await kernel.execute('console.log(6 * 7)', { timeoutMs: 30_000 });
        expect(result.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
      } finally {
        await kernel.shutdown();
        rmSync(dirname(marker), { recursive: true, force: true });
      }
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(`gives up after ${START_ATTEMPTS} starts whose ports were all taken, with the kernel's own words`, async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'backprop-ts-attempts-')), 'attempts');
    const kernel = new KernelSession({
      argv: [process.execPath, '-e', `require("node:fs").appendFileSync(${JSON.stringify(log)}, "start\\n"); console.error("could not listen (EADDRINUSE)"); process.exit(${BIND_FAILURE_EXIT})`],
    });
    const error = await kernel.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelStartError);
    expect((error as Error).message).toMatch(/exited with code 5[\s\S]*could not listen \(EADDRINUSE\)/);
    expect(readFileSync(log, 'utf8')).toBe('start\n'.repeat(START_ATTEMPTS));
    rmSync(dirname(log), { recursive: true, force: true });
  });

  it('gives up on a kernel that never answers and kills it', async () => {
    const kernel = new KernelSession({ argv: [process.execPath, '-e', 'setInterval(() => {}, 1000)'], startupTimeoutMs: 1_000 });
    await expect(kernel.start()).rejects.toThrow(/did not answer kernel_info_request within 1 s/);
    expect(isAlive(kernel.pid)).toBe(false);
  });

  it.each(['bad-reply-signature', 'bad-iopub-signature'])(
    'rejects a message with a bad signature (%s)',
    async (mode) => {
      const kernel = new KernelSession({
        argv: [process.execPath, join(FIXTURES, 'fake-kernel.mjs'), '{connection_file}', mode],
      });
      // Startup succeeds: the fake kernel checks our signatures and would exit on a bad one.
      await kernel.start();
      expect(kernel.kernelInfo).toMatchObject({ implementation: 'fake' });
      try {
        const error = await kernel.execute('1', { timeoutMs: 10_000 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SignatureError);
        expect((error as Error).message).toMatch(/invalid HMAC-SHA256 signature/);
      } finally {
        await kernel.shutdown(1_000);
      }
      expect(isAlive(kernel.pid)).toBe(false);
    },
    KERNEL_TEST_TIMEOUT,
  );
});
