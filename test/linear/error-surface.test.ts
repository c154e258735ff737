import { describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { errorAt, errorContour, errorSurface } from '../../src/linear/error-surface.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { inputErrorOf } from '../support/input-error.js';

/** The mean squared error of the weighted sum, written out once more for the tests. */
const direct = (w: readonly number[]) => INPUTS.reduce((s, x, n) => s + (x[0]! * w[0]! + x[1]! * w[1]! - TARGETS[n]!) ** 2, 0) / INPUTS.length;

describe('errorAt', () => {
  it('errorAt(INPUTS, TARGETS, [1, 0.5]) is the batch error of epoch 1, 9.4375', () => {
    expect(errorAt(INPUTS, TARGETS, [1, 0.5])).toBe(9.4375);
  });

  it('errorAt rejects a third weight and data without two columns', () => {
    expect(inputErrorOf(() => errorAt(INPUTS, TARGETS, [1, 2, 3])).argument).toBe('weights');
    expect(inputErrorOf(() => errorAt([[1], [2]], [1, 2], [1, 2])).message).toMatch(/inputs to have 2 columns .* but found 1/);
  });
});

describe('errorSurface', () => {
  const surface = errorSurface(INPUTS, TARGETS);

  it('errorSurface finds the least-squares weights [1.2015, 0.9501] and their error 0.6967', () => {
    expect(surface.optimum[0]).toBeCloseTo(1.2015355, 6);
    expect(surface.optimum[1]).toBeCloseTo(0.9500960, 6);
    expect(surface.minimumError).toBeCloseTo(0.6967370, 6);
    expect(surface.minimumError).toBe(direct(surface.optimum));
    expect(surface.samples).toBe(4);
  });

  it('errorSurface: no small step from the optimum lowers the error', () => {
    for (const [dx, dy] of [[1e-4, 0], [-1e-4, 0], [0, 1e-4], [0, -1e-4], [1e-4, 1e-4]]) {
      expect(direct([surface.optimum[0] + dx!, surface.optimum[1] + dy!])).toBeGreaterThan(surface.minimumError);
    }
  });

  it('errorSurface diagonalises XᵀX: eigenvalues 263.0 and 1.98, unit orthogonal eigenvectors', () => {
    expect(surface.gram).toEqual([[222, 95], [95, 43]]);
    expect(surface.eigenvalues[0]).toBeCloseTo(263.019, 3);
    expect(surface.eigenvalues[1]).toBeCloseTo(1.9808, 4);
    expect(surface.condition).toBeCloseTo(surface.eigenvalues[0] / surface.eigenvalues[1], 10);
    surface.directions.forEach((v, k) => {
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      const [[a, b], [, d]] = surface.gram;
      expect(a * v[0] + b * v[1]).toBeCloseTo(surface.eigenvalues[k]! * v[0], 9);
      expect(b * v[0] + d * v[1]).toBeCloseTo(surface.eigenvalues[k]! * v[1], 9);
    });
    expect(surface.directions[0][0] * surface.directions[1][0] + surface.directions[0][1] * surface.directions[1][1]).toBeCloseTo(0, 12);
  });

  it('errorSurface handles diagonal and round cases (b = 0, a = d)', () => {
    const round = errorSurface([[1, 0], [0, 1]], [2, 3]);
    expect(round.optimum).toEqual([2, 3]);
    expect(round.eigenvalues).toEqual([1, 1]);
    expect(round.condition).toBe(1);
    expect(round.directions).toEqual([[1, 0], [-0, 1]]);
    const tall = errorSurface([[1, 0], [0, 3]], [1, 1]);
    expect(tall.eigenvalues).toEqual([9, 1]);
    expect(tall.directions[0]).toEqual([0, 1]);
  });

  it('errorSurface: per-example descent heads for the optimum, slowly', () => {
    const after = (epochs: number) => gradientDescentLoop(INPUTS, TARGETS, { epochs }).weights;
    const distance = (w: number[]) => Math.hypot(w[0]! - surface.optimum[0], w[1]! - surface.optimum[1]);
    expect(distance(after(10_000))).toBeLessThan(distance(after(1000)));
    expect(distance(after(10_000))).toBeLessThan(0.02);
  });

  it('errorSurface rejects proportional columns, a third column and mismatched targets', () => {
    expect(inputErrorOf(() => errorSurface([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).message).toMatch(/linearly independent .* singular/);
    expect(inputErrorOf(() => errorSurface([[1, 2, 3]], [1])).message).toMatch(/2 columns .* found 3/);
    expect(inputErrorOf(() => errorSurface(INPUTS, [1, 2])).argument).toBe('targets');
    expect(inputErrorOf(() => errorSurface([[1e200, 1], [1, 1e200]], [1, 2])).message).toMatch(/XᵀX .* finite/);
  });
});

describe('errorContour', () => {
  const surface = errorSurface(INPUTS, TARGETS);

  it('errorContour: every point has the level as its error, computed directly', () => {
    for (const level of [0.7, 0.75, 1, 5, 30]) {
      const points = errorContour(surface, level, 48);
      expect(points).toHaveLength(49);
      expect(points[48]).toEqual(points[0]);
      for (const p of points) expect(direct(p)).toBeCloseTo(level, 9);
    }
  });

  it('errorContour rejects a level at or below the minimum and a bad point count', () => {
    expect(inputErrorOf(() => errorContour(surface, surface.minimumError)).message).toMatch(/level to be above the smallest error/);
    expect(inputErrorOf(() => errorContour(surface, NaN)).argument).toBe('level');
    expect(inputErrorOf(() => errorContour(surface, 1, 0)).argument).toBe('points');
  });
});
