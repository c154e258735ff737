import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBook, measuresTime, PageNameError } from '../../../tools/book/build.js';
import { SEARCH_INDEX_GLOBAL, type SearchIndex } from '../../../tools/book/search-index.js';
import { parseElements } from './hostile-html.js';

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

  it('buildBook writes every page where the index and the neighbouring pages link, whatever the notebooks are called', async () => {
    const notebooks = join(dir, 'named');
    mkdirSync(notebooks);
    const names = ['javascript:window.x=1;x', 'ünï cödé #1?', '<b>"quoted"<b> 100%'];
    const cell = (name: string) => ({ cells: [{ cell_type: 'markdown', id: 'm', metadata: {}, source: `# ${name}\n\n## Part one\n\n## Part "two" ${name}` },
      { cell_type: 'code', id: 'a', metadata: {}, source: `console.log(${JSON.stringify(name)})`, execution_count: null, outputs: [] }],
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, nbformat: 4, nbformat_minor: 5 });
    for (const name of names) writeFileSync(join(notebooks, `${name}.ipynb`), JSON.stringify(cell(name)));
    const book = await buildBook({ notebooksDir: notebooks, outDir: join(dir, 'named-book') });
    const links = (page: string) => parseElements(readFileSync(page, 'utf8')).filter((e) => e.tag === 'a')
      .map((e) => new URL(e.attributes['href']!, pathToFileURL(page)));
    const index = links(book.index);
    expect(index.map((url) => url.protocol).every((p) => p === 'file:')).toBe(true);
    const chapterPages = [...new Set(index.filter((url) => url.hash === '' && !url.pathname.endsWith('/index.html')).map((url) => fileURLToPath(url)))];
    expect(chapterPages).toEqual(book.pages.map((p) => p.page));
    /** The ids of a page's elements. */
    const ids = (page: string) => new Set(parseElements(readFileSync(page, 'utf8')).map((e) => e.attributes['id']).filter((id) => id !== undefined));
    for (const page of [book.index, ...book.pages.map((p) => p.page)]) {
      for (const url of links(page)) {
        const target = fileURLToPath(url);
        expect(existsSync(target), url.href).toBe(true);
        // Every link to a section (the sidebar's, the skip link) lands on an element of that id.
        if (url.hash !== '') expect(ids(target).has(decodeURIComponent(url.hash.slice(1))), url.href).toBe(true);
      }
    }
    // Each chapter links to its executed notebook, copied into the book.
    for (const page of book.pages) {
      const notebook = links(page.page).find((url) => url.pathname.endsWith('.ipynb'))!;
      expect(fileURLToPath(notebook)).toBe(join(dir, 'named-book', 'notebooks', basename(page.notebook)));
      expect(JSON.parse(readFileSync(fileURLToPath(notebook), 'utf8')).cells[1].outputs.length).toBe(1);
    }
    expect(readFileSync(book.pages[0]!.page, 'utf8')).toContain('&lt;b&gt;&quot;quoted&quot;&lt;b&gt; 100%');
    // The search index: every chapter's sections, linking to anchors on its page.
    const window: Record<string, SearchIndex> = {};
    runInNewContext(readFileSync(join(dir, 'named-book', 'assets', 'search-index.js'), 'utf8'), { window });
    const searchIndex = window[SEARCH_INDEX_GLOBAL]!;
    expect(searchIndex.chapters.map((c) => join(dir, 'named-book', c.file))).toEqual(book.pages.map((p) => p.page));
    expect(searchIndex.sections.map((s) => [s.chapter, s.heading.replace(/" .*/, '"')])).toEqual([0, 1, 2].flatMap((i) => [[i, expect.any(String)], [i, 'Part one'], [i, 'Part "two"']]));
    for (const section of searchIndex.sections) {
      expect(ids(join(dir, 'named-book', searchIndex.chapters[section.chapter]!.file)).has(section.id), section.id).toBe(true);
    }
    expect(existsSync(join(dir, 'named-book', 'assets', 'book.js'))).toBe(true);
  }, 120_000);

  it('buildBook refuses a notebook named index before running anything', async () => {
    const notebooks = join(dir, 'index');
    mkdirSync(notebooks);
    writeFileSync(join(notebooks, 'index.ipynb'), '{}');
    await expect(buildBook({ notebooksDir: notebooks, outDir: join(dir, 'index-book') })).rejects.toThrow(PageNameError);
    expect(existsSync(join(dir, 'index-book'))).toBe(false);
  });
});
