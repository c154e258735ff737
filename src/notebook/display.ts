/**
 * `showChart(figure)`: shows a chart in a notebook with no network, in JupyterLab,
 * the classic notebook, VS Code, an nbconvert HTML export and the HTML book. Every
 * notebook with a chart uses it; `01-generalized-gradient-descent.ipynb` introduces it.
 *
 * Each chart is one `display_data` output whose mime bundle holds `text/html` (a div
 * and a script that draws it, see src/charts/chart-html.ts), the figure as
 * `application/vnd.plotly.v1+json` (frontends with a Plotly renderer use that), and a
 * `text/plain` line. The first chart of a kernel session is preceded by one more
 * output: plotly.js itself, read from `node_modules/plotly.js-dist-min`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chartHtml, chartId, chartTitle, plotlyBundleHtml } from '../charts/chart-html.js';
import type { PlotlyFigure } from '../charts/figure.js';

/** A rich output: a mime bundle and its metadata, as Jupyter's `display_data` carries them. */
export interface RichOutput {
  /** Mime type → content, e.g. `{ 'text/html': '<b>hi</b>', 'text/plain': 'hi' }`. */
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Where to show an output: `displayId` names it so that `update: true` can replace it in place. */
export interface DisplayTarget {
  displayId?: string;
  update?: boolean;
}

/** Where outputs go: the running kernel, a terminal, or a test's recorder. */
export interface DisplaySink {
  display(output: RichOutput, target?: DisplayTarget): void;
}

/** Key of our entry in an output's metadata: `{ role: 'plotly-bundle' | 'chart' | 'progress', ... }`. */
export const METADATA_KEY = 'backprop-ts';

const require = createRequire(import.meta.url);

type Writer = (content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void;
interface TslabDisplay { raw(contentType: string, content: string): void }
interface TslabModule { display: TslabDisplay; newDisplay(): TslabDisplay }

/**
 * The sink of the tslab kernel this code runs in, or `undefined` outside a kernel
 * (a script, a test). tslab's public `display` sends one mime type per output, so
 * full bundles go through the writer tslab keeps for the running cell (pinned
 * tslab 1.0.22); a kernel running another copy of tslab gets `text/html` only.
 */
export function kernelSink(): DisplaySink | undefined {
  // tslab's executor defines this global; nothing else does.
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (hook === undefined) return undefined;
  const jupyter = require('tslab/dist/jupyter.js') as { lastWriteDisplayData?: Writer | null };
  const kernelTslab = (hook.require?.('tslab') ?? require('tslab')) as TslabModule;
  const displays = new Map<string, TslabDisplay>();
  return {
    display(output, target = {}) {
      // Read per call: tslab replaces the writer for every cell it runs.
      const write = jupyter.lastWriteDisplayData;
      if (typeof write === 'function') {
        const transient = target.displayId === undefined ? {} : { display_id: target.displayId };
        write({ data: output.data, metadata: output.metadata ?? {}, transient }, target.update === true);
        return;
      }
      const html = output.data['text/html'];
      const content = typeof html === 'string' ? html : String(output.data['text/plain'] ?? '');
      let display = kernelTslab.display;
      if (target.displayId !== undefined) {
        display = displays.get(target.displayId) ?? kernelTslab.newDisplay();
        displays.set(target.displayId, display);
      }
      display.raw(typeof html === 'string' ? 'text/html' : 'text/plain', content);
    },
  };
}

/**
 * A sink for terminals and scripts: writes each output's `text/plain` on its own line
 * and ignores outputs that have none.
 */
export function textSink(write: (text: string) => void = (text) => void process.stdout.write(text)): DisplaySink {
  return {
    display(output) {
      const text = output.data['text/plain'];
      if (typeof text === 'string') write(`${text}\n`);
    },
  };
}

let chartsShown = 0;
let bundleSent = false;
let bundle: RichOutput | undefined;

/** The plotly.js bundle as an output, read from `node_modules` once per process. */
export function plotlyBundleOutput(): RichOutput {
  if (bundle === undefined) {
    const version = (require('plotly.js-dist-min/package.json') as { version: string }).version;
    const source = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
    bundle = { data: { 'text/html': plotlyBundleHtml(source, version) }, metadata: { [METADATA_KEY]: { role: 'plotly-bundle', plotly: version } } };
  }
  return bundle;
}

/**
 * The output of one chart, numbered `index` in its session. Pure: the same figure and
 * index give the same output.
 */
export function chartOutput(figure: PlotlyFigure, index: number): RichOutput {
  return {
    data: {
      'text/html': chartHtml(figure, index),
      'application/vnd.plotly.v1+json': figure,
      'text/plain': `[chart] ${chartTitle(figure)}`,
    },
    metadata: { [METADATA_KEY]: { role: 'chart', id: chartId(figure, index) } },
  };
}

/** Options for {@link showChart}. */
export interface ShowChartOptions {
  /** Where the chart goes. Default: the running kernel, else its title on stdout. */
  sink?: DisplaySink;
}

/**
 * Shows a chart. In a notebook the first chart also sends plotly.js (about 4.8 MB,
 * once per kernel session); outside one it prints `[chart] <title>`.
 *
 * @param figure A figure from a chart builder, e.g. `lossCurve(history)`.
 * @param options Where to show it.
 * @example
 * ```ts
 * showChart(lossCurve(gradientDescentLoop(INPUTS, TARGETS).history));
 * ```
 */
export function showChart(figure: PlotlyFigure, options: ShowChartOptions = {}): void {
  const sink = options.sink ?? kernelSink() ?? textSink();
  if (!bundleSent) {
    sink.display(plotlyBundleOutput());
    bundleSent = true;
  }
  chartsShown += 1;
  sink.display(chartOutput(figure, chartsShown));
}

/**
 * Forgets that plotly.js was sent and restarts chart numbering, as a new kernel
 * session would. For tests, and for a notebook whose bundle output was cleared:
 * the next `showChart` sends plotly.js again.
 */
export function resetChartSession(): void {
  chartsShown = 0;
  bundleSent = false;
}
