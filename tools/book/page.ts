/**
 * Book pages: one HTML page per executed notebook and an index in reading order.
 * Pages reference only files under `assets/`, so the book works from disk offline.
 */
import { basename } from 'node:path';
import type { Notebook } from '../notebook-runner/index.js';
import { escapeHtml } from 'backprop-ts/internal';
import { firstHeading, highlightTypeScript, renderMarkdown } from './markdown.js';
import { renderOutputs } from './outputs.js';

/** The script that makes a page's code cells editable and runnable in the browser (tools/browser-book). */
const RUN_SCRIPT = 'assets/run/page.js';

/** A chapter of the book: its page file and title. */
export interface Chapter {
  /** Page file name, e.g. `01-generalized-gradient-descent.html`. */
  file: string;
  title: string;
}

/**
 * The page file of a notebook: its file name with `.html` for `.ipynb`.
 *
 * @example pageFile('notebooks/01-intro.ipynb'); // '01-intro.html'
 */
export function pageFile(notebookPath: string): string {
  return `${basename(notebookPath, '.ipynb')}.html`;
}

/**
 * A link to a page of the book, for an `href`: `./` and the file name percent-encoded, so
 * that whatever the notebook is called the browser reads it as a file beside this page,
 * never as a scheme (`javascript:`), a query (`?`), a fragment (`#`) or another folder.
 * Escape it for HTML like any attribute value.
 *
 * @example pageHref('javascript:x.html'); // './javascript%3Ax.html'
 */
export function pageHref(file: string): string {
  return `./${encodeURIComponent(file)}`;
}

/** The book's title, shown on every page. */
export const BOOK_TITLE = 'backprop-ts: backpropagation from scratch in TypeScript';

const text = (source: string | string[]) => (Array.isArray(source) ? source.join('') : source);

/** The title of a notebook: its first `#` heading, else the fallback. */
export function notebookTitle(notebook: Notebook, fallback: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const heading = firstHeading(text(cell.source));
    if (heading) return heading;
  }
  return fallback;
}

function layout(title: string, body: string, usesPlotly: boolean, runnable = false): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/highlight.css">
<link rel="stylesheet" href="assets/book.css">
${usesPlotly ? '<script src="assets/plotly.min.js"></script>\n' : ''}${runnable ? `<script src="${RUN_SCRIPT}" defer></script>\n` : ''}</head>
<body>
${body}
</body>
</html>
`;
}

function nav(chapters: readonly Chapter[], index: number): string {
  const prev = chapters[index - 1];
  const next = chapters[index + 1];
  const link = (c: Chapter | undefined, label: string, rel: string) =>
    c ? `<a rel="${rel}" href="${escapeHtml(pageHref(c.file))}">${label} ${escapeHtml(c.title)}</a>` : '<span></span>';
  return `<nav class="book-nav">${link(prev, '←', 'prev')}<a href="index.html">Contents</a>${link(next, '→', 'next')}</nav>`;
}

/** Renders one executed notebook as a book page. */
export function renderPage(notebook: Notebook, chapters: readonly Chapter[], index: number): string {
  let usesPlotly = false;
  const cells = notebook.cells.map((cell) => {
    const source = text(cell.source);
    if (cell.cell_type === 'markdown') return `<section class="cell markdown">${renderMarkdown(source)}</section>`;
    if (cell.cell_type === 'raw') return `<section class="cell raw"><pre>${escapeHtml(source)}</pre></section>`;
    const outputs = renderOutputs(cell.outputs);
    usesPlotly ||= outputs.usesPlotly;
    const count = cell.execution_count ?? ' ';
    return `<section class="cell code" data-cell-id="${escapeHtml(String(cell.id ?? ''))}">
<div class="input"><span class="prompt">In [${count}]:</span><pre><code class="hljs language-typescript">${highlightTypeScript(source)}</code></pre></div>
${outputs.html ? `<div class="outputs"><span class="prompt">Out:</span><div class="output-area">${outputs.html}</div></div>` : ''}
</section>`;
  });
  const chapter = chapters[index]!;
  const body = `${nav(chapters, index)}
<main>
${cells.join('\n')}
</main>
${nav(chapters, index)}`;
  return layout(`${chapter.title} · backprop-ts`, body, usesPlotly, true);
}

/** Renders the index page: the chapters in reading order. */
export function renderIndex(chapters: readonly Chapter[]): string {
  const items = chapters.map((c) => `<li><a href="${escapeHtml(pageHref(c.file))}">${escapeHtml(c.title)}</a></li>`).join('\n');
  return layout(BOOK_TITLE, `<main class="index">
<h1>${escapeHtml(BOOK_TITLE)}</h1>
<p>Every page below is a notebook executed on the tslab kernel when this book was built.</p>
<ol class="chapters">
${items}
</ol>
</main>`, false);
}
