// The committed notebooks are diff-friendly: valid nbformat 4.5, no outputs or
// execution counts, stable unique cell ids, the tslab kernel, no absolute paths,
// and imports from the built library rather than re-implemented logic.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = 'notebooks';
const notebooks = readdirSync(DIR).filter((name) => name.endsWith('.ipynb')).sort();

interface Cell { cell_type: string; id?: string; source: string[] | string; outputs?: unknown[]; execution_count?: number | null }
interface Notebook { nbformat: number; nbformat_minor: number; metadata: { kernelspec?: { name?: string } }; cells: Cell[] }

const read = (name: string): Notebook => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Notebook;
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

describe('committed notebooks', () => {
  it('notebooks/ holds the five article notebooks in reading order', () => {
    expect(notebooks.slice(0, 5).map((n) => n.slice(0, 3))).toEqual(['01-', '02-', '03-', '04-', '05-']);
  });

  describe.each(notebooks)('%s', (name) => {
    const nb = read(name);

    it('is nbformat 4.5 with the tslab kernel', () => {
      expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
      expect(nb.metadata.kernelspec?.name).toBe('tslab');
    });

    it('has no outputs and no execution counts', () => {
      for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
        expect(cell.outputs).toEqual([]);
        expect(cell.execution_count).toBeNull();
      }
    });

    it('has unique, stable cell ids', () => {
      const ids = nb.cells.map((c) => c.id);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('imports the built library first and contains no absolute paths', () => {
      const code = nb.cells.filter((c) => c.cell_type === 'code').map(text);
      expect(code[0]).toMatch(/from '\.\.\/dist\/index\.js'/);
      expect(code[1]).toMatch(/describeBackend\(\)/);
      for (const source of nb.cells.map(text)) expect(source).not.toMatch(/\/(work|home|root|tmp|Users)\//);
    });
  });
});
