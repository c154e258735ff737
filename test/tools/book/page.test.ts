import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../tools/notebook-runner/index.js';
import { notebookNote, notebookTitle, pageFile, pageHref, renderIndex, renderPage, type Chapter } from '../../../tools/book/page.js';
import { insideOutput, OutsideOutputError, PageNameError, pageFiles } from '../../../tools/book/build.js';
import { parseElements } from './hostile-html.js';

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: {}, source: '# 1. Gradient descent\n\nThe rule $w \\leftarrow w - \\alpha g$.\n\n## Training\n\n### Step size' },
    { cell_type: 'code', id: 'b', metadata: {}, source: 'const x: number = 1;\nconsole.log(x)', execution_count: 3, outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }] },
    { cell_type: 'code', id: 'c', metadata: {}, source: 'showChart(fig)', execution_count: 4, outputs: [{ output_type: 'display_data', data: { 'text/html': '<div class="backprop-ts-chart"></div>' }, metadata: {} }] },
  ],
};
const chapters = [{ file: 'a.html', title: 'A' }, { file: 'b.html', title: '1. Gradient descent' }, { file: 'c.html', title: 'C' }];

describe('renderPage', () => {
  const html = renderPage(notebook, chapters, 1);

  it('renderPage shows the images a markdown cell carries as attachments', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const withImage: Notebook = {
      ...notebook,
      cells: [{ cell_type: 'markdown', id: 'p', metadata: {}, source: '![the error surface](attachment:surface.png)', attachments: { 'surface.png': { 'image/png': png } } }, ...notebook.cells],
    };
    expect(renderPage(withImage, chapters, 1)).toContain(`<img src="data:image/png;base64,${png}" alt="the error surface" />`);
  });

  it('renderPage shows code with execution counts and outputs', () => {
    expect(html).toContain('In [3]:');
    expect(html).toContain('<pre class="output stream stdout">1\n</pre>');
    expect(html).toContain('hljs-keyword');
  });

  it('renderPage links to the previous and next chapters and the index', () => {
    expect(html).toContain('<a rel="prev" href="./a.html">← A</a>');
    expect(html).toContain('<a rel="next" href="./c.html">→ C</a>');
    expect(html).toContain('href="index.html"');
  });

  it('renderPage has landmarks, a skip link to the content and a search box that the script shows', () => {
    const elements = parseElements(html);
    const skip = elements.find((e) => e.tag === 'a')!;
    expect(skip.attributes).toEqual({ class: 'skip-link', href: '#book-content' });
    expect(elements.filter((e) => e.tag === 'main').map((e) => e.attributes['id'])).toEqual(['book-content']);
    expect(elements.filter((e) => e.tag === 'header')).toHaveLength(1);
    expect(elements.filter((e) => e.tag === 'nav').map((e) => e.attributes['aria-label'])).toEqual(['Table of contents', 'Previous and next chapter']);
    expect(html).toContain('<div class="book-search" role="search" hidden>');
    expect(elements.find((e) => e.attributes['id'] === 'book-search')!.attributes).toMatchObject({ role: 'combobox', 'aria-controls': 'book-search-results' });
    expect(html).toContain('<script src="assets/book.js" defer></script>');
  });

  it('renderPage gives headings anchors and lists them in the sidebar under the current chapter', () => {
    expect(html).toContain('<h1 id="1-gradient-descent">1. Gradient descent</h1>');
    expect(html).toContain('<h2 id="training">Training</h2>');
    expect(html).toContain('<li class="toc-current"><a href="./b.html" aria-current="page">1. Gradient descent</a><ol class="toc-sections"><li><a href="#training">Training</a><ol><li><a href="#step-size">Step size</a></li></ol></li></ol></li>');
  });

  it('renderPage links to its notebook only when it knows the file', () => {
    expect(html).not.toContain('notebook-note');
    const withNotebook = renderPage(notebook, chapters.map((c) => ({ ...c, notebook: `${c.file.replace('.html', '')}.ipynb` })), 1);
    expect(withNotebook).toContain('<a class="notebook-download" href="./notebooks/b.ipynb" download>Download the notebook</a>');
    expect(withNotebook).toContain('jupyter lab notebooks/');
  });

  it('renderPage loads plotly.js from assets only when the page has charts, and nothing from the network', () => {
    expect(html).toContain('<script src="assets/plotly.min.js"></script>');
    expect(renderPage({ ...notebook, cells: notebook.cells.slice(0, 2) }, chapters, 1)).not.toContain('plotly');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('notebookTitle uses the first heading, else the fallback', () => {
    expect(notebookTitle(notebook, 'x')).toBe('1. Gradient descent');
    expect(notebookTitle({ ...notebook, cells: [] }, 'fallback')).toBe('fallback');
  });

  it('renderIndex lists the chapters in order, in the sidebar and in the page', () => {
    const index = renderIndex(chapters);
    const main = index.slice(index.indexOf('<main'));
    expect(main.indexOf('a.html')).toBeLessThan(main.indexOf('b.html'));
    expect(main.indexOf('b.html')).toBeLessThan(main.indexOf('c.html'));
    expect(index).toContain('<p class="toc-home"><a href="index.html" aria-current="page">Contents</a></p>');
    expect(index).not.toContain('toc-current');
  });
});

// Notebook names a browser could misread in an href: a scheme, a query, a fragment, a
// folder, quotes and markup, percent signs, spaces and non-ASCII letters.
const NAMES = [
  'javascript:window.x=1;x', 'JaVaScRiPt:alert(1)', 'data:text,<script>alert(1)<', 'vbscript:x',
  '\\\\evil.example', 'my notes', 'a#b', 'what?now', 'say "hi"', "it's", '<b onmouseover=alert(1)>', '100%', '%41',
  'ünïcödé ∑ 日本', 'back\\slash', '..', ' leading space', 'a&amp;b', 'tab\there',
];

/**
 * Every link of a page to another file, as the browser would follow it from
 * `file:///book/`: [path on disk, rel]. Links within the page (`#…`) are left out.
 */
function followed(html: string): [string, string][] {
  return parseElements(html).filter((e) => e.tag === 'a' && !e.attributes['href']!.startsWith('#')).map((e) => {
    const url = new URL(e.attributes['href']!, 'file:///book/index.html');
    expect(url.protocol, e.attributes['href']).toBe('file:');
    expect(url.search + url.hash, e.attributes['href']).toBe('');
    return [decodeURIComponent(url.pathname), e.attributes['rel'] ?? ''];
  });
}
const HOME: [string, string] = ['/book/index.html', ''];

describe('pageHref', () => {
  it.each(NAMES)('pageHref links to the page of a notebook named %j, as a file beside the index', (name) => {
    const file = pageFile(`notebooks/${name}.ipynb`);
    expect(file).toBe(`${name}.html`);
    const href = pageHref(file);
    expect(href).toMatch(/^\.\/[A-Za-z0-9%!'()*._~-]+$/);
    const chapters: Chapter[] = [{ file: 'first.html', title: 'First' }, { file, title: name, notebook: `${name}.ipynb` }, { file: 'last.html', title: 'Last' }];
    const all = [['/book/first.html', ''], [`/book/${file}`, ''], ['/book/last.html', '']];
    // The title and the sidebar's Contents, the sidebar's chapters, the list of chapters.
    expect(followed(renderIndex(chapters))).toEqual([HOME, HOME, ...all, ...all]);
    expect(followed(renderPage(notebook, chapters, 0)).filter(([, rel]) => rel === 'next')).toEqual([[`/book/${file}`, 'next']]);
    expect(followed(renderPage(notebook, chapters, 2)).filter(([, rel]) => rel === 'prev')).toEqual([[`/book/${file}`, 'prev']]);
    expect(followed(renderPage(notebook, chapters, 1))).toEqual([HOME, HOME, ...all, [`/book/notebooks/${name}.ipynb`, ''], ['/book/first.html', 'prev'], ['/book/last.html', 'next']]);
  });

  it('notebookNote escapes the notebook name it shows', () => {
    const note = notebookNote('<b onmouseover=alert(1)>.ipynb');
    expect(note).toContain('<code>&lt;b onmouseover=alert(1)&gt;.ipynb</code>');
    expect(parseElements(note).filter((e) => e.tag === 'b').map((e) => e.attributes)).toEqual([{}]); // only the menu path's <b>
  });

  it('pageHref escapes the title shown in the links', () => {
    const chapters: Chapter[] = [{ file: '<b>.html', title: '<b onmouseover=alert(1)>' }, { file: 'b.html', title: 'B' }];
    for (const html of [renderIndex(chapters), renderPage(notebook, chapters, 1)]) {
      expect(html).toContain('&lt;b onmouseover=alert(1)&gt;');
      expect(parseElements(html).filter((e) => e.tag === 'b')).toEqual([]);
    }
  });
});

describe('pageFiles', () => {
  it('pageFiles names each page after its notebook', () => {
    expect(pageFiles(['notebooks/01-a.ipynb', 'other/02 b.ipynb'])).toEqual(['01-a.html', '02 b.html']);
  });
  it('pageFiles refuses a notebook called index, which would overwrite the contents page', () => {
    expect(() => pageFiles(['notebooks/01-a.ipynb', 'notebooks/index.ipynb'])).toThrow(PageNameError);
    expect(() => pageFiles(['notebooks/Index.ipynb'])).toThrow(/"notebooks\/Index.ipynb" would be written as "Index.html" \("index.html" to file systems that ignore letter case\), which is already the book's contents page/);
  });
  it('pageFiles refuses two notebooks that would share a page', () => {
    expect(() => pageFiles(['a/x.ipynb', 'b/x.ipynb'])).toThrow('Notebook "b/x.ipynb" would be written as "x.html", which is already the page of "a/x.ipynb"; rename the notebook.');
    expect(() => pageFiles(['a/X.ipynb', 'a/x.ipynb'])).toThrow(PageNameError);
  });
});

describe('insideOutput', () => {
  it('insideOutput resolves files inside the book folder', () => {
    expect(insideOutput('/tmp/book', 'assets/x.css')).toBe('/tmp/book/assets/x.css');
  });
  it('insideOutput refuses paths that escape the book folder', () => {
    for (const bad of ['../x.html', '/etc/passwd', 'a/../../x', '']) {
      expect(() => insideOutput('/tmp/book', bad)).toThrow(OutsideOutputError);
    }
  });
});
