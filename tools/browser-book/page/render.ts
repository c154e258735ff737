/**
 * Renders a cell's outputs in the page with the markup the book's build gives them
 * (tools/book/outputs.ts), so a rerun cell looks like a built one: streams and text are
 * escaped, `text/html` from the kernel is inserted as HTML with its scripts run (charts
 * draw themselves), images become data URIs, errors show their traceback.
 */
import type { CellOutput } from '../worker/protocol.js';
import { outputsText } from '../../exercises/exercises.js';

/** Marker of the plotly.js bundle output; the page loads `assets/plotly.min.js` instead. */
const PLOTLY_BUNDLE_MARKER = 'data-backprop-ts-plotly';
const CHART_CLASS = 'backprop-ts-chart';
const PENDING_QUEUE = '__backpropTsPending';

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex
const text = (value: unknown): string => (Array.isArray(value) ? value.join('') : String(value ?? ''));

function element(tag: string, className: string, content?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (content !== undefined) el.textContent = content;
  return el;
}

let plotlyLoading: Promise<void> | undefined;
/** Loads the book's plotly.js once if this page came without it (no chart when it was built), then draws the waiting charts. */
export function ensurePlotly(assetsUrl: URL): Promise<void> {
  const win = window as unknown as Record<string, unknown>;
  if (win['Plotly']) return Promise.resolve();
  plotlyLoading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('plotly.min.js', assetsUrl).href;
    script.onload = () => {
      const pending = (win[PENDING_QUEUE] as ((plotly: unknown) => void)[] | undefined) ?? [];
      win[PENDING_QUEUE] = [];
      for (const draw of pending) draw(win['Plotly']);
      resolve();
    };
    script.onerror = () => reject(new Error('plotly.js could not be loaded'));
    document.head.append(script);
  });
  return plotlyLoading;
}

/** Inserts HTML and runs its scripts, in order, as Jupyter frontends do with a kernel's `text/html`. */
function htmlOutput(html: string): HTMLElement {
  const div = element('div', 'output html');
  div.innerHTML = html;
  for (const old of Array.from(div.querySelectorAll('script'))) {
    const script = document.createElement('script');
    for (const attribute of Array.from(old.attributes)) script.setAttribute(attribute.name, attribute.value);
    script.text = old.text;
    old.replaceWith(script); // scripts made by createElement run when attached
  }
  return div;
}

function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** One output's element, or `null` for the plotly.js bundle (the page has its own copy). */
export function renderOutput(output: CellOutput, assetsUrl: URL): HTMLElement | null {
  switch (output.output_type) {
    case 'stream':
      return element('pre', `output stream ${output.name}`, stripAnsi(output.text));
    case 'error': {
      const traceback = stripAnsi(output.traceback.join('\n'));
      return element('pre', 'output error', traceback.trim() ? traceback : `${output.ename}: ${output.evalue}`);
    }
    default: {
      const data = output.data;
      if ('text/html' in data) {
        const html = text(data['text/html']);
        if (html.includes(PLOTLY_BUNDLE_MARKER)) {
          void ensurePlotly(assetsUrl);
          return null;
        }
        if (html.includes(CHART_CLASS)) void ensurePlotly(assetsUrl);
        return htmlOutput(html);
      }
      for (const mime of ['image/png', 'image/jpeg', 'image/gif']) {
        if (mime in data) {
          const div = element('div', 'output image');
          const img = document.createElement('img');
          img.alt = '';
          img.src = `data:${mime};base64,${text(data[mime]).replace(/\s/g, '')}`;
          div.append(img);
          return div;
        }
      }
      if ('image/svg+xml' in data) {
        const div = element('div', 'output image');
        const img = document.createElement('img');
        img.alt = '';
        img.src = svgDataUri(text(data['image/svg+xml']));
        div.append(img);
        return div;
      }
      if ('text/markdown' in data) return element('pre', 'output markdown', text(data['text/markdown']));
      if ('text/plain' in data) return element('pre', 'output text', text(data['text/plain']));
      return element('pre', 'output unsupported', `(output of type ${Object.keys(data).join(', ')})`);
    }
  }
}

/** The text a reader sees in a cell's outputs, as tools/exercises reads it: streams, text/plain, errors' names and messages. */
export const outputText = (outputs: readonly CellOutput[]): string => outputsText(outputs);
