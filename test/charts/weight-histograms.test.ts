import { describe, expect, it } from 'vitest';
import { initialWeightsChart, initializersChart } from '../../src/charts/weight-histograms.js';
import { INITIALIZERS, initialValues } from '../../src/network/initializers.js';
import { InputError } from '../../src/core/errors.js';
import { expectFigureSnapshot } from '../support/chart-helpers.js';

const SEED = 42;

describe('initialWeightsChart', () => {
  const values = initialValues([100, 1], { seed: SEED });
  const figure = initialWeightsChart(values, { expectedCount: 10 });

  it('initialWeightsChart bins 100 uniform weights into 10 bars over [0, 1]', () => {
    const [bars] = figure.data;
    expect(bars!.type).toBe('bar');
    const centers = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95];
    expect(bars!.x).toHaveLength(10);
    bars!.x.forEach((x, i) => expect(x).toBeCloseTo(centers[i]!, 12));
    expect((bars!.y as number[]).reduce((s, c) => s + c, 0)).toBe(100);
    const inFirstBin = Array.from(values).filter((v) => v < 0.1).length;
    expect(bars!.y[0]).toBe(inFirstBin);
    expect(figure.layout.xaxis?.range).toEqual([0, 1]);
  });

  it('initialWeightsChart titles its axes and draws the expected count as a dashed line', () => {
    expect(figure.layout.title?.text).toBe('100 initial weights');
    expect(figure.layout.xaxis?.title?.text).toBe('initial weight');
    expect(figure.layout.yaxis?.title?.text).toBe('number of weights');
    expect(figure.layout.shapes).toEqual([expect.objectContaining({ type: 'line', y0: 10, y1: 10 })]);
    expect(initialWeightsChart(values).layout.shapes).toEqual([]);
    expect(figure.layout.showlegend).toBe(false);
  });

  it('initialWeightsChart rejects empty and non-finite values', () => {
    expect(() => initialWeightsChart([])).toThrow(InputError);
    expect(() => initialWeightsChart([0.5, Infinity])).toThrow(/values\[1\] to be a finite number but found Infinity/);
  });

  it('initialWeightsChart matches its JSON snapshot (seed 42)', async () => {
    await expectFigureSnapshot(figure, 'initial-weights');
  });
});

describe('initializersChart', () => {
  const samples = INITIALIZERS.map((name) => ({ name, values: initialValues([100, 100], { seed: SEED, initializer: name }) }));
  const figure = initializersChart(samples);

  it('initializersChart draws one panel per initialiser with the same bins', () => {
    expect(figure.data.map((t) => t.name)).toEqual([...INITIALIZERS]);
    expect(figure.data.map((t) => [t.xaxis, t.yaxis])).toEqual([[undefined, undefined], ['x2', 'y2'], ['x3', 'y3'], ['x4', 'y4'], ['x5', 'y5']]);
    for (const t of figure.data) {
      expect(t.x).toEqual(figure.data[0]!.x);
      expect((t.y as number[]).reduce((s, c) => s + c, 0)).toBe(10_000);
    }
    expect(figure.layout.grid).toMatchObject({ rows: 5, columns: 1 });
    expect(figure.layout.xaxis?.range).toEqual([-0.6, 1]);
    expect(figure.layout.xaxis2?.matches).toBe('x');
  });

  it('initializersChart shows the uniform draw all positive and the others centred on 0', () => {
    const [uniform, glorot] = figure.data;
    const negative = (t: typeof uniform) => t!.x.reduce((s: number, x, i) => s + ((x as number) < 0 ? (t!.y[i] as number) : 0), 0);
    expect(negative(uniform)).toBe(0);
    expect(negative(glorot)).toBeGreaterThan(4000);
  });

  it('initializersChart labels each panel and titles only the bottom x axis when stacked', () => {
    expect(figure.layout.annotations?.map((a) => a.text)).toEqual(INITIALIZERS.map((n) => `<b>${n}</b>`));
    expect(figure.layout.xaxis?.title?.text).toBe('');
    expect(figure.layout.xaxis5?.title?.text).toBe('initial weight');
    expect(figure.layout.height).toBe(130 * 5 + 90);
  });

  it('initializersChart can put the panels side by side', () => {
    const columns = initializersChart(samples, { arrangement: 'columns', bins: 10 });
    expect(columns.layout.grid).toMatchObject({ rows: 1, columns: 5 });
    expect(columns.layout.xaxis3?.title?.text).toBe('initial weight');
    expect(columns.layout.yaxis3?.title?.text).toBe('');
    expect(columns.data[0]!.x).toHaveLength(10);
  });

  it('initializersChart rejects no samples and bad values, naming the sample', () => {
    expect(() => initializersChart([])).toThrow(/samples to be a non-empty array/);
    expect(() => initializersChart([{ name: 'a', values: [1] }, { name: 'b', values: [NaN] }])).toThrow(/samples\[1\]\.values\[0\]/);
  });

  it('initializersChart matches its JSON snapshot (seed 42)', async () => {
    await expectFigureSnapshot(initializersChart(samples, { bins: 12 }), 'initializers');
  });
});
