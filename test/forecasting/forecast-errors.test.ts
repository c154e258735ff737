import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  meanAbsoluteError, meanAbsolutePercentageError, relativeMeanAbsoluteError, rootMeanSquaredError, scoreForecast,
} from '../../src/forecasting/forecast-errors.js';
import { inputErrorOf } from '../support/input-error.js';

describe('forecast errors', () => {
  it('meanAbsoluteError and rootMeanSquaredError by hand', () => {
    expect(meanAbsoluteError([1, 5], [2, 3])).toBe(1.5);
    expect(rootMeanSquaredError([1, 5], [2, 3])).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(rootMeanSquaredError([0, 0, 0, 10], [0, 0, 0, 0])).toBe(5); // one big miss counts more than in the MAE (2.5)
  });

  it('meanAbsolutePercentageError divides by the actual values and refuses zeros', () => {
    expect(meanAbsolutePercentageError([110, 45], [100, 50])).toBeCloseTo(10, 12);
    expect(() => meanAbsolutePercentageError([1, 2], [1, 0])).toThrow('Expected every actual value to be non-zero for a percentage error but actual[1] is 0; use meanAbsoluteError or relativeMeanAbsoluteError instead.');
  });

  it('relativeMeanAbsoluteError is below 1 when the forecast beats the baseline', () => {
    expect(relativeMeanAbsoluteError([10, 20], [12, 14], [11, 18])).toBeCloseTo(0.6, 15);
    expect(relativeMeanAbsoluteError([12, 14], [12, 14], [11, 18])).toBe(1);
    expect(() => relativeMeanAbsoluteError([1, 2], [11, 18], [11, 18])).toThrow(/baseline with some error/);
  });

  it('scoreForecast gives all four errors, with NaN as the MAPE when an actual value is 0', () => {
    expect(scoreForecast([10, 20], [12, 14], [11, 18])).toEqual({ mae: 1.5, rmse: Math.sqrt(2.5), relativeMae: 0.6, mape: expect.closeTo(100 * (1 / 11 + 2 / 18) / 2, 12) });
    expect(scoreForecast([1, 1], [0, 0], [0, 2]).mape).toBeNaN();
  });

  it('error functions reject lists of different lengths and name the argument', () => {
    expect(() => meanAbsoluteError([1], [1, 2])).toThrow('Expected predictions to have length 2 but found length 1.');
    expect(() => relativeMeanAbsoluteError([1, 2], [1], [1, 2])).toThrow('Expected baseline to have length 2 but found length 1.');
    expect(() => rootMeanSquaredError([], [])).toThrow(InputError);
  });
});

describe('forecast errors near the float64 limit', () => {
  it('rootMeanSquaredError stays finite where the true error is finite', () => {
    expect(rootMeanSquaredError([1e308, 1e308], [0, 0])).toBe(1e308);
    expect(rootMeanSquaredError([1.7e308, 0, 0, 0], [-1.7e308, 0, 0, 0])).toBeCloseTo(1.7e308, -300);
    expect(inputErrorOf(() => rootMeanSquaredError([1.7e308], [-1.7e308])).argument).toBe('predictions');
  });

  it('meanAbsoluteError stays finite where the true error is finite', () => {
    expect(meanAbsoluteError([1.5e308, 0, 0], [-1.5e308, 0, 0])).toBeCloseTo(1e308, -300);
  });

  it('meanAbsolutePercentageError throws instead of returning Infinity', () => {
    const e = inputErrorOf(() => meanAbsolutePercentageError([1e308], [1e-10]));
    expect(e.argument).toBe('predictions');
    expect(e.message).toMatch(/mean absolute percentage error to be a finite number/);
    expect(meanAbsolutePercentageError([1.5e308], [-1.5e308])).toBe(200);
  });
});
