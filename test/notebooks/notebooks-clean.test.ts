// The committed notebooks are diff-friendly: valid nbformat 4.5, no outputs or
// execution counts, stable unique cell ids, the tslab kernel, no absolute paths,
// and imports from the built library rather than re-implemented logic.
// It reads what git holds (the index), not the working tree: running a notebook in
// Jupyter and saving it must not break the tests, and git's clean filter keeps those
// outputs out of commits (tools/strip-outputs).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripOutputs } from '../../tools/strip-outputs/strip.js';

const DIR = 'notebooks';
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
const inGit = (() => {
  try {
    git('rev-parse', '--git-dir');
    return true;
  } catch {
    return false;
  }
})();
/** The notebook as committed (staged), or on disk outside a git clone. */
const committed = (name: string): string => (inGit ? git('show', `:${DIR}/${name}`) : readFileSync(join(DIR, name), 'utf8'));
const notebooks = (inGit ? git('ls-files', DIR).split('\n').map((p) => p.slice(DIR.length + 1)) : readdirSync(DIR))
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

interface Cell { cell_type: string; id?: string; source: string[] | string; outputs?: unknown[]; execution_count?: number | null }
interface Notebook { nbformat: number; nbformat_minor: number; metadata: { kernelspec?: { name?: string } }; cells: Cell[] }

const read = (name: string): Notebook => JSON.parse(committed(name)) as Notebook;
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

    it('is exactly what the strip-outputs filter writes (no outputs, no run metadata, Jupyter formatting)', () => {
      const text = committed(name);
      expect(stripOutputs(text, name) === text).toBe(true);
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
