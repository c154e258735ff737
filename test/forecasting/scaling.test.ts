import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { applyScaler, fitScaler, invertScaler } from '../../src/forecasting/scaling.js';
import { nullPrototype, inputErrorOf } from '../support/input-error.js';

describe('scaling', () => {
  it('fitScaler standardizes each column with its mean and population standard deviation', () => {
    const scaler = fitScaler([[1, 10], [3, 30]]);
    expect(scaler).toEqual({ method: 'standardize', offset: [2, 20], scale: [1, 10] });
    expect(applyScaler(scaler, [[1, 10], [3, 30], [5, 0]])).toEqual([[-1, -1], [1, 1], [3, -2]]);
  });

  it('fitScaler({ method: "minMax" }) maps the training range to [0, 1]', () => {
    const scaler = fitScaler([[2, -1], [4, 1], [6, 0]], { method: 'minMax' });
    expect(scaler).toEqual({ method: 'minMax', offset: [2, -1], scale: [4, 2] });
    expect(applyScaler(scaler, [[2, -1], [6, 1], [8, 3]])).toEqual([[0, 0], [1, 1], [1.5, 2]]);
  });

  it('applyScaler uses the training statistics, so test data may fall outside the training range', () => {
    const scaler = fitScaler([1, 2, 3]);
    const test = applyScaler(scaler, [10]);
    expect(test[0]).toBeCloseTo((10 - 2) / Math.sqrt(2 / 3), 12);
  });

  it('applyScaler and invertScaler round-trip rows and lists, with either method', () => {
    for (const method of ['standardize', 'minMax'] as const) {
      const rows = [[1.5, -2, 1e6], [0.25, 8, 3e6], [7, 0, 2e6]];
      const scaler = fitScaler(rows, { method });
      invertScaler(scaler, applyScaler(scaler, rows)).forEach((row, r) => row.forEach((x, c) => expect(x).toBeCloseTo(rows[r]![c]!, 6)));
      const list = [5, 7, 12, 19];
      const listScaler = fitScaler(list, { method });
      const back = invertScaler(listScaler, applyScaler(listScaler, list));
      back.forEach((x, i) => expect(x).toBeCloseTo(list[i]!, 12));
      expect(typeof back[0]).toBe('number');
    }
  });

  it('fitScaler gives a constant column scale 1, so it becomes 0 rather than NaN', () => {
    for (const method of ['standardize', 'minMax'] as const) {
      const scaler = fitScaler([[201, 1], [201, 2]], { method });
      expect(scaler.scale[0]).toBe(1);
      expect(applyScaler(scaler, [[201, 1]])[0]![0]).toBe(0);
    }
  });

  it('fitScaler and applyScaler reject bad data, methods and column counts', () => {
    expect(() => fitScaler([])).toThrow(/values to have at least one row/);
    expect(() => fitScaler([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => fitScaler([1, NaN])).toThrow(/values\[1\] to be a finite number but found NaN/);
    expect(() => fitScaler([1, 2], { method: 'robust' as never })).toThrow('Expected method to be one of "standardize", "minMax" but found "robust".');
    const scaler = fitScaler([[1, 2], [3, 4]]);
    expect(() => applyScaler(scaler, [[1, 2, 3]])).toThrow(InputError);
    expect(() => applyScaler(scaler, [[1, 2, 3]])).toThrow(/values to have shape \[1, 2\] but found \[1, 3\]/);
    expect(() => invertScaler(scaler, [1, 2])).toThrow(/values to have 2 columns, like the data the scaler was fitted on, but found a list of numbers/);
  });
});

describe('scaling near the float64 limit and bad scalers', () => {
  it('fitScaler stays finite for values near the float64 limit', () => {
    const scaler = fitScaler([1e308, -1e308, 1e308, -1e308]);
    expect(scaler.offset).toEqual([0]);
    expect(scaler.scale[0]! / 1e308).toBeCloseTo(1, 12);
    expect(applyScaler(scaler, [1e308, -1e308])).toEqual([1, -1]);
    expect(fitScaler([[1.7e308], [1.7e308]]).offset).toEqual([1.7e308]);
  });

  it('fitScaler throws an InputError naming values when the range does not fit in a float64', () => {
    const e = inputErrorOf(() => fitScaler([1.7e308, -1.7e308], { method: 'minMax' }));
    expect(e.argument).toBe('values');
  });

  it('applyScaler rejects a missing or malformed scaler by name', () => {
    expect(inputErrorOf(() => applyScaler(null as never, [[1]])).argument).toBe('scaler');
    expect(inputErrorOf(() => applyScaler({ method: 'standardize', offset: [0], scale: [0] }, [1])).argument).toBe('scaler.scale[0]');
    expect(inputErrorOf(() => invertScaler({ method: 'nope' as never, offset: [0], scale: [1] }, [1])).argument).toBe('scaler.method');
  });

  it('applyScaler and invertScaler throw instead of returning Infinity', () => {
    const scaler = fitScaler([0, 1e-300]);
    expect(inputErrorOf(() => applyScaler(scaler, [1e308])).argument).toBe('values');
    expect(inputErrorOf(() => invertScaler(fitScaler([0, 1e300]), [1e300])).argument).toBe('values');
  });

  it('fitScaler rejects rows without a prototype', () => {
    expect(inputErrorOf(() => fitScaler(nullPrototype([[1], [2]]))).argument).toBe('values');
  });
});
