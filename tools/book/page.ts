/**
 * Book pages: one HTML page per executed notebook and an index in reading order. Every
 * page has a header with the search box, a sidebar with the table of contents (a menu
 * on narrow screens; `assets/book.js` runs both) and a skip link to its content; a
 * chapter links to its notebook and says how to run it in JupyterLab. Pages reference
 * only files under `assets/`, so the book works from disk offline.
 */
import { basename } from 'node:path';
import type { Notebook } from '../notebook-runner/index.js';
import { escapeHtml } from 'backprop-ts/internal';
import { firstHeading, headingAnchors, highlightTypeScript, renderMarkdown } from './markdown.js';
import { renderOutputs } from './outputs.js';
import { renderToc, sidebarHeadings } from './toc.js';

/** The script that makes a page's code cells editable and runnable in the browser (tools/browser-book). */
const RUN_SCRIPT = 'assets/run/page.js';

/** A chapter of the book: its page file and title. */
export interface Chapter {
  /** Page file name, e.g. `01-generalized-gradient-descent.html`. */
  file: string;
  title: string;
  /** The executed notebook's file name in the book's `notebooks/` folder, which the page links to for download. */
  notebook?: string;
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
<script>document.documentElement.classList.add('js')</script>
<script src="assets/book.js" defer></script>
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
  return `<nav class="book-nav" aria-label="Previous and next chapter">${link(prev, '←', 'prev')}${link(next, '→', 'next')}</nav>`;
}

/**
 * The page around its content: skip link, header (menu button, book title, search box;
 * the button and the box stay hidden until `assets/book.js` runs), sidebar and `<main>`.
 */
function frame(sidebar: string, main: string, mainClass = ''): string {
  return `<a class="skip-link" href="#book-content">Skip to the content</a>
<header class="book-header">
<button type="button" id="book-menu" class="book-menu" aria-controls="book-sidebar" aria-expanded="false" hidden><span aria-hidden="true">☰</span> Contents</button>
<a class="book-title" href="index.html">backprop-ts</a>
<div class="book-search" role="search" hidden>
<input id="book-search" type="search" placeholder="Search the book (press /)" aria-label="Search the book" autocomplete="off" spellcheck="false" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="book-search-results">
<div id="book-search-results" class="book-search-results" role="listbox" aria-label="Sections found" hidden></div>
<p id="book-search-status" class="visually-hidden" aria-live="polite"></p>
</div>
</header>
<div class="book-layout">
${sidebar}
<main id="book-content"${mainClass ? ` class="${mainClass}"` : ''} tabindex="-1">
${main}
</main>
</div>`;
}

/**
 * Where a chapter's notebook is and how to run it: a download of the executed notebook
 * (outputs included, as this book built it) and the README's steps for JupyterLab.
 */
export function notebookNote(notebook: string): string {
  const name = escapeHtml(notebook);
  return `<aside class="notebook-note" aria-label="This chapter as a notebook">
<a class="notebook-download" href="${escapeHtml(`./notebooks/${encodeURIComponent(notebook)}`)}" download>Download the notebook</a> <span class="notebook-what">(<code>${name}</code>, with the outputs shown here)</span>
<details>
<summary>Run it in JupyterLab</summary>
<p>The notebook imports the library from <code>../dist/</code>, so run it in a clone of the project, whose <code>notebooks/</code> folder holds it (without outputs):</p>
<ol>
<li><code>npm ci</code> installs everything and builds the library.</li>
<li><code>python3 -m venv .venv &amp;&amp; .venv/bin/pip install jupyterlab</code></li>
<li><code>npm run kernel:install -- --python .venv/bin/python --sys-prefix</code> registers the project's TypeScript kernel (tslab) and chart renderer.</li>
<li><code>.venv/bin/jupyter lab notebooks/</code>, open <code>${name}</code> and choose <b>Run → Run All Cells</b>.</li>
</ol>
<p>The project's README has the details, and how to use the classic Notebook instead.</p>
</details>
</aside>`;
}

/** Renders one executed notebook as a book page. */
export function renderPage(notebook: Notebook, chapters: readonly Chapter[], index: number): string {
  let usesPlotly = false;
  const anchors = headingAnchors(); // the same anchors as the search index's (search-index.ts)
  const cells = notebook.cells.map((cell) => {
    const source = text(cell.source);
    if (cell.cell_type === 'markdown') return `<section class="cell markdown">${renderMarkdown(source, anchors, cell.attachments)}</section>`;
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
  const sidebar = renderToc(chapters, index, sidebarHeadings(anchors.headings), pageHref);
  const body = frame(sidebar, `${chapter.notebook === undefined ? '' : notebookNote(chapter.notebook)}
${cells.join('\n')}
${nav(chapters, index)}`);
  return layout(`${chapter.title} · backprop-ts`, body, usesPlotly, true);
}

/** Renders the index page: the chapters in reading order. */
export function renderIndex(chapters: readonly Chapter[]): string {
  const items = chapters.map((c) => `<li><a href="${escapeHtml(pageHref(c.file))}">${escapeHtml(c.title)}</a></li>`).join('\n');
  return layout(BOOK_TITLE, frame(renderToc(chapters, undefined, [], pageHref), `<h1>${escapeHtml(BOOK_TITLE)}</h1>
<p>Every page below is a notebook executed on the tslab kernel when this book was built.
Search the book with the box at the top (or press <kbd>/</kbd>); every chapter links to its notebook.</p>
<ol class="chapters">
${items}
</ol>`, 'index'), false);
}
