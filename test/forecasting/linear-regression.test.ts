import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { fitLinearRegression, predictLinear } from '../../src/forecasting/linear-regression.js';
import { createRandom } from '../../src/core/random.js';
import { inputErrorOf } from '../support/input-error.js';

describe('linear regression', () => {
  it('fitLinearRegression recovers known coefficients exactly from noise-free synthetic data', () => {
    const random = createRandom(3);
    const inputs = Array.from({ length: 50 }, () => [random.uniform(-5, 5), random.uniform(0, 1e6), random.uniform(100, 200)]);
    const targets = inputs.map(([a, b, c]) => 3 + 2 * a! - 0.5e-3 * b! + 7 * c!);
    const model = fitLinearRegression(inputs, targets);
    expect(model.weights[0]).toBeCloseTo(2, 8);
    expect(model.weights[1]).toBeCloseTo(-0.5e-3, 12);
    expect(model.weights[2]).toBeCloseTo(7, 8);
    expect(model.intercept).toBeCloseTo(3, 5);
  });

  it('fitLinearRegression finds the least-squares line through noisy points', () => {
    // y = 1 + 2x plus residuals that sum to 0 and are orthogonal to x: the fit is still exactly 1 + 2x.
    const model = fitLinearRegression([[0], [1], [2], [3]], [1 + 1, 3 - 1, 5 - 1, 7 + 1], { ridge: 0 });
    expect(model.weights[0]).toBeCloseTo(2, 12);
    expect(model.intercept).toBeCloseTo(1, 12);
    expect(predictLinear(model, [[10]])[0]).toBeCloseTo(21, 10);
  });

  it('fitLinearRegression gives the same predictions whatever the units of the columns', () => {
    const random = createRandom(9);
    const inputs = Array.from({ length: 30 }, () => [random.normal(0, 1), random.normal(0, 1)]);
    const targets = inputs.map(([a, b]) => a! - b! + random.normal(0, 0.3));
    const rescaled = inputs.map(([a, b]) => [a! * 1e6, b! * 1e-3 + 50]);
    const p1 = predictLinear(fitLinearRegression(inputs, targets), inputs);
    const p2 = predictLinear(fitLinearRegression(rescaled, targets), rescaled);
    p1.forEach((p, i) => expect(p2[i]).toBeCloseTo(p, 8));
  });

  it('fitLinearRegression gives a constant column weight 0 and solves one-hot columns that sum to 1', () => {
    const constant = fitLinearRegression([[1, 201], [2, 201], [3, 201]], [2, 4, 6]);
    expect(constant.weights).toEqual([expect.closeTo(2, 8), 0]);
    // Three one-hot columns always sum to 1, which duplicates the intercept: only the ridge makes this solvable.
    const oneHot = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const targets = [10, 20, 40, 10, 20, 40];
    const model = fitLinearRegression(oneHot, targets);
    predictLinear(model, oneHot).forEach((p, i) => expect(p).toBeCloseTo(targets[i]!, 6));
    expect(() => fitLinearRegression(oneHot, targets, { ridge: 0 })).toThrow(/normal equations are singular/);
  });

  it('fitLinearRegression and predictLinear reject bad input', () => {
    expect(() => fitLinearRegression([], [])).toThrow(InputError);
    expect(() => fitLinearRegression([[1], [2]], [1])).toThrow(/one target per input row \(2\) but found 1 targets/);
    expect(() => fitLinearRegression([[1], [2]], [1, 2], { ridge: -1 })).toThrow('Expected ridge to be a finite number of 0 or more but found -1.');
    expect(() => predictLinear({ weights: [1, 2], intercept: 0 }, [[1]])).toThrow(/inputs to have shape \[1, 2\] but found \[1, 1\]/);
  });
});

describe('linear regression near the float64 limit', () => {
  it('fitLinearRegression gives a finite intercept for targets near the float64 limit', () => {
    const model = fitLinearRegression([[0], [1], [2]], [1e308, 1.2e308, 1.4e308]);
    expect(model.intercept / 1e308).toBeCloseTo(1, 8);
    expect(model.weights[0]! / 0.2e308).toBeCloseTo(1, 8);
    expect(predictLinear(model, [[1]])[0]! / 1.2e308).toBeCloseTo(1, 8);
  });

  it('fitLinearRegression fits inputs near the float64 limit', () => {
    const model = fitLinearRegression([[1e308], [1.5e308]], [1, 2]);
    expect(model.weights[0]! * 1e308).toBeCloseTo(2, 8);
    expect(model.intercept).toBeCloseTo(-1, 8);
  });

  it('fitLinearRegression and predictLinear throw instead of returning Infinity', () => {
    expect(inputErrorOf(() => fitLinearRegression([[1e-300], [2e-300]], [0, 1e308])).argument).toBe('inputs');
    expect(inputErrorOf(() => predictLinear({ weights: [1e308], intercept: 0 }, [[10]])).argument).toBe('inputs');
    expect(inputErrorOf(() => predictLinear(null as never, [[1]])).argument).toBe('model');
    expect(inputErrorOf(() => fitLinearRegression([[1], [2]], [1, 2], { ridge: -1 })).argument).toBe('ridge');
  });
});
