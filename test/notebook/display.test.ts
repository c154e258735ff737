import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lossCurve } from '../../src/charts/loss-curve.js';
import { chartId } from '../../src/charts/chart-html.js';
import {
  METADATA_KEY, chartOutput, kernelSink, plotlyBundleOutput, resetChartSession, showChart, textSink,
  type DisplayTarget, type RichOutput,
} from '../../src/notebook/display.js';

const require = createRequire(import.meta.url);
const PLOTLY_VERSION = (require('plotly.js-dist-min/package.json') as { version: string }).version;

/** A sink that records what it is given. */
function recorder() {
  const outputs: { output: RichOutput; target?: DisplayTarget }[] = [];
  return { outputs, display: (output: RichOutput, target?: DisplayTarget) => void outputs.push({ output, target }) };
}

const role = (o: RichOutput) => (o.metadata?.[METADATA_KEY] as { role: string }).role;

beforeEach(() => resetChartSession());

describe('showChart', () => {
  it('showChart sends plotly.js once, before the first chart of the session', () => {
    const sink = recorder();
    showChart(lossCurve([3, 2, 1]), { sink });
    showChart(lossCurve([4, 1]), { sink });
    expect(sink.outputs.map((o) => role(o.output))).toEqual(['plotly-bundle', 'chart', 'chart']);
    expect(sink.outputs.map((o) => o.target)).toEqual([undefined, undefined, undefined]);
  });

  it('showChart numbers charts in the session, and resetChartSession starts over with the bundle', () => {
    const sink = recorder();
    const figure = lossCurve([3, 2, 1]);
    showChart(figure, { sink });
    showChart(figure, { sink });
    const ids = sink.outputs.slice(1).map((o) => (o.output.metadata?.[METADATA_KEY] as { id: string }).id);
    expect(ids).toEqual([chartId(figure, 1), chartId(figure, 2)]);
    resetChartSession();
    const again = recorder();
    showChart(figure, { sink: again });
    expect(again.outputs.map((o) => role(o.output))).toEqual(['plotly-bundle', 'chart']);
    expect(again.outputs[1]!.output).toEqual(sink.outputs[1]!.output);
  });

  it('showChart outside a kernel prints the chart title on stdout', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let written: unknown[];
    try {
      showChart(lossCurve([1], { title: 'Tiny' }));
    } finally {
      written = write.mock.calls.map((c) => c[0]);
      write.mockRestore();
    }
    expect(written).toEqual(['[chart] Tiny\n']);
  });
});

describe('chartOutput', () => {
  const figure = lossCurve([3, 2, 1]);

  it('chartOutput bundles html, the Plotly JSON and a text line, and is deterministic', () => {
    const output = chartOutput(figure, 7);
    expect(Object.keys(output.data)).toEqual(['text/html', 'application/vnd.plotly.v1+json', 'text/plain']);
    expect(output.data['application/vnd.plotly.v1+json']).toBe(figure);
    expect(output.data['text/plain']).toBe('[chart] Loss per epoch');
    expect(output.data['text/html']).toContain(`id="${chartId(figure, 7)}"`);
    expect(output.metadata).toEqual({ [METADATA_KEY]: { role: 'chart', id: chartId(figure, 7) } });
    expect(chartOutput(lossCurve([3, 2, 1]), 7)).toEqual(output);
  });
});

describe('plotlyBundleOutput', () => {
  it('plotlyBundleOutput carries the whole plotly.js bundle from node_modules, read once', () => {
    const bundle = plotlyBundleOutput();
    const html = bundle.data['text/html'] as string;
    expect(Object.keys(bundle.data)).toEqual(['text/html']);
    expect(html.startsWith(`<script type="text/javascript" data-backprop-ts-plotly="${PLOTLY_VERSION}">`)).toBe(true);
    expect(html).toContain(`plotly.js v${PLOTLY_VERSION}`);
    expect(html.length).toBeGreaterThan(3_000_000);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(bundle.metadata).toEqual({ [METADATA_KEY]: { role: 'plotly-bundle', plotly: PLOTLY_VERSION } });
    expect(plotlyBundleOutput()).toBe(bundle);
  });
});

describe('textSink', () => {
  it('textSink writes text/plain and ignores outputs without it', () => {
    const lines: string[] = [];
    const sink = textSink((t) => lines.push(t));
    sink.display({ data: { 'text/html': '<b>x</b>' } });
    sink.display({ data: { 'text/plain': 'hello' } });
    expect(lines).toEqual(['hello\n']);
  });
});

describe('kernelSink', () => {
  const jupyter = require('tslab/dist/jupyter.js') as { lastWriteDisplayData: unknown };
  const global = globalThis as { __tslab__?: unknown };
  afterEach(() => {
    delete global.__tslab__;
    jupyter.lastWriteDisplayData = null;
  });

  it('kernelSink is undefined outside a tslab kernel', () => {
    expect(kernelSink()).toBeUndefined();
  });

  it("kernelSink sends whole mime bundles through tslab's writer for the running cell", () => {
    global.__tslab__ = { require: () => ({}) };
    const sink = kernelSink()!;
    const write = vi.fn();
    jupyter.lastWriteDisplayData = write; // tslab sets this per executed cell
    const output = { data: { 'text/html': '<b>1</b>', 'text/plain': '1' }, metadata: { a: 1 } };
    sink.display(output);
    sink.display({ data: { 'text/plain': '2' } }, { displayId: 'p1' });
    sink.display({ data: { 'text/plain': '3' } }, { displayId: 'p1', update: true });
    expect(write.mock.calls).toEqual([
      [{ data: output.data, metadata: { a: 1 }, transient: {} }, false],
      [{ data: { 'text/plain': '2' }, metadata: {}, transient: { display_id: 'p1' } }, false],
      [{ data: { 'text/plain': '3' }, metadata: {}, transient: { display_id: 'p1' } }, true],
    ]);
  });

  it("kernelSink falls back to the kernel's public tslab display (one mime type) when the writer is not ours", () => {
    const raw = vi.fn();
    const updates = vi.fn();
    const newDisplay = vi.fn(() => ({ raw: updates }));
    global.__tslab__ = { require: (id: string) => (id === 'tslab' ? { display: { raw }, newDisplay } : undefined) };
    const sink = kernelSink()!;
    sink.display({ data: { 'text/html': '<i>h</i>', 'text/plain': 'h' } });
    sink.display({ data: { 'text/plain': 'only text' } });
    sink.display({ data: { 'text/html': 'a' } }, { displayId: 'd' });
    sink.display({ data: { 'text/html': 'b' } }, { displayId: 'd', update: true });
    expect(raw.mock.calls).toEqual([['text/html', '<i>h</i>'], ['text/plain', 'only text']]);
    expect(newDisplay).toHaveBeenCalledTimes(1);
    expect(updates.mock.calls).toEqual([['text/html', 'a'], ['text/html', 'b']]);
  });
});
