/** The book's own stylesheet, written to `assets/book.css`: one readable column, notebook-like cells. */
export const BOOK_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --code-bg: #f6f8fa; --accent: #0969da; --error: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 16px/1.6 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.book-nav { display: flex; justify-content: space-between; gap: 1rem; max-width: 60rem; margin: 0 auto; padding: .75rem 1.5rem; border-bottom: 1px solid var(--rule); font-size: .9rem; }
.book-nav:last-child { border-top: 1px solid var(--rule); border-bottom: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3 { line-height: 1.25; }
.cell { margin: 1rem 0; }
.cell.code .input, .cell.code .outputs { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr); }
.prompt { color: var(--muted); font: .8rem/1.9 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding-top: .5rem; }
pre { margin: 0; overflow-x: auto; font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.input pre { background: var(--code-bg); border: 1px solid var(--rule); border-radius: 6px; padding: .6rem .8rem; }
.output-area > * { margin: .35rem 0; }
.output.text, .output.stream { padding: .25rem .1rem; }
.output.stream.stderr { background: #fff5f5; }
.output.error { color: var(--error); background: #fff5f5; border-left: 3px solid var(--error); padding: .5rem .8rem; }
.output.image img { max-width: 100%; }
.backprop-ts-chart { width: 100%; min-height: 320px; }
.index .chapters { font-size: 1.1rem; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
`;
