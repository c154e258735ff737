/**
 * The book's own stylesheet, written to `assets/book.css`: a header with the search box,
 * a sidebar with the table of contents beside one readable column (a menu below 62rem),
 * notebook-like cells. Nothing may widen the page: code, outputs, tables and display
 * math scroll inside their own box, charts and images take the column's width.
 */

/**
 * The colours, as CSS custom properties. Text colours have a contrast of at least 4.5:1
 * on the backgrounds they are used on (WCAG AA; `styles.test.ts` checks the pairs).
 */
export const COLORS = {
  fg: '#1f2328',
  muted: '#59636e',
  rule: '#d1d9e0',
  border: '#6e7781',
  bg: '#ffffff',
  'code-bg': '#f6f8fa',
  'sidebar-bg': '#f6f8fa',
  hover: '#eaeef2',
  accent: '#0969da',
  'current-bg': '#ddf4ff',
  'current-fg': '#0550ae',
  mark: '#fff8c5',
  error: '#b42318',
  'error-bg': '#fff5f5',
} as const;

/** Text colour on background, as the stylesheet pairs them: [text, background]. */
export const TEXT_ON_BACKGROUND: readonly (readonly [keyof typeof COLORS, keyof typeof COLORS])[] = [
  ['fg', 'bg'], ['muted', 'bg'], ['accent', 'bg'], ['fg', 'code-bg'], ['fg', 'sidebar-bg'], ['muted', 'sidebar-bg'],
  ['accent', 'sidebar-bg'], ['fg', 'hover'], ['muted', 'hover'], ['current-fg', 'current-bg'], ['fg', 'current-bg'],
  ['fg', 'mark'], ['error', 'error-bg'], ['fg', 'error-bg'],
];

const variables = Object.entries(COLORS).map(([name, value]) => `--${name}: ${value};`).join(' ');

/** The text of `assets/book.css`. */
export const BOOK_CSS = `
:root { ${variables} --header-height: 3.25rem; --sidebar-width: 17rem; }
* { box-sizing: border-box; }
html { scroll-padding-top: calc(var(--header-height) + .75rem); }
body { margin: 0; color: var(--fg); background: var(--bg); font: 16px/1.6 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; overflow-wrap: break-word; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
main:focus { outline: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[hidden] { display: none !important; }

/* Skip link, header and search */
.skip-link { position: absolute; left: .5rem; top: -4rem; z-index: 100; padding: .5rem .9rem; background: var(--bg); border: 2px solid var(--accent); border-radius: 6px; }
.skip-link:focus { top: .5rem; }
.book-header { position: sticky; top: 0; z-index: 30; display: flex; align-items: center; gap: .75rem; height: var(--header-height); padding: 0 1rem; background: var(--bg); border-bottom: 1px solid var(--rule); }
.book-title { font-weight: 600; color: var(--fg); white-space: nowrap; }
.book-menu { display: none; align-items: center; gap: .4rem; flex: none; font: inherit; font-size: .9rem; padding: .3rem .65rem; color: var(--fg); background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; cursor: pointer; }
.book-search { position: relative; flex: 0 1 24rem; min-width: 0; margin-left: auto; }
.book-search input { width: 100%; font: inherit; font-size: .95rem; padding: .35rem .7rem; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; }
.book-search-results { position: absolute; right: 0; top: calc(100% + .4rem); width: min(36rem, calc(100vw - 1rem)); max-height: min(70vh, 40rem); overflow-y: auto; padding: .3rem; background: var(--bg); border: 1px solid var(--rule); border-radius: 8px; box-shadow: 0 8px 24px rgba(31, 35, 40, .2); }
.book-search-hit { display: block; padding: .5rem .65rem; border-radius: 6px; color: var(--fg); }
.book-search-hit:hover { background: var(--hover); text-decoration: none; }
.book-search-hit[aria-selected="true"] { background: var(--current-bg); }
.book-search-heading { display: block; font-weight: 600; }
.book-search-chapter { display: block; font-size: .8rem; color: var(--muted); }
.book-search-snippet { display: block; margin-top: .15rem; font-size: .85rem; }
code.book-search-snippet { font: .8rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.book-search-message { margin: .5rem .65rem; color: var(--muted); }
mark { background: var(--mark); color: inherit; border-radius: 2px; }

/* Sidebar and content */
.book-layout { display: grid; grid-template-columns: var(--sidebar-width) minmax(0, 1fr); }
.book-sidebar { position: sticky; top: var(--header-height); height: calc(100vh - var(--header-height)); overflow-y: auto; padding: 1rem .75rem 2rem; background: var(--sidebar-bg); border-right: 1px solid var(--rule); font-size: .9rem; line-height: 1.4; }
.toc-home { margin: 0 0 .5rem; }
.toc, .toc ol { list-style: none; margin: 0; padding: 0; }
.toc ol { margin: .15rem 0 .35rem .7rem; padding-left: .5rem; border-left: 1px solid var(--rule); }
.book-sidebar a { display: block; padding: .3rem .5rem; border-radius: 6px; color: var(--fg); }
.book-sidebar a:hover { background: var(--hover); text-decoration: none; }
.book-sidebar a[aria-current="page"] { background: var(--current-bg); color: var(--current-fg); font-weight: 600; }
.toc-sections a { padding: .2rem .5rem; font-size: .85rem; color: var(--muted); }
.toc-sections a.toc-reading { color: var(--current-fg); background: var(--current-bg); }
main { width: 100%; max-width: 54rem; min-width: 0; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
/* Stays below the header when stuck (the run toolbar of tools/browser-book sets top: 0). */
.book-layout .run-toolbar { top: var(--header-height); }
.book-nav { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem 1rem; margin-top: 2.5rem; padding-top: .75rem; border-top: 1px solid var(--rule); font-size: .9rem; }
.book-nav a[rel="next"] { margin-left: auto; text-align: right; }
.notebook-note { margin: 0 0 1rem; padding: .5rem .8rem; font-size: .9rem; background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; }
.notebook-what { color: var(--muted); }
.notebook-note details { margin-top: .25rem; }
.notebook-note summary { cursor: pointer; color: var(--accent); }
.notebook-note ol { padding-left: 1.4rem; }
.notebook-note code { overflow-wrap: anywhere; }

/* Cells */
h1, h2, h3 { line-height: 1.25; }
.cell { margin: 1rem 0; }
.cell.code .input, .cell.code .outputs { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr); }
.prompt { color: var(--muted); font: .8rem/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding-top: .5rem; }
pre { margin: 0; overflow-x: auto; font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.input pre { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: .6rem .8rem; }
.output-area { min-width: 0; }
.output-area > * { margin: .35rem 0; }
.output.html, .output.markdown { max-width: 100%; overflow-x: auto; }
.output.text, .output.stream { padding: .25rem .1rem; }
.output.stream.stderr { background: var(--error-bg); }
.output.error { color: var(--error); background: var(--error-bg); border-left: 3px solid var(--error); padding: .5rem .8rem; }
main img { max-width: 100%; height: auto; }
main table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
.cell.markdown th, .cell.markdown td { padding: .25rem .6rem; border: 1px solid var(--rule); }
.backprop-ts-chart { width: 100%; min-height: 320px; }
.index .chapters { font-size: 1.1rem; list-style: none; padding-left: 0; } /* the titles carry their numbers */
.index .chapters li { margin: .35rem 0; }
.katex-display { overflow-x: auto; overflow-y: hidden; padding: .2rem 0; }
/* A box that scrolls must also contain what is positioned inside it (KaTeX's hidden MathML is absolute). */
pre, main table, .output.html, .output.markdown, .katex-display { position: relative; }

/* Narrow screens: the sidebar becomes a menu (a plain list above the content without script). */
@media (max-width: 62rem) {
  .book-layout { display: block; }
  .book-sidebar { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--rule); }
  .js .book-menu { display: inline-flex; }
  .js .book-sidebar { position: fixed; z-index: 25; top: var(--header-height); bottom: 0; left: 0; width: min(20rem, 88vw); height: auto; border-right: 1px solid var(--rule); box-shadow: 4px 0 16px rgba(31, 35, 40, .15); transform: translateX(-100%); visibility: hidden; transition: transform .2s ease, visibility 0s .2s; }
  /* Visible at once when opening (so that its links can take focus), hidden after sliding out when closing. */
  .js.sidebar-open .book-sidebar { transform: none; visibility: visible; transition: transform .2s ease; }
  main { padding: .75rem 1rem 2rem; }
}
@media (max-width: 40rem) {
  .book-header { gap: .5rem; padding: 0 .5rem; }
  .js .book-title { display: none; }
  .book-search { flex: 1 1 auto; }
  .cell.code .input, .cell.code .outputs { grid-template-columns: minmax(0, 1fr); }
  .cell.code .prompt { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  .js .book-sidebar { transition: none; }
}
`;
