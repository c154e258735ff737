import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeNotebook, type CodeCell } from '../../../tools/notebook-runner/notebook.js';
import { trackedChildCount } from '../../../tools/notebook-runner/processes.js';
import {
  NotebookCellError,
  errorFromStderr,
  firstLine,
  runNotebook,
  type RunProgress,
} from '../../../tools/notebook-runner/run.js';
import { FIXTURES, isAlive } from './helpers.js';
import { nbformat45Problems } from './nbformat.js';

const RUN_TEST_TIMEOUT = 60_000;

/** Runs a fixture notebook, returning the progress events and the error it failed with. */
async function runFailing(name: string, timeoutMs?: number, onProgress?: (progress: RunProgress) => void) {
  const events: RunProgress[] = [];
  const started = Date.now();
  const error = await runNotebook(join(FIXTURES, name), {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onProgress: (progress) => {
      events.push(progress);
      onProgress?.(progress);
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotebookCellError);
  return { error: error as NotebookCellError, events, seconds: (Date.now() - started) / 1000, pid: events[0]?.kernelPid };
}

const codeCell = (error: NotebookCellError, cellNumber: number): CodeCell => {
  const cell = error.notebook.cells[cellNumber - 1];
  if (cell?.cell_type !== 'code') throw new Error(`cell ${cellNumber} is not a code cell`);
  return cell;
};

afterEach(() => {
  expect(trackedChildCount()).toBe(0);
});

describe('firstLine / errorFromStderr', () => {
  it('takes the first non-blank line, trimmed and shortened', () => {
    expect(firstLine('\n   \n  const a = 1;\nconst b = 2;')).toBe('const a = 1;');
    expect(firstLine('')).toBe('');
    expect(firstLine('x'.repeat(150))).toHaveLength(100);
  });

  it('recognises runtime errors and TypeScript diagnostics in tslab stderr', () => {
    expect(errorFromStderr('evalmachine.<anonymous>:2\nthrow x;\n^\n\nTypeError: x is not a function\n    at foo')).toEqual({
      ename: 'TypeError',
      evalue: 'x is not a function',
      traceback: [],
    });
    expect(errorFromStderr('Error: boom\n')).toMatchObject({ ename: 'Error', evalue: 'boom' });
    expect(errorFromStderr("1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'q'.\n")).toEqual({
      ename: 'CompileError',
      evalue: "1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'q'.",
      traceback: [],
    });
    expect(errorFromStderr('something odd\n')).toBeUndefined();
  });
});

describe('runNotebook', () => {
  it(
    'executes a passing notebook: outputs, counts, display updates, progress, cwd',
    async () => {
      const events: RunProgress[] = [];
      const executed = await runNotebook(join(FIXTURES, 'passing.ipynb'), { onProgress: (p) => events.push(p) });
      const cells = executed.notebook.cells;
      const code = (n: number): CodeCell => {
        const cell = cells[n - 1];
        if (cell?.cell_type !== 'code') throw new Error(`cell ${n} is not code`);
        return cell;
      };
      expect(cells).toHaveLength(7);
      expect(code(2)).toMatchObject({
        execution_count: 1,
        outputs: [{ output_type: 'stream', name: 'stdout', text: 'hello from tslab\nsecond line\n' }],
      });
      // tslab prints the value of a final expression on stdout rather than sending execute_result.
      expect(code(3).outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
      expect(code(4).outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': 'b' }, metadata: {} }]);
      // A blank cell is skipped, like nbclient does.
      expect(code(5)).toMatchObject({ execution_count: null, outputs: [] });
      expect(code(6).outputs).toEqual([
        { output_type: 'stream', name: 'stderr', text: 'to stderr\n' },
        { output_type: 'stream', name: 'stdout', text: 'to stdout\nstdout again\n' },
      ]);
      // The kernel runs in the notebook's folder.
      expect(code(7).outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'data next to the notebook\n' }]);
      expect(code(7).execution_count).toBe(5);
      expect(executed.notebook.metadata['language_info']).toMatchObject({ name: 'typescript' });
      expect(executed.kernelInfo.implementation).toBe('tslab');
      expect(nbformat45Problems(JSON.parse(serializeNotebook(executed.notebook)))).toEqual([]);

      expect(events.map((e) => `${e.phase}:${e.cellNumber}`)).toEqual([
        'kernel-ready:0',
        ...[2, 3, 4, 6, 7].flatMap((n) => [`cell-start:${n}`, `cell-done:${n}`]),
      ]);
      expect(events.every((e) => e.cellCount === 7 && e.notebookPath.endsWith('passing.ipynb'))).toBe(true);
      const elapsed = events.map((e) => e.elapsedMs);
      expect([...elapsed].sort((a, b) => a - b)).toEqual(elapsed);
      expect(isAlive(events[0]?.kernelPid)).toBe(false);
    },
    RUN_TEST_TIMEOUT,
  );

  it(
    'stops at a runtime error, naming the notebook, cell number and first line',
    async () => {
      const { error, events, pid } = await runFailing('runtime-error.ipynb');
      expect(error).toMatchObject({ cellNumber: 3, firstLine: '// fails on purpose', reason: 'error', ename: 'Error', evalue: 'boom at runtime' });
      expect(error.notebookPath).toBe(join(FIXTURES, 'runtime-error.ipynb'));
      expect(error.message).toContain(`${join(FIXTURES, 'runtime-error.ipynb')}: cell 3 failed: Error: boom at runtime`);
      expect(error.message).toContain('cell 3 begins: // fails on purpose');
      expect(error.message).toContain('throw new Error("boom at runtime");');
      expect(error.message).not.toMatch(/node_modules[\\/]tslab/);
      // Later cells did not run.
      expect(events.some((e) => e.cellNumber === 4)).toBe(false);
      expect(codeCell(error, 4)).toMatchObject({ execution_count: null, outputs: [] });
      // Earlier and failing cells keep their outputs in the partial notebook.
      expect(codeCell(error, 2).outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'before 1\n' }]);
      expect(codeCell(error, 3).outputs[0]).toMatchObject({ output_type: 'stream', name: 'stderr' });
      expect(isAlive(pid)).toBe(false);
    },
    RUN_TEST_TIMEOUT,
  );

  it(
    'stops at a compile error with the TypeScript diagnostic',
    async () => {
      const { error, events, pid } = await runFailing('compile-error.ipynb');
      expect(error).toMatchObject({ cellNumber: 2, firstLine: 'const wrong: number = "not a number";', ename: 'CompileError' });
      expect(error.message).toContain('cell 2 failed: TypeScript compile error');
      expect(error.message).toContain('cell 2 begins: const wrong: number = "not a number";');
      expect(error.message).toContain("1:7 - Type 'string' is not assignable to type 'number'.");
      expect(events.some((e) => e.cellNumber === 3)).toBe(false);
      expect(codeCell(error, 3).execution_count).toBeNull();
      expect(isAlive(pid)).toBe(false);
    },
    RUN_TEST_TIMEOUT,
  );

  it(
    'times out a hanging cell and leaves no kernel process',
    async () => {
      const { error, events, pid, seconds } = await runFailing('hanging.ipynb', 1_500);
      expect(error).toMatchObject({ cellNumber: 2, reason: 'timeout', firstLine: 'await new Promise(() => {});' });
      expect(error.message).toContain('cell 2 timed out');
      expect(error.message).toContain('timed out after 1.5 s');
      expect(events.some((e) => e.cellNumber === 3)).toBe(false);
      expect(seconds).toBeLessThan(30);
      expect(pid).toEqual(expect.any(Number));
      expect(isAlive(pid)).toBe(false);
    },
    RUN_TEST_TIMEOUT,
  );

  it(
    'fails clearly, without hanging, when the kernel is killed mid-cell',
    async () => {
      const { error, pid, seconds } = await runFailing('long-running.ipynb', 120_000, (progress) => {
        if (progress.phase === 'cell-start' && progress.cellNumber === 2 && progress.kernelPid !== undefined) {
          const kernelPid = progress.kernelPid;
          // Let the cell get going first; the outcome must be the same either way.
          setTimeout(() => process.kill(kernelPid, 'SIGKILL'), 300);
        }
      });
      expect(error).toMatchObject({ cellNumber: 2, reason: 'kernel-died', firstLine: 'console.log("long cell");' });
      expect(error.message).toContain('cell 2 failed: the kernel died');
      expect(error.message).toMatch(/was killed by SIGKILL/);
      expect(seconds).toBeLessThan(30);
      expect(isAlive(pid)).toBe(false);
    },
    RUN_TEST_TIMEOUT,
  );
});
