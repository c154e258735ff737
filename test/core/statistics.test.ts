import { describe, expect, it } from 'vitest';
import { extent, mean, median, summarize, variance } from '../../src/core/statistics.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

describe('statistics', () => {
  it('variance of the article targets is 116.75 / 4 = 29.1875', () => {
    expect(mean([5, 7, 12, 19])).toBe(10.75);
    expect(variance([5, 7, 12, 19])).toBe(29.1875);
  });

  it('summarize gives min, median, max and mean for odd and even counts', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, mean: 2 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('median takes the middle value, or the mean of the middle two for an even count, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('median rejects empty or non-finite input', () => {
    expect(() => median([])).toThrow(/values to have at least one value/);
    expect(() => median([1, NaN])).toThrow(/values\[1\]/);
  });

  it('extent gives [min, max], skipping NaN, for any number of values', () => {
    expect(extent([3, 1, NaN, 2])).toEqual([1, 3]);
    expect(extent([])).toEqual([Infinity, -Infinity]);
    const many = Array.from({ length: 1_000_000 }, (_, i) => i % 1000);
    expect(extent(many)).toEqual([0, 999]); // Math.min(...many) overflows the call stack
  });

  it('mean rejects empty input', () => {
    expect(() => mean([])).toThrow(/values to have at least one value/);
  });
});

describe('statistics near the float64 limit', () => {
  it('mean stays finite for values near the float64 limit', () => {
    expect(mean([1e308, 1e308])).toBe(1e308);
    expect(mean([1.7e308, 1.7e308, -1.1e308]) / 0.766666e308).toBeCloseTo(1, 5);
  });

  it('summarize gives a finite mean and median for values near the float64 limit', () => {
    const summary = summarize([1e308, 1.5e308, 1e308, 1.5e308]);
    expect([summary.min, summary.max]).toEqual([1e308, 1.5e308]);
    expect(summary.median / 1.25e308).toBeCloseTo(1, 12);
    expect(summary.mean / 1.25e308).toBeCloseTo(1, 12);
    expect(median([1.5e308, 1.7e308]) / 1.6e308).toBeCloseTo(1, 12);
  });

  it('variance is finite where the true variance is, and an InputError naming values where it is not', () => {
    expect(variance([1e308, 1e308])).toBe(0);
    const big = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 1e154 : -1e154)); // variance 1e308
    expect(variance(big) / 1e308).toBeCloseTo(1, 10);
    const e = inputErrorOf(() => variance([1e308, -1e308]));
    expect(e.argument).toBe('values');
    expect(e.message).toMatch(/variance of values to be a finite number/);
  });

  it('mean rejects an array without a prototype by name instead of failing inside', () => {
    expect(inputErrorOf(() => mean(nullPrototype([1, 2]))).message).toMatch(/Expected values to be an array of numbers but found an array without Array methods/);
  });
});
