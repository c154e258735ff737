import { describe, expect, it } from 'vitest';
import { mean, summarize, variance } from '../src/statistics.js';

describe('statistics', () => {
  it('variance of the article targets is 116.75 / 4 = 29.1875', () => {
    expect(mean([5, 7, 12, 19])).toBe(10.75);
    expect(variance([5, 7, 12, 19])).toBe(29.1875);
  });

  it('summarize gives min, median, max and mean for odd and even counts', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, mean: 2 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('mean rejects empty input', () => {
    expect(() => mean([])).toThrow(/values to have at least one value/);
  });
});
