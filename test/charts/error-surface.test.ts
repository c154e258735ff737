import { describe, expect, it } from 'vitest';
import { errorSurfaceChart } from '../../src/charts/error-surface.js';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { inputErrorOf } from '../support/input-error.js';
import { expectFigureSnapshot, scatter } from '../support/chart-helpers.js';

/** The mean squared error of the weighted sum, computed directly from the data. */
const direct = (w: readonly number[]) => INPUTS.reduce((s, x, n) => s + (x[0]! * w[0]! + x[1]! * w[1]! - TARGETS[n]!) ** 2, 0) / INPUTS.length;

/** The weights after each of the first `epochs` epochs of the article's loop, starting weights first. */
function descentPath(epochs: number) {
  return [{ epoch: 0, weights: [1, 0.5] }, ...Array.from({ length: epochs }, (_, e) => ({ epoch: e + 1, weights: gradientDescentLoop(INPUTS, TARGETS, { epochs: e + 1 }).weights }))];
}

describe('errorSurfaceChart', () => {
  const path = descentPath(20);
  const figure = errorSurfaceChart(INPUTS, TARGETS, { path, weightNames: ['w₁ (infections)', 'w₂ (countries)'] });
  const contours = figure.data.filter((t) => t.legendgroup === 'contours');

  it('errorSurfaceChart draws contours whose every point has its level as error, computed directly', () => {
    expect(contours).toHaveLength(10);
    for (const contour of contours) {
      const level = Number(/mean squared error ([\d.]+)/.exec(contour.hovertemplate!)![1]);
      const errors = contour.x.map((x, i) => direct([x as number, contour.y[i] as number]));
      for (const e of errors) expect(Math.abs(e - level) / level).toBeLessThan(5e-4); // the hover label's 4 digits
      expect(Math.max(...errors) - Math.min(...errors)).toBeLessThan(1e-9);
    }
    expect(contours.filter((c) => c.showlegend)).toHaveLength(1);
  });

  it('errorSurfaceChart: default levels halve their distance to the smallest error, from the path’s highest error', () => {
    const levels = contours.map((c) => direct([c.x[0] as number, c.y[0] as number]));
    expect(levels[0]).toBeCloseTo(direct([1, 0.5]), 9); // 9.4375, the start's error
    for (let k = 1; k < levels.length; k++) expect(levels[k]! - 0.696737).toBeCloseTo((levels[k - 1]! - 0.696737) / 2, 5);
  });

  it('errorSurfaceChart marks the path, epoch by epoch, and the least-squares optimum', () => {
    const descent = scatter(figure, 'gradient descent');
    expect(descent.mode).toBe('lines+markers');
    expect(descent.x).toEqual(path.map((s) => s.weights[0]));
    expect(descent.y).toEqual(path.map((s) => s.weights[1]));
    expect(descent.text).toEqual(path.map((s) => String(s.epoch)));
    expect(descent.hovertext![0]).toBe('9.4375');
    expect(descent.hovertemplate).toContain('w₁ (infections) %{x:.4f}');
    const optimum = scatter(figure, 'least squares (the lowest error)');
    expect(optimum.x[0]).toBeCloseTo(1.2015355, 6);
    expect(optimum.y[0]).toBeCloseTo(0.950096, 6);
    expect(optimum.hovertemplate).toContain('mean squared error 0.69674');
  });

  it('errorSurfaceChart frames the path and the optimum on equal scales', () => {
    const { xaxis, yaxis } = figure.layout;
    expect(yaxis).toMatchObject({ scaleanchor: 'x', scaleratio: 1 });
    expect(xaxis!.title!.text).toBe('w₁ (infections)');
    const [xLow, xHigh] = xaxis!.range!;
    const [yLow, yHigh] = yaxis!.range!;
    for (const s of path) {
      expect(s.weights[0]).toBeGreaterThan(xLow);
      expect(s.weights[0]).toBeLessThan(xHigh);
      expect(s.weights[1]).toBeGreaterThan(yLow);
      expect(s.weights[1]).toBeLessThan(yHigh);
    }
    expect(1.2015).toBeGreaterThan(xLow);
    expect(0.9501).toBeLessThan(yHigh);
  });

  it('errorSurfaceChart without a path frames its largest contour, at the levels given', () => {
    const plain = errorSurfaceChart(INPUTS, TARGETS, { levels: [0.8, 2], title: 'T', pathName: 'unused' });
    expect(plain.data.map((t) => t.name)).toEqual(['contours of the error', 'contours of the error', 'least squares (the lowest error)']);
    const outer = plain.data[1]!;
    const [low, high] = plain.layout.xaxis!.range!;
    expect(low).toBeLessThan(Math.min(...(outer.x as number[])));
    expect(high).toBeGreaterThan(Math.max(...(outer.x as number[])));
    expect(plain.layout.title!.text).toBe('T');
    // No levels either: they start from the error at w = [0, 0].
    const auto = errorSurfaceChart(INPUTS, TARGETS);
    expect(direct([auto.data[0]!.x[0] as number, auto.data[0]!.y[0] as number])).toBeCloseTo(direct([0, 0]), 9);
  });

  it('errorSurfaceChart: a path that sits on the optimum still gets a frame and levels', () => {
    const still = errorSurfaceChart([[1, 0], [0, 1]], [2, 3], { path: [{ epoch: 0, weights: [2, 3] }] });
    const [low, high] = still.layout.xaxis!.range!;
    expect(high - low).toBeGreaterThan(0);
    expect(still.data.filter((t) => t.legendgroup === 'contours')).toHaveLength(10);
  });

  it('errorSurfaceChart rejects bad data, paths and levels', () => {
    expect(inputErrorOf(() => errorSurfaceChart([[1, 2, 3]], [1])).argument).toBe('inputs');
    expect(inputErrorOf(() => errorSurfaceChart([[1, 2], [2, 4]], [1, 2])).message).toMatch(/linearly independent/);
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { path: [] })).message).toMatch(/at least one/);
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { path: [null as never] })).message).toMatch(/path\[0\] to be an object/);
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { path: [{ epoch: 0, weights: [1] }] })).argument).toBe('path[0].weights');
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { path: [{ epoch: NaN, weights: [1, 2] }] })).argument).toBe('path[0].epoch');
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { path: 'abc' as never })).argument).toBe('path');
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { levels: [1, 0.5] })).message).toMatch(/levels\[1\] to be above the smallest error, 0\.69/);
    expect(inputErrorOf(() => errorSurfaceChart(INPUTS, TARGETS, { levels: [] })).argument).toBe('levels');
  });

  it('errorSurfaceChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(errorSurfaceChart(INPUTS, TARGETS, { path: descentPath(3), levels: [0.75, 2, 9.4375] }), 'error-surface');
  });
});
