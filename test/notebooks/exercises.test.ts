// Every "Try it" exercise the notebooks offer (cell metadata "backprop-ts".try, see
// tools/exercises/exercises.ts) does what its prose says: the edit applies to the cell
// the prose names, the edited notebook compiles and runs in the real tslab kernel
// (with tslab's own TypeScript, so a literal type in a default would fail it), and
// the named cells print what the prose promises. Part of the book lane
// (npm run test:book): each exercise runs its notebook once more.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyExercise, outputText, readExercises, type Exercise } from '../../tools/exercises/exercises.js';
import { NotebookCellError, readNotebook, runNotebook, writeNotebook, type Notebook } from '../../tools/notebook-runner/index.js';

const DIR = 'notebooks';
const names = readdirSync(DIR).filter((n) => n.endsWith('.ipynb')).sort();
const root = mkdtempSync(join(tmpdir(), 'backprop-ts-exercises-'));
mkdirSync(join(root, 'notebooks'));
for (const link of ['dist', 'node_modules', 'data']) symlinkSync(resolve(link), join(root, link));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const offered = await Promise.all(names.map(async (name) => ({ name, notebook: await readNotebook(join(DIR, name)) })));
const cases = offered.flatMap(({ name, notebook }) => readExercises(notebook).map((exercise, i) => ({ name, notebook, exercise, i })));

/** Runs the edited notebook; a failing cell ends the run, as in Jupyter's Run All. */
async function run(name: string, notebook: Notebook, index: number): Promise<{ notebook: Notebook; failedCell?: string; ename?: string }> {
  const path = join(root, 'notebooks', `${index}-${name}`);
  await writeNotebook(path, notebook);
  try {
    return { notebook: (await runNotebook(path)).notebook };
  } catch (error) {
    if (!(error instanceof NotebookCellError)) throw error;
    const failed = error.notebook.cells[error.cellNumber - 1];
    return { notebook: error.notebook, failedCell: failed?.id, ...(error.ename === undefined ? {} : { ename: error.ename }) };
  }
}

describe('Try it exercises', () => {
  it('the notebooks offer exercises', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [`${c.name}: ${c.exercise.replace}`, c] as const))('%s does what the prose says', async (_, { name, notebook, exercise, i }) => {
    const result = await run(name, applyExercise(notebook, exercise as Exercise), i);
    for (const expectation of exercise.expect) {
      const text = outputText(result.notebook, expectation.cell);
      expect(text, `output of ${expectation.cell}`).toMatch(new RegExp(expectation.output));
      if (expectation.error === undefined) {
        expect(result.failedCell, `no cell fails (${result.ename ?? ''})`).toBeUndefined();
      } else {
        expect(result.failedCell).toBe(expectation.cell);
        expect(result.ename).toBe(expectation.error);
      }
    }
  }, 180_000);
});
