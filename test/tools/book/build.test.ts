import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBook, measuresTime } from '../../../tools/book/build.js';

const FIXTURES = 'test/tools/notebook-runner/fixtures';
const dir = mkdtempSync(join(tmpdir(), 'book-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('measuresTime', () => {
  it('measuresTime reads the notebook-level "backprop-ts".measuresTime flag', async () => {
    expect(await measuresTime('notebooks/09-does-vectorization-pay.ipynb')).toBe(true);
    expect(await measuresTime('notebooks/01-generalized-gradient-descent.ipynb')).toBe(false);
    expect(await measuresTime(join(dir, 'missing.ipynb'))).toBe(false);
  });
});

describe('buildBook', () => {
  it('buildBook runs a notebook that measures time alone, after every other one has finished', async () => {
    const notebooks = join(dir, 'notebooks');
    mkdirSync(notebooks);
    copyFileSync(join(FIXTURES, 'data.txt'), join(notebooks, 'data.txt'));
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'passing.ipynb'), 'utf8')) as { metadata: Record<string, unknown> };
    for (const name of ['a', 'c']) writeFileSync(join(notebooks, `${name}.ipynb`), JSON.stringify(fixture));
    writeFileSync(join(notebooks, 'b.ipynb'), JSON.stringify({ ...fixture, metadata: { ...fixture.metadata, 'backprop-ts': { measuresTime: true } } }));
    const events: string[] = [];
    const book = await buildBook({
      notebooksDir: notebooks,
      outDir: join(dir, 'book'),
      concurrency: 2,
      onProgress: (p) => {
        const name = p.notebookPath.split('/').at(-1)!;
        if (p.phase === 'kernel-ready') events.push(`${name} start`);
        if (p.phase === 'cell-done') events.push(`${name} cell`);
      },
    });
    const end = (name: string) => events.lastIndexOf(`${name} cell`);
    for (const name of ['a.ipynb', 'b.ipynb', 'c.ipynb']) expect(events, name).toContain(`${name} start`);
    const at = (event: string) => events.indexOf(event);
    expect(end('a.ipynb')).toBeGreaterThan(0);
    expect(end('c.ipynb')).toBeGreaterThan(0);
    expect(at('b.ipynb start')).toBeGreaterThan(Math.max(end('a.ipynb'), end('c.ipynb')));
    expect(book.pages.map((p) => p.title.length > 0 && p.notebook.split('/').at(-1))).toEqual(['a.ipynb', 'b.ipynb', 'c.ipynb']); // pages keep reading order
  }, 120_000);
});
