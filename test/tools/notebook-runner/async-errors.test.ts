// Errors a cell causes after its code has returned (an unhandled promise rejection, an
// exception thrown from a timer) fail the run against the cell that scheduled them,
// in the real tslab kernel, and never show up in another cell's output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../../tools/notebook-runner/cli.js';
import type { CodeCell } from '../../../tools/notebook-runner/notebook.js';
import { trackedChildCount } from '../../../tools/notebook-runner/processes.js';
import { NotebookCellError, runNotebook } from '../../../tools/notebook-runner/run.js';
import { runMain } from '../cli-shape.js';
import { writeCodeNotebook } from './helpers.js';

const TEST_TIMEOUT = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'async-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  expect(trackedChildCount()).toBe(0);
});

async function failure(name: string, sources: string[]): Promise<NotebookCellError> {
  const error = await runNotebook(writeCodeNotebook(dir, name, sources), { timeoutMs: 30_000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotebookCellError);
  return error as NotebookCellError;
}

const code = (error: NotebookCellError, cellNumber: number): CodeCell => {
  const cell = error.notebook.cells[cellNumber - 1];
  if (cell?.cell_type !== 'code') throw new Error(`cell ${cellNumber} is not a code cell`);
  return cell;
};

const text = (cell: CodeCell): string => JSON.stringify(cell.outputs);

describe('runNotebook fails the cell whose code caused an asynchronous error', () => {
  it(
    'runNotebook(<a promise rejected and not awaited>) fails that cell with the rejection, later cells not run',
    async () => {
      const error = await failure('rejection.ipynb', ['console.log("first");', 'Promise.reject(new Error("rejected, not awaited"));', 'console.log("must not run");']);
      expect(error).toMatchObject({ cellNumber: 3, reason: 'error', ename: 'Error', evalue: 'rejected, not awaited' });
      expect(error.message).toContain(`${join(dir, 'rejection.ipynb')}: cell 3 failed: Error: rejected, not awaited`);
      expect(error.message).toMatch(/unhandled promise rejection/i);
      expect(error.message).not.toMatch(/node_modules[\\/]tslab/);
      expect(code(error, 3).outputs).toContainEqual(expect.objectContaining({ output_type: 'error', ename: 'Error', evalue: 'rejected, not awaited' }));
      expect(code(error, 4)).toMatchObject({ execution_count: null, outputs: [] });
    },
    TEST_TIMEOUT,
  );

  it(
    'runNotebook(<an async function that throws after an await>) fails its cell',
    async () => {
      const error = await failure('async-fn.ipynb', ['(async () => { await null; throw new RangeError("after an await"); })();\nconsole.log("cell goes on");', 'console.log("must not run");']);
      expect(error).toMatchObject({ cellNumber: 2, ename: 'RangeError', evalue: 'after an await' });
      expect(code(error, 3).execution_count).toBeNull();
    },
    TEST_TIMEOUT,
  );

  it(
    'runNotebook(<a timer that throws while the next cell runs>) fails the cell that set the timer, not the next one',
    async () => {
      const error = await failure('timer.ipynb', [
        'setTimeout(() => { throw new Error("late"); }, 10);',
        'await new Promise((resolve) => setTimeout(resolve, 300));\nconsole.log("second cell done");',
        'console.log("must not run");',
      ]);
      expect(error).toMatchObject({ cellNumber: 2, reason: 'error', ename: 'Error', evalue: 'late', firstLine: 'setTimeout(() => { throw new Error("late"); }, 10);' });
      expect(error.message).toContain(`${join(dir, 'timer.ipynb')}: cell 2 failed: Error: late`);
      expect(error.message).toMatch(/uncaught exception/i);
      expect(code(error, 2).outputs).toContainEqual(expect.objectContaining({ output_type: 'error', evalue: 'late' }));
      // The next cell's output does not carry it.
      expect(text(code(error, 3))).not.toContain('late');
      expect(code(error, 4).execution_count).toBeNull();
    },
    TEST_TIMEOUT,
  );

  it(
    'runNotebook(<a timer that throws after the last cell>) fails the last cell',
    async () => {
      const error = await failure('last.ipynb', ['console.log("first");', 'setTimeout(() => { throw new Error("after the last cell"); }, 10);']);
      expect(error).toMatchObject({ cellNumber: 3, evalue: 'after the last cell' });
    },
    TEST_TIMEOUT,
  );

  it(
    'runNotebook(<a rejection with a non-Error value>) names the value',
    async () => {
      const error = await failure('value.ipynb', ['Promise.reject(42);']);
      expect(error).toMatchObject({ cellNumber: 2, reason: 'error' });
      expect(error.message).toContain('42');
    },
    TEST_TIMEOUT,
  );

  it(
    'runNotebook(<timers and promises that settle normally>) passes, and adds little time per cell',
    async () => {
      const sources = Array.from({ length: 20 }, (_, i) => `const p${i} = Promise.reject(new Error("handled")); p${i}.catch(() => {});\nsetTimeout(() => {}, 5);\n${i}`);
      const executed = await runNotebook(writeCodeNotebook(dir, 'fine.ipynb', sources), { timeoutMs: 30_000 });
      const outputs = executed.notebook.cells.filter((c): c is CodeCell => c.cell_type === 'code').map((c) => c.outputs);
      expect(outputs).toEqual(Array.from({ length: 20 }, (_, i) => [{ output_type: 'stream', name: 'stdout', text: `${i}\n` }]));
    },
    TEST_TIMEOUT,
  );
});

describe('the runner CLI on asynchronous errors', () => {
  it(
    'main([<timer error notebook>, "--out", dir]) exits 1 naming the notebook and the cell',
    async () => {
      const path = writeCodeNotebook(dir, 'cli-timer.ipynb', ['setTimeout(() => { throw new Error("late in cli"); }, 10);', 'console.log("ok");']);
      const { code: exit, stderr } = await runMain(main, path, '--out', join(dir, 'out'));
      expect(exit).toBe(EXIT.cellError);
      expect(stderr).toContain(`${path}: cell 2 failed: Error: late in cli`);
    },
    TEST_TIMEOUT,
  );
});
