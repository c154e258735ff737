// tools/latency/cells.ts: which cells a reader reruns after changing a setting, read
// from the notebooks' "Try it" metadata.
import { describe, expect, it } from 'vitest';
import { codeCells, rerunCells } from '../../../tools/latency/cells.js';
import { readNotebook, type Cell, type Notebook } from '../../../tools/notebook-runner/index.js';

const code = (id: string, tags?: string[]): Cell => ({ cell_type: 'code', id, source: `// ${id}`, metadata: tags ? { tags } : {}, execution_count: null, outputs: [] });
const offer = (id: string, ...tries: { cell: string; expect: string[] }[]): Cell => ({
  cell_type: 'markdown', id, source: '**Try it.**',
  metadata: { 'backprop-ts': { try: tries.map((t) => ({ cell: t.cell, find: 'x', replace: 'y', expect: t.expect.map((cell) => ({ cell, output: '.' })) })) } },
});
const notebook = (...cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe('rerunCells', () => {
  it('rerunCells picks the exercise that edits a cell tagged settings, with the cells it checks, in notebook order', () => {
    const nb = notebook(code('scratch'), code('settings', ['settings']), code('check'), code('train'),
      offer('try-1', { cell: 'scratch', expect: ['train'] }), offer('try-2', { cell: 'settings', expect: ['train', 'check', 'train'] }));
    expect(rerunCells(nb)).toEqual({ settings: 'settings', cells: ['settings', 'check', 'train'] });
  });

  it('rerunCells takes the first exercise when no edited cell is tagged settings, and one cell when it checks itself', () => {
    const nb = notebook(code('a'), code('b'), offer('try', { cell: 'b', expect: ['b'] }, { cell: 'a', expect: ['b'] }));
    expect(rerunCells(nb)).toEqual({ settings: 'b', cells: ['b'] });
  });

  it('rerunCells reruns the cell tagged settings when the exercise edits another cell', () => {
    const nb = notebook(code('settings', ['settings']), code('scratch'), code('train'), offer('try', { cell: 'scratch', expect: ['train'] }));
    expect(rerunCells(nb)).toEqual({ settings: 'settings', cells: ['settings', 'train'] });
  });

  it('rerunCells returns undefined for a notebook without exercises', () => {
    expect(rerunCells(notebook(code('a'), code('settings', ['settings'])))).toBeUndefined();
  });

  it('rerunCells throws naming the offer and the cell when an exercise names a missing or markdown cell', () => {
    expect(() => rerunCells(notebook(code('a'), offer('try', { cell: 'a', expect: ['gone'] })))).toThrow('exercise in try: no cell with id gone');
    expect(() => rerunCells(notebook(code('a'), offer('try', { cell: 'a', expect: ['try'] })))).toThrow('exercise in try: cell try is markdown, not code');
  });

  it.each([
    ['01-generalized-gradient-descent', ['gd-loop-settings', 'gd-loop-07']],
    ['02-vectorization-with-tfjs', ['gd-tfjs-settings', 'gd-tfjs-05']],
    ['05-training-a-deep-network', ['train241-settings', 'train241-05', 'train241-check']],
  ])('rerunCells(notebooks/%s) names its settings and training cells', async (name, cells) => {
    const rerun = rerunCells(await readNotebook(`notebooks/${name}.ipynb`));
    expect(rerun?.cells).toEqual(expect.arrayContaining(cells));
  });

  it('rerunCells finds cells to rerun in each of chapters 1–5', async () => {
    for (const n of ['01-generalized-gradient-descent', '02-vectorization-with-tfjs', '03-backpropagation', '04-deep-networks', '05-training-a-deep-network']) {
      expect(rerunCells(await readNotebook(`notebooks/${n}.ipynb`))?.cells.length, n).toBeGreaterThan(0);
    }
  });
});

describe('codeCells', () => {
  it('codeCells lists the code cells in order, without markdown', () => {
    expect(codeCells(notebook(code('a'), offer('m', { cell: 'a', expect: ['a'] }), code('b'))).map((c) => c.id)).toEqual(['a', 'b']);
  });
});
