import { describe, expect, it } from 'vitest';
import { compose, f, g, sample } from '../../src/article/stacking.js';
import { inputErrorOf } from '../support/input-error.js';

describe('compose', () => {
  it('compose(g, f) is h(x) = 3 − 3x, a line', () => {
    const h = compose(g, f);
    for (const x of [-2, -0.5, 0, 1, 4]) expect(h(x)).toBeCloseTo(3 - 3 * x, 12);
  });

  it('compose applies right to left and compose() is the identity', () => {
    expect(compose(f, g)(2)).toBe(1 - 6);
    expect(compose()(7)).toBe(7);
  });
});

describe('sample', () => {
  it('sample evaluates evenly spaced points including both ends', () => {
    expect(sample(f, { from: 0, to: 1, count: 3 })).toEqual({ x: [0, 0.5, 1], y: [1, 0.5, 0] });
    expect(sample(g).x).toHaveLength(61);
  });

  it('sample rejects too few points and an empty range', () => {
    expect(() => sample(f, { count: 1 })).toThrow(/count to be an integer of at least 2 but found 1/);
    expect(() => sample(f, { from: 2, to: 2 })).toThrow(/to to be greater than from \(2\) but found 2/);
  });
});

describe('sample arguments', () => {
  it('sample(f, {count: 1e9}) throws before allocating', () => {
    const e = inputErrorOf(() => sample(f, { count: 1e9 }));
    expect(e.argument).toBe('count');
    expect(e.message).toMatch(/at most 16,777,216/);
  });

  it('sample rejects a function that is not one and spans the whole float64 range', () => {
    expect(inputErrorOf(() => sample('f' as never)).argument).toBe('fn');
    const { x } = sample(f, { from: -1.7e308, to: 1.7e308, count: 3 });
    expect(x).toEqual([-1.7e308, 0, 1.7e308]);
  });
});
