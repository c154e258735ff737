import { describe, expect, it } from 'vitest';
import { applyExercise, outputText, readExercises } from '../../../tools/exercises/exercises.js';
import { readNotebook, type Notebook } from '../../../tools/notebook-runner/index.js';

function notebook(metadata: Record<string, unknown>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'code', id: 'settings', source: 'const settings = { rate: 1 };', metadata: {}, execution_count: null, outputs: [] },
      {
        cell_type: 'code', id: 'train', source: 'train(settings);', metadata: {}, execution_count: 2,
        outputs: [
          { output_type: 'stream', name: 'stdout', text: 'loss 0.5\n' },
          { output_type: 'display_data', data: { 'text/plain': '[chart] loss', 'text/html': '<div>' }, metadata: {} },
          { output_type: 'error', ename: 'DivergenceError', evalue: 'Infinity at epoch 3', traceback: [] },
        ],
      },
      { cell_type: 'markdown', id: 'try', source: '**Try it.**', metadata },
    ],
  };
}

const exercise = { cell: 'settings', find: 'rate: 1', replace: 'rate: 2', expect: [{ cell: 'train', output: 'loss' }] };

describe('readExercises', () => {
  it('readExercises lists the exercises of every cell, with the cell that offers them', () => {
    expect(readExercises(notebook({ 'backprop-ts': { try: [exercise] } }))).toEqual([{ offeredIn: 'try', ...exercise }]);
    expect(readExercises(notebook({}))).toEqual([]);
  });

  it('readExercises names the cell of a malformed entry', () => {
    expect(() => readExercises(notebook({ 'backprop-ts': { try: {} } }))).toThrow(/cell try: .*list/);
    expect(() => readExercises(notebook({ 'backprop-ts': { try: [{ ...exercise, expect: [] }] } }))).toThrow(/cell try: an exercise needs/);
    expect(() => readExercises(notebook({ 'backprop-ts': { try: [{ ...exercise, expect: [{ cell: 'train' }] }] } }))).toThrow(/an expectation needs/);
  });

  it('readExercises finds the exercises the committed notebooks offer', async () => {
    const chapter1 = await readNotebook('notebooks/01-generalized-gradient-descent.ipynb');
    const found = readExercises(chapter1);
    expect(found.map((e) => e.replace)).toContain('learningRate: 0.002');
    for (const e of found) expect(() => applyExercise(chapter1, e)).not.toThrow();
  });
});

describe('applyExercise', () => {
  it('applyExercise edits a copy of the named cell', () => {
    const nb = notebook({});
    const edited = applyExercise(nb, { offeredIn: 'try', ...exercise });
    expect(edited.cells[0]!.source).toBe('const settings = { rate: 2 };');
    expect(nb.cells[0]!.source).toBe('const settings = { rate: 1 };');
  });

  it('applyExercise fails when the text is not in the cell exactly once, or the cell is missing', () => {
    expect(() => applyExercise(notebook({}), { offeredIn: 'try', ...exercise, find: 'rate: 3' })).toThrow(/found it 0 times/);
    expect(() => applyExercise(notebook({}), { offeredIn: 'try', ...exercise, cell: 'nope' })).toThrow(/no cell with id nope/);
  });
});

describe('outputText', () => {
  it('outputText joins streams, text/plain and errors as a person reads them', () => {
    expect(outputText(notebook({}), 'train')).toBe('loss 0.5\n\n[chart] loss\nDivergenceError: Infinity at epoch 3');
    expect(outputText(notebook({}), 'missing')).toBe('');
  });
});
