import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, INPUTS, TARGETS } from '../../src/article/data.js';

describe('article data', () => {
  it('INPUTS and TARGETS are the four days of the article', () => {
    expect(INPUTS).toEqual([[2, 1], [5, 1], [7, 4], [12, 5]]);
    expect(TARGETS).toEqual([5, 7, 12, 19]);
    expect(FEATURE_NAMES).toHaveLength(2);
  });

  it('INPUTS cannot be modified by a notebook', () => {
    expect(() => (INPUTS[0] as number[]).push(3)).toThrow(TypeError);
    expect(() => (TARGETS as number[]).push(3)).toThrow(TypeError);
  });
});
