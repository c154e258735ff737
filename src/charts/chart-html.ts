/**
 * The HTML that puts a Plotly figure on a page with no network: a `<div>` and an
 * inline script that draws into it with `window.Plotly`, or queues the drawing until
 * the plotly.js bundle (sent once, see {@link plotlyBundleHtml}) has run. Pure
 * functions: the same figure and index always give the same HTML.
 * Used by `showChart` (src/notebook/display.ts) in every notebook.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import { escapeHtml } from '../core/html.js';
import { describe } from '../core/validate.js';
import type { PlotlyFigure } from './figure.js';

/** Class of every chart's `<div>`, for pages and tools that look for charts. */
export const CHART_CLASS = 'backprop-ts-chart';
/** Attribute of the `<script>` that carries plotly.js; its value is the plotly.js version. */
export const BUNDLE_ATTRIBUTE = 'data-backprop-ts-plotly';
/** Attribute a chart's `<div>` gets when a chart is drawn into it. */
export const DRAWN_ATTRIBUTE = 'data-backprop-ts-drawn';
/** Global array of drawing functions waiting for plotly.js. */
export const PENDING_QUEUE = '__backpropTsPending';

/**
 * JSON that is safe inside an inline `<script>` and pure ASCII: `<`, `>`, `&` and every
 * non-ASCII character are written as `\u` escapes, so no string can close the tag and
 * text such as "1 − x" survives a page that does not declare its encoding.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for HTML, escaped and pure ASCII (non-ASCII characters become `&#…;` references). */
function asciiHtml(text: string): string {
  return escapeHtml(text, { ascii: true });
}

/**
 * A deterministic element id: the chart's position in the session and a hash of the
 * figure, e.g. `backprop-ts-chart-3-1a2b3c4d`.
 */
export function chartId(figure: PlotlyFigure, index: number): string {
  const hash = createHash('sha256').update(JSON.stringify(figure)).digest('hex').slice(0, 8);
  return `${CHART_CLASS}-${index}-${hash}`;
}

/** The figure's title, or `"chart"`, for text fallbacks. */
export function chartTitle(figure: PlotlyFigure): string {
  return figure.layout.title?.text.replace(/<[^>]*>/g, '') || 'chart';
}

/** How long a chart waits for plotly.js before it says that it cannot draw. */
export const MISSING_PLOTLY_AFTER_MS = 4000;

/**
 * What a chart shows when this page has no plotly.js: the output that carried it (the
 * first chart of the kernel session) was cleared by a rerun, or the page was reloaded.
 */
export const MISSING_PLOTLY_HTML =
  '<p style="color:#b00020">This chart cannot be drawn: plotly.js is not on this page (the output that carried it ' +
  'was cleared by a rerun, or the page was reloaded). In JupyterLab, run <code>npm run kernel:install</code> once and ' +
  'reload the page: its chart renderer draws every chart from the figure. Elsewhere, restart the kernel and run all cells.</p>';

/**
 * Where a figure holds something JSON cannot carry: NaN or ±Infinity (which
 * `JSON.stringify` turns into `null`, a gap, without a word) or `undefined` in an
 * array. Returns the path, e.g. `figure.data[0].y[3]`, and the value; `undefined` if none.
 */
function unsafeForJson(value: unknown, path: string): [path: string, found: string] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [path, describe(value)];
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) return [`${path}[${i}]`, describe(item)];
      } else if (item === undefined) {
        return [`${path}[${i}]`, i in value ? 'undefined' : 'a hole (an empty slot of a sparse array)'];
      } else {
        const found = unsafeForJson(item, `${path}[${i}]`);
        if (found) return found;
      }
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = unsafeForJson(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * The `text/html` of one chart: a placeholder `<div>` (whose text shows where scripts
 * do not run) and a script that draws the figure into it.
 *
 * @param figure A figure from a chart builder.
 * @param index The chart's number in the session; part of the element id.
 * @throws {InputError} If `figure` is not a figure `{ data, layout }` or holds NaN, ±Infinity or `undefined` in an array
 *   (JSON would silently turn them into `null`), or `index` is not an integer ≥ 0.
 * @example
 * ```ts
 * chartHtml(lossCurve([3, 2, 1]), 1); // '<div class="backprop-ts-chart" id="backprop-ts-chart-1-…">…'
 * ```
 */
export function chartHtml(figure: PlotlyFigure, index: number): string {
  if (typeof figure !== 'object' || figure === null || !Array.isArray(figure.data) || typeof figure.layout !== 'object' || figure.layout === null) {
    throw new InputError('figure', `Expected figure to be a Plotly figure { data, layout } from a chart builder but found ${describe(figure)}.`);
  }
  const unsafe = unsafeForJson(figure, 'figure');
  if (unsafe) {
    throw new InputError('figure', `Expected figure to hold only finite numbers (null for a gap) but ${unsafe[0]} is ${unsafe[1]}, which JSON would silently turn into null.`);
  }
  if (!Number.isInteger(index) || index < 0) throw new InputError('index', `Expected index to be an integer ≥ 0 but found ${describe(index)}.`);
  const id = chartId(figure, index);
  const height = figure.layout.height ?? 380;
  return [
    `<div class="${CHART_CLASS}" id="${id}" style="width:100%;min-height:${height}px">`,
    `<p style="color:#777;font-style:italic">${asciiHtml(chartTitle(figure))}: an interactive chart drawn by JavaScript. ` +
      'If this text stays, run the cell (in a trusted notebook) to draw it.</p></div>',
    '<script type="text/javascript">',
    '(function () {',
    `  var id = ${scriptJson(id)};`,
    // Our own div, even if an identical id is on the page twice (a copied cell): the one in
    // the script's own output. JupyterLab runs the script in place; VS Code re-creates it
    // at the end of the output, so look in the parent rather than at the previous sibling.
    '  var script = document.currentScript;',
    '  var scope = script && script.parentNode;',
    `  var own = scope && scope.querySelector ? scope.querySelector('[id="' + id + '"]') : null;`,
    `  var figure = ${scriptJson(figure)};`,
    // Where the script runs elsewhere (the classic notebook runs it in <head>), the first
    // div with our id that no chart has drawn into yet: copies of a cell run in order.
    '  function find() {',
    '    if (own && own.isConnected) return own;',
    `    var all = document.querySelectorAll ? document.querySelectorAll('[id="' + id + '"]') : [];`,
    `    for (var i = 0; i < all.length; i++) if (!all[i].hasAttribute('${DRAWN_ATTRIBUTE}')) return all[i];`,
    '    return document.getElementById(id);',
    '  }',
    // A frontend may run the script before it attaches the output to the page: wait for it.
    '  function draw(Plotly, attempt) {',
    '    var el = find();',
    '    attempt = attempt || 0;',
    '    if (!el) {',
    '      if (attempt < 100) setTimeout(function () { draw(Plotly, attempt + 1); }, 50);',
    '      return;',
    '    }',
    `    if (el.setAttribute) el.setAttribute('${DRAWN_ATTRIBUTE}', '');`,
    "    el.innerHTML = '';",
    '    Plotly.newPlot(el, figure.data, figure.layout, figure.config);',
    '  }',
    '  if (window.Plotly) draw(window.Plotly);',
    `  else (window.${PENDING_QUEUE} = window.${PENDING_QUEUE} || []).push(draw);`,
    // Never silently blank: if plotly.js has not arrived by then, say why and what to do.
    '  setTimeout(function () {',
    '    var el = find();',
    `    if (window.Plotly || !el || el.hasAttribute('${DRAWN_ATTRIBUTE}')) return;`,
    `    el.innerHTML = ${scriptJson(MISSING_PLOTLY_HTML)};`,
    `  }, ${MISSING_PLOTLY_AFTER_MS});`,
    '})();',
    '</script>',
  ].join('\n');
}

/**
 * The `text/html` that loads plotly.js once per page and then draws the queued charts.
 * The bundle runs inside a function whose `define`, `module` and `exports` are
 * undefined, so that its UMD wrapper sets `window.Plotly` instead of registering
 * with require.js (the classic notebook) or CommonJS.
 *
 * @param source The text of `plotly.min.js`.
 * @param version Its version, written into the {@link BUNDLE_ATTRIBUTE} attribute.
 */
export function plotlyBundleHtml(source: string, version: string): string {
  // Only inside strings or comments can "</script" or "<!--" appear; "\/" and "\!" mean the same there.
  const safe = source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  return [
    `<script type="text/javascript" ${BUNDLE_ATTRIBUTE}="${asciiHtml(version)}">`,
    'if (!window.Plotly) {',
    '(function (define, module, exports) {',
    safe,
    '}).call(window);',
    '}',
    '(function () {',
    `  var pending = window.${PENDING_QUEUE} || [];`,
    `  window.${PENDING_QUEUE} = [];`,
    '  for (var i = 0; i < pending.length; i++) pending[i](window.Plotly);',
    '})();',
    '</script>',
  ].join('\n');
}
