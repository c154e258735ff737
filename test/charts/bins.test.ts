import { describe, expect, it } from 'vitest';
import { binValues, checkValues, niceRange } from '../../src/charts/bins.js';
import { InputError } from '../../src/core/errors.js';

describe('niceRange', () => {
  it.each([
    [[0.003, 0.994], [0, 1]],
    [[-0.43, 0.48], [-0.5, 0.5]],
    [[-0.43, 0.99], [-0.6, 1]],
    [[12, 345], [0, 350]],
    [[-0.245, 0.245], [-0.25, 0.25]],
  ])('niceRange(%j) is %j', (values, expected) => {
    expect(niceRange(values)).toEqual(expected);
  });

  it('niceRange widens a single value to a unit range', () => {
    expect(niceRange([3, 3])).toEqual([2.5, 3.5]);
  });
});

describe('binValues', () => {
  it('binValues counts values per bin, the last bin including its right edge', () => {
    const b = binValues([0, 0.1, 0.25, 0.5, 0.99, 1], { bins: 4, range: [0, 1] });
    expect(b.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(b.centers).toEqual([0.125, 0.375, 0.625, 0.875]);
    expect(b.counts).toEqual([2, 1, 1, 2]);
    expect(b.width).toBe(0.25);
  });

  it('binValues ignores values outside the range and defaults to 20 bins over the nice range', () => {
    expect(binValues([-1, 0.5, 2], { bins: 2, range: [0, 1] }).counts).toEqual([0, 1]);
    const b = binValues(new Float32Array([0.01, 0.5, 0.99]));
    expect(b.counts).toHaveLength(20);
    expect([b.edges[0], b.edges.at(-1)]).toEqual([0, 1]);
    expect(b.counts.reduce((s, c) => s + c, 0)).toBe(3);
  });

  it('binValues rejects empty or non-finite values, bad bins and bad ranges', () => {
    expect(() => binValues([])).toThrow(InputError);
    expect(() => binValues([1, NaN])).toThrow(/values\[1\] to be a finite number but found NaN/);
    expect(() => binValues([1], { bins: 0 })).toThrow(/bins to be an integer greater than 0 but found 0/);
    expect(() => binValues([1], { range: [1, 1] })).toThrow(/range to be \[start, end\] with finite start < end but found \[1, 1\]/);
  });

  it('checkValues copies array-likes into plain arrays', () => {
    expect(checkValues('w', new Float32Array([0.5, 0.25]))).toEqual([0.5, 0.25]);
  });
});
