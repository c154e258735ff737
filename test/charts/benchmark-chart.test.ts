import { describe, expect, it } from 'vitest';
import { benchmarkChart } from '../../src/charts/benchmark-chart.js';
import { measuredEntry } from '../../src/speed/benchmark.js';
import { THEME, themeColor } from '../../src/charts/theme.js';
import { sampleReport } from '../support/benchmark-helpers.js';

describe('benchmarkChart', () => {
  it('benchmarkChart draws each stack as bars of its ratio to NumPy per workload, on a log axis, with NumPy as a dashed line', async () => {
    const figure = benchmarkChart(sampleReport());
    expect(figure.data.map((t) => t.name)).toEqual(['ours, typed', 'NumPy, 1 thread']);
    expect(figure.data[0]).toMatchObject({ type: 'bar', x: ['W1', 'W3'] });
    expect(figure.data[0]!.y[0]).toBeCloseTo(0.1, 12);
    expect(figure.data[1]).toMatchObject({ type: 'scatter', y: [1, 1] });
    expect(figure.layout.yaxis?.type).toBe('log');
    expect(JSON.parse(JSON.stringify(figure))).toStrictEqual(figure);
    await expect(`${JSON.stringify(figure, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/benchmark-chart.json');
  });

  it('benchmarkChart draws a reference row as hollow grey bars, leaving the palette to the stacks', () => {
    const report = sampleReport();
    const [w1] = report.workloads;
    report.entries.splice(2, 0, { ...measuredEntry(w1!, { engine: 'products-wasm', label: 'matrix products alone (wasm)' }, { secondsPerEpoch: [4e-6] }), reference: true });
    const figure = benchmarkChart(report);
    expect(figure.data.map((t) => t.name)).toEqual(['matrix products alone (wasm), a reference', 'ours, typed', 'NumPy, 1 thread']);
    expect(figure.data[0]).toMatchObject({ type: 'bar', marker: { color: THEME.background, line: { color: THEME.muted } } });
    expect(figure.data[1]).toMatchObject({ marker: { color: themeColor(0) } });
  });

  it('benchmarkChart gives every stack its own look, hatching the palette once it runs out, and puts the legend below the plot', () => {
    const report = sampleReport();
    const [w1] = report.workloads;
    for (let i = 0; i < 12; i++) report.entries.push(measuredEntry(w1!, { engine: `stack-${i}`, label: `stack ${i}` }, { secondsPerEpoch: [1e-5 * (i + 1)] }));
    const figure = benchmarkChart(report);
    const bars = figure.data.filter((t) => t.type === 'bar');
    const looks = bars.map((t) => JSON.stringify([t.marker?.color, t.marker?.pattern?.shape ?? 'solid']));
    expect(bars).toHaveLength(13);
    expect(new Set(looks).size).toBe(looks.length);
    expect(figure.layout.legend).toMatchObject({ orientation: 'h', yanchor: 'top' });
    expect(figure.layout.legend!.y!).toBeLessThan(0);
  });

  it('benchmarkChart refuses a report with nothing measured besides the baseline', () => {
    const report = sampleReport();
    report.entries = report.entries.filter((e) => e.engine === 'numpy-1');
    expect(() => benchmarkChart(report)).toThrow(/at least one measured entry/);
  });
});
