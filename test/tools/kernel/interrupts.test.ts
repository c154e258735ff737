import { describe, expect, it } from 'vitest';
import { INTERRUPTED_LINE, isInterruption, quietInterrupts } from '../../../tools/kernel/interrupts.js';
import { KernelSession } from '../../../tools/notebook-runner/kernel.js';
import { ExecutionTimeoutError } from '../../../tools/notebook-runner/kernel-errors.js';
import type { Output } from '../../../tools/notebook-runner/outputs.js';
import { FIXTURES } from '../notebook-runner/helpers.js';

describe('isInterruption', () => {
  it("isInterruption knows Node's SIGINT interruption and tslab's asynchronous one, and nothing else", () => {
    expect(isInterruption(new Error('Script execution was interrupted by `SIGINT`'))).toBe(true);
    expect(isInterruption(new Error('Interrupted asynchronously'))).toBe(true);
    expect(isInterruption(new Error('Something else'))).toBe(false);
    expect(isInterruption('Interrupted asynchronously')).toBe(false);
    expect(isInterruption(null)).toBe(false);
  });
});

describe('quietInterrupts', () => {
  it('quietInterrupts prints one line for an interruption and passes everything else through', () => {
    const printed: unknown[][] = [];
    const target = { error: (...args: unknown[]) => void printed.push(args) };
    quietInterrupts(target);
    target.error(new Error('Script execution was interrupted by `SIGINT`'));
    const other = new RangeError('bad');
    target.error(other);
    target.error('%s failed', 'x');
    expect(printed).toEqual([[INTERRUPTED_LINE], [other], ['%s failed', 'x']]);
  });
});

/** The text of an execution's stderr outputs. */
const stderrOf = (outputs: readonly Output[]) => outputs.map((o) => (o.output_type === 'stream' && o.name === 'stderr' ? o.text : '')).join('');

describe('an interrupted cell in the kernel', () => {
  it.each([
    ['a busy loop', 'while (true) {}'],
    ['a cell waiting on await', 'await new Promise(() => {})'],
  ])('%s prints one line, not a stack of node:vm and tslab internals', async (_, code) => {
    const kernel = new KernelSession({ cwd: FIXTURES });
    await kernel.start();
    try {
      const error = await kernel.execute(code, { timeoutMs: 1_500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExecutionTimeoutError);
      const stderr = stderrOf((error as ExecutionTimeoutError).outputs);
      expect(stderr.trim()).toBe(INTERRUPTED_LINE);
      expect(stderr).not.toMatch(/node:vm|tslab\/dist|^\s+at /m);
    } finally {
      await kernel.shutdown();
    }
  }, 60_000);
});
