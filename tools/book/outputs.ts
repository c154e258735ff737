/**
 * One executed code cell's outputs as HTML. Text is escaped; only `text/html`
 * produced by the kernel is inserted as HTML. The plotly.js bundle that the
 * library's `showChart` emits once per notebook is dropped here: book pages load
 * one shared copy from `assets/` instead.
 */
import type { MimeBundle, Output } from '../notebook-runner/index.js';
import { escapeHtml } from 'backprop-ts/internal';
import { stripAnsi } from '../notebook-runner/index.js';
import { renderMarkdown } from './markdown.js';

/** Marker attribute of the library's plotly.js bundle output. */
export const PLOTLY_BUNDLE_MARKER = 'data-backprop-ts-plotly';
/** Class of the library's chart containers. */
export const CHART_CLASS = 'backprop-ts-chart';

/** What rendering one cell's outputs found. */
export interface RenderedOutputs {
  html: string;
  /** Whether any output needs plotly.js on the page. */
  usesPlotly: boolean;
}

const text = (value: unknown): string => (Array.isArray(value) ? value.join('') : String(value ?? ''));

function renderBundle(data: MimeBundle): RenderedOutputs {
  if ('text/html' in data) {
    const html = text(data['text/html']);
    if (html.includes(PLOTLY_BUNDLE_MARKER)) return { html: '', usesPlotly: true };
    return { html: `<div class="output html">${html}</div>`, usesPlotly: html.includes(CHART_CLASS) };
  }
  for (const mime of ['image/png', 'image/jpeg', 'image/gif'] as const) {
    if (mime in data) {
      return { html: `<div class="output image"><img alt="" src="data:${mime};base64,${escapeHtml(text(data[mime]).replace(/\s/g, ''))}"></div>`, usesPlotly: false };
    }
  }
  if ('image/svg+xml' in data) {
    const svg = Buffer.from(text(data['image/svg+xml']), 'utf8').toString('base64');
    return { html: `<div class="output image"><img alt="" src="data:image/svg+xml;base64,${svg}"></div>`, usesPlotly: false };
  }
  if ('text/markdown' in data) return { html: `<div class="output markdown">${renderMarkdown(text(data['text/markdown']))}</div>`, usesPlotly: false };
  if ('text/plain' in data) return { html: `<pre class="output text">${escapeHtml(text(data['text/plain']))}</pre>`, usesPlotly: false };
  return { html: `<pre class="output unsupported">(output of type ${escapeHtml(Object.keys(data).join(', '))})</pre>`, usesPlotly: false };
}

function renderOutput(output: Output): RenderedOutputs {
  switch (output.output_type) {
    case 'stream':
      return { html: `<pre class="output stream ${output.name}">${escapeHtml(stripAnsi(text(output.text)))}</pre>`, usesPlotly: false };
    case 'display_data':
    case 'execute_result':
      return renderBundle(output.data);
    case 'error': {
      const traceback = stripAnsi(output.traceback.join('\n'));
      const body = traceback.trim() ? traceback : `${output.ename}: ${output.evalue}`;
      return { html: `<pre class="output error">${escapeHtml(body)}</pre>`, usesPlotly: false };
    }
  }
}

/** Renders a code cell's outputs, in order. */
export function renderOutputs(outputs: readonly Output[]): RenderedOutputs {
  const parts = outputs.map(renderOutput);
  return { html: parts.map((p) => p.html).join('\n'), usesPlotly: parts.some((p) => p.usesPlotly) };
}
