import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../tools/notebook-runner/index.js';
import { firstHeading, highlightTypeScript, renderMarkdown } from '../../../tools/book/markdown.js';
import { notebookTitle, renderIndex, renderPage } from '../../../tools/book/page.js';
import { insideOutput, OutsideOutputError } from '../../../tools/book/build.js';

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: {}, source: '# 1. Gradient descent\n\nThe rule $w \\leftarrow w - \\alpha g$.' },
    { cell_type: 'code', id: 'b', metadata: {}, source: 'const x: number = 1;\nconsole.log(x)', execution_count: 3, outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }] },
    { cell_type: 'code', id: 'c', metadata: {}, source: 'showChart(fig)', execution_count: 4, outputs: [{ output_type: 'display_data', data: { 'text/html': '<div class="backprop-ts-chart"></div>' }, metadata: {} }] },
  ],
};
const chapters = [{ file: 'a.html', title: 'A' }, { file: 'b.html', title: '1. Gradient descent' }, { file: 'c.html', title: 'C' }];

describe('markdown', () => {
  it('renderMarkdown renders math with KaTeX and refuses raw HTML', () => {
    const html = renderMarkdown('Inline $x^2$ and\n\n$$\\frac{a}{b}$$\n\n<script>alert(1)</script>');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).toContain('&lt;script&gt;');
  });
  it('highlightTypeScript marks keywords', () => {
    expect(highlightTypeScript('const x = 1;')).toContain('<span class="hljs-keyword">const</span>');
  });
  it('firstHeading finds the level-1 heading', () => {
    expect(firstHeading('intro\n# Title here\n## Sub')).toBe('Title here');
    expect(firstHeading('no heading')).toBeUndefined();
  });
});

describe('renderPage', () => {
  const html = renderPage(notebook, chapters, 1);

  it('renderPage shows code with execution counts and outputs', () => {
    expect(html).toContain('In [3]:');
    expect(html).toContain('<pre class="output stream stdout">1\n</pre>');
    expect(html).toContain('hljs-keyword');
  });

  it('renderPage links to the previous and next chapters and the index', () => {
    expect(html).toContain('<a rel="prev" href="a.html">← A</a>');
    expect(html).toContain('<a rel="next" href="c.html">→ C</a>');
    expect(html).toContain('href="index.html"');
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

  it('renderIndex lists the chapters in order', () => {
    const index = renderIndex(chapters);
    expect(index.indexOf('a.html')).toBeLessThan(index.indexOf('b.html'));
    expect(index.indexOf('b.html')).toBeLessThan(index.indexOf('c.html'));
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
