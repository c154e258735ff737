import { describe, expect, it } from 'vitest';
import { extent, mean, median, summarize, variance } from '../../src/core/statistics.js';

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
