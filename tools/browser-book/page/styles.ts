/** Styles of the run controls, added to the page by page.js (the book's own stylesheet is untouched). */
export const RUN_CSS = `
.run-toolbar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; padding: .4rem .6rem; margin: 0 -0.6rem 1rem; background: #fffffff0; border-bottom: 1px solid var(--rule, #d1d9e0); font-size: .85rem; }
.run-status { color: var(--muted, #59636e); flex: 1 1 12rem; min-width: 0; overflow-wrap: anywhere; }
.run-bar { display: flex; flex-wrap: wrap; gap: .35rem; margin: .3rem 0 0 4.5rem; opacity: .55; transition: opacity .15s; }
.cell.code:hover .run-bar, .cell.code:focus-within .run-bar, .cell.code[data-edited] .run-bar, .cell.code[data-run-state="running"] .run-bar { opacity: 1; }
.run-bar button, .run-toolbar button, .run-toolbar select { font: inherit; font-size: .8rem; padding: .15rem .6rem; border: 1px solid var(--rule, #d1d9e0); border-radius: 5px; background: #f6f8fa; color: var(--fg, #1f2328); cursor: pointer; }
.run-bar button:hover, .run-toolbar button:hover { background: #eaeef2; }
.input > pre { cursor: text; }
.cell-editor { min-width: 0; border: 1px solid var(--accent, #0969da); border-radius: 6px; overflow: hidden; }
.cell-editor .cm-editor { font-size: .85rem; max-height: 80vh; }
.cell-editor .cm-scroller { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cell.code[data-run-state="queued"] .input > .prompt::after { content: " queued"; }
.cell.code[data-run-state="running"] .input { box-shadow: -3px 0 0 var(--accent, #0969da); }
@media (max-width: 40rem) {
  .cell.code .input, .cell.code .outputs { grid-template-columns: minmax(0, 1fr); }
  .cell.code .prompt { display: none; }
  .run-bar { margin-left: 0; }
}
`;
