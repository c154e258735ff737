import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import {
  BUNDLE_ATTRIBUTE, CHART_CLASS, DRAWN_ATTRIBUTE, MISSING_PLOTLY_AFTER_MS, MISSING_PLOTLY_HTML, PENDING_QUEUE, chartHtml, chartId, chartTitle, plotlyBundleHtml, scriptJson,
} from '../../src/charts/chart-html.js';
import { lossCurve } from '../../src/charts/loss-curve.js';

const figure = lossCurve([3, 2, 1], { title: 'Loss & "error" − test' });
const scriptOf = (html: string) => /<script[^>]*>\n([\s\S]*)\n<\/script>/.exec(html)![1]!;

/** A window with one element per id, enough for the chart and bundle scripts. */
function fakePage(ids: string[]) {
  const elements: Record<string, { id: string; innerHTML: string; hasAttribute?: (name: string) => boolean }> = Object.fromEntries(
    ids.map((id) => [id, { id, innerHTML: 'placeholder' }]),
  );
  const timers: (() => void)[] = []; // the chart's retries while it waits for its div
  const later: (() => void)[] = []; // the check that plotly.js arrived
  const window: Record<string, unknown> = {
    document: { currentScript: null, getElementById: (id: string) => elements[id] ?? null },
    setTimeout: (fn: () => void, ms: number) => void (ms === MISSING_PLOTLY_AFTER_MS ? later : timers).push(fn),
    timers,
  };
  window['window'] = window;
  return { window, elements, timers, later };
}

describe('scriptJson', () => {
  it('scriptJson escapes <, >, & and non-ASCII so that strings cannot close a script tag', () => {
    const json = scriptJson({ t: '</script><!-- & 1 − x' });
    expect(json).toBe('{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 1 \\u2212 x"}');
    expect(JSON.parse(json)).toEqual({ t: '</script><!-- & 1 − x' });
    expect(json).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe('chartId', () => {
  it('chartId combines the index and a hash of the figure, deterministically', () => {
    expect(chartId(figure, 3)).toMatch(/^backprop-ts-chart-3-[0-9a-f]{8}$/);
    expect(chartId(figure, 3)).toBe(chartId(lossCurve([3, 2, 1], { title: 'Loss & "error" − test' }), 3));
    expect(chartId(figure, 3)).not.toBe(chartId(lossCurve([3, 2, 0.5]), 3));
    expect(chartId(figure, 3).slice(-8)).toBe(chartId(figure, 4).slice(-8));
  });
});

describe('chartTitle', () => {
  it('chartTitle strips tags and falls back to "chart"', () => {
    expect(chartTitle(lossCurve([1], { title: '<b>Bold</b> title' }))).toBe('Bold title');
    expect(chartTitle({ data: [], layout: {} })).toBe('chart');
  });
});

describe('chartHtml', () => {
  const html = chartHtml(figure, 1);
  const id = chartId(figure, 1);

  it('chartHtml is a placeholder div with a deterministic id and an ASCII-only inline script', () => {
    expect(html).toBe(chartHtml(figure, 1));
    expect(html.startsWith(`<div class="${CHART_CLASS}" id="${id}" style="width:100%;min-height:380px">`)).toBe(true);
    expect(html).toContain('Loss &amp; &quot;error&quot; &#8722; test: an interactive chart drawn by JavaScript');
    expect(html).toMatch(/^[\n\x20-\x7e]*$/);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('chartHtml draws at once when window.Plotly exists', () => {
    const { window, elements } = fakePage([id]);
    const newPlot = vi.fn();
    window['Plotly'] = { newPlot };
    runInNewContext(scriptOf(html), window);
    expect(newPlot).toHaveBeenCalledTimes(1);
    const [el, data, layout, config] = newPlot.mock.calls[0]!;
    expect(el).toBe(elements[id]);
    expect(el.innerHTML).toBe('');
    expect(JSON.stringify({ data, layout, config })).toBe(JSON.stringify(figure));
  });

  it("chartHtml queues the drawing until plotly.js arrives, and prefers the div in its script's own output", () => {
    const { window, elements } = fakePage([id]);
    const own = { id, innerHTML: 'mine', isConnected: true };
    const selectors: string[] = [];
    const output = { querySelector: (selector: string) => (selectors.push(selector), own) };
    (window['document'] as { currentScript: unknown }).currentScript = { parentNode: output };
    runInNewContext(scriptOf(html), window);
    const pending = window[PENDING_QUEUE] as ((p: unknown) => void)[];
    expect(pending).toHaveLength(1);
    const newPlot = vi.fn();
    pending[0]!({ newPlot });
    expect(newPlot.mock.calls[0]![0]).toBe(own);
    expect(selectors).toEqual([`[id="${id}"]`]);
    expect(elements[id]!.innerHTML).toBe('placeholder');
  });

  it('chartHtml falls back to the page-wide id when its script runs outside its output (in the head)', () => {
    const { window, elements } = fakePage([id]);
    (window['document'] as { currentScript: unknown }).currentScript = { parentNode: { querySelector: () => null } };
    window['Plotly'] = { newPlot: vi.fn() };
    runInNewContext(scriptOf(html), window);
    expect((window['Plotly'] as { newPlot: ReturnType<typeof vi.fn> }).newPlot.mock.calls[0]![0]).toBe(elements[id]);
  });

  it('chartHtml run outside its output draws into the first div with its id not drawn yet: copied cells fill in order', () => {
    const { window } = fakePage([]);
    const attributes = [new Set<string>(), new Set<string>()];
    const copies = attributes.map((set) => ({
      id, innerHTML: 'placeholder',
      hasAttribute: (name: string) => set.has(name),
      setAttribute: (name: string) => void set.add(name),
    }));
    (window['document'] as Record<string, unknown>)['querySelectorAll'] = (selector: string) => (selector === `[id="${id}"]` ? copies : []);
    const newPlot = vi.fn();
    window['Plotly'] = { newPlot };
    runInNewContext(scriptOf(html), window); // the first copy's script
    runInNewContext(scriptOf(html), window); // the second copy's
    expect(newPlot.mock.calls.map((call) => call[0])).toEqual([copies[0], copies[1]]);
    expect(attributes.every((set) => set.has(DRAWN_ATTRIBUTE))).toBe(true);
  });

  it('chartHtml waits for its div when the script runs before the output is on the page', () => {
    const { window, elements, timers } = fakePage([]);
    const newPlot = vi.fn();
    window['Plotly'] = { newPlot };
    runInNewContext(scriptOf(html), window);
    expect(newPlot).not.toHaveBeenCalled();
    expect(timers).toHaveLength(1);
    timers.shift()!();
    expect(timers).toHaveLength(1); // still not there: try again
    elements[id] = { id, innerHTML: 'placeholder' };
    timers.shift()!();
    expect(newPlot.mock.calls[0]![0]).toBe(elements[id]);
    expect(timers).toHaveLength(0);
  });

  it('chartHtml gives up waiting after 100 attempts', () => {
    const { window, timers } = fakePage([]);
    window['Plotly'] = { newPlot: vi.fn() };
    runInNewContext(scriptOf(html), window);
    let runs = 0;
    while (timers.length > 0) { timers.shift()!(); runs += 1; }
    expect(runs).toBe(100);
  });
});

describe('chartHtml without plotly.js', () => {
  const html = chartHtml(figure, 1);
  const id = chartId(figure, 1);

  it('chartHtml says why it cannot draw when plotly.js never arrives, instead of staying blank', () => {
    const { window, elements, later } = fakePage([id]);
    elements[id]!.hasAttribute = () => false;
    runInNewContext(scriptOf(html), window);
    expect(later).toHaveLength(1);
    later[0]!();
    expect(elements[id]!.innerHTML).toBe(MISSING_PLOTLY_HTML);
    expect(MISSING_PLOTLY_HTML).toContain('npm run kernel:install');
  });

  it('chartHtml keeps quiet once plotly.js has come and drawn the chart', () => {
    const { window, elements, later } = fakePage([id]);
    elements[id]!.hasAttribute = () => false;
    runInNewContext(scriptOf(html), window);
    window['Plotly'] = { newPlot: vi.fn() };
    later[0]!();
    expect(elements[id]!.innerHTML).toBe('placeholder');
  });
});

describe('plotlyBundleHtml', () => {
  // Stands in for plotly.min.js: a UMD wrapper that prefers AMD, then CommonJS, then a global.
  const umd = [
    '(function (root, factory) {',
    '  if (typeof define === "function" && define.amd) define([], factory);',
    '  else if (typeof module === "object" && module.exports) module.exports = factory();',
    '  else root.Plotly = factory();',
    '}(this, function () { return { newPlot: function () { window.drawn = (window.drawn || 0) + 1; }, s: "</script>" }; }));',
  ].join('\n');
  const html = plotlyBundleHtml(umd, '3.7.0');

  it('plotlyBundleHtml marks the script with the plotly.js version and keeps "</script" out of it', () => {
    expect(html.startsWith(`<script type="text/javascript" ${BUNDLE_ATTRIBUTE}="3.7.0">\n`)).toBe(true);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(plotlyBundleHtml('var a = "<!--";', '1')).toContain('"<\\!--"');
  });

  it('plotlyBundleHtml sets window.Plotly even where require.js defines `define` (classic notebook), then draws the queue', () => {
    const { window } = fakePage([]);
    const define = Object.assign(vi.fn(), { amd: {} });
    Object.assign(window, { define, module: { exports: {} } });
    const draw = vi.fn((Plotly: { newPlot(): void }) => Plotly.newPlot());
    window[PENDING_QUEUE] = [draw];
    runInNewContext(scriptOf(html), window);
    expect(define).not.toHaveBeenCalled();
    expect(window['Plotly']).toHaveProperty('newPlot');
    expect(draw).toHaveBeenCalledWith(window['Plotly']);
    expect(window['drawn']).toBe(1);
    expect(window[PENDING_QUEUE]).toEqual([]);
  });

  it('plotlyBundleHtml does not load plotly.js a second time on the same page', () => {
    const { window } = fakePage([]);
    const existing = { newPlot: vi.fn() };
    window['Plotly'] = existing;
    runInNewContext(scriptOf(html), window);
    expect(window['Plotly']).toBe(existing);
  });
});
