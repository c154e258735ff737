import { beforeAll, describe, expect, it } from 'vitest';
import { INITIALIZERS, initWeights, initialValues } from '../../src/network/initializers.js';
import { InputError } from '../../src/core/errors.js';
import { tf } from '../../src/core/tf.js';
import { useBackend } from '../support/helpers.js';
import { inputErrorOf } from '../support/input-error.js';

beforeAll(() => useBackend('cpu'));

const stats = (xs: Float32Array) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs) };
};

describe('initialValues', () => {
  it("initialValues defaults to the article's uniform [0, 1)", () => {
    const s = stats(initialValues([100, 100], { seed: 1 }));
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(s.mean).toBeCloseTo(0.5, 1);
  });

  it('initialValues honours low and high', () => {
    const s = stats(initialValues([50, 50], { seed: 1, low: -0.1, high: 0.1 }));
    expect(s.min).toBeGreaterThanOrEqual(-0.1);
    expect(s.max).toBeLessThan(0.1);
  });

  it.each([
    ['glorotUniform', Math.sqrt(6 / 300) / Math.sqrt(3)],
    ['glorotNormal', Math.sqrt(2 / 300)],
    ['heUniform', Math.sqrt(6 / 100) / Math.sqrt(3)],
    ['heNormal', Math.sqrt(2 / 100)],
  ] as const)('initialValues(%s) has mean 0 and the textbook standard deviation', (initializer, std) => {
    const s = stats(initialValues([100, 200], { seed: 9, initializer }));
    expect(Math.abs(s.mean)).toBeLessThan(std / 10);
    expect(s.std / std).toBeCloseTo(1, 1);
  });

  it('initialValues is reproducible and seed-dependent for every initializer', () => {
    for (const initializer of INITIALIZERS) {
      expect(initialValues([3, 4], { seed: 5, initializer })).toEqual(initialValues([3, 4], { seed: 5, initializer }));
      expect(initialValues([3, 4], { seed: 5, initializer })).not.toEqual(initialValues([3, 4], { seed: 6, initializer }));
    }
  });

  it('initialValues rejects bad shapes, names and bounds', () => {
    expect(() => initialValues([0, 3], { seed: 1 })).toThrow(/shape\[0\] \(fanIn\) to be an integer greater than 0 but found 0/);
    expect(() => initialValues([2, -1], { seed: 1 })).toThrow(InputError);
    expect(() => initialValues([2, 2], { seed: 1, initializer: 'zeros' as never })).toThrow(/initializer to be one of/);
    expect(() => initialValues([2, 2], { seed: 1, low: 1, high: 1 })).toThrow(/high to be greater than low \(1\) but found 1/);
  });
});

describe('initWeights', () => {
  it('initWeights returns a [fanIn, fanOut] float32 tensor with the same values', () => {
    const w = initWeights([2, 4], { seed: 3 });
    expect(w.shape).toEqual([2, 4]);
    expect(w.dtype).toBe('float32');
    expect(Array.from(w.dataSync())).toEqual(Array.from(initialValues([2, 4], { seed: 3 })));
    tf.dispose(w);
  });
});

describe('initialValues bounds in float32', () => {
  it('initialValues never returns the excluded upper bound, even where float32 rounding would', () => {
    // Just below 1, float64 values round up to exactly 1 in float32; the bound must still hold.
    expect(Math.fround(1 - 2 ** -30)).toBe(1);
    for (const seed of [1, 2, 3]) {
      const values = initialValues([300, 300], { seed, low: 0, high: 1 });
      expect(Math.max(...values)).toBeLessThan(1);
      const narrow = initialValues([100, 100], { seed, low: 1, high: 1 + 2 ** -20 }); // few float32 values fit here
      expect(narrow.every((v) => v >= 1 && v < 1 + 2 ** -20)).toBe(true);
    }
  });
});

describe('initialValues limits', () => {
  it('initialValues rejects shapes beyond the size limit before allocating', () => {
    const e = inputErrorOf(() => initialValues([65536, 65536], { seed: 1 }));
    expect(e.argument).toBe('shape');
    expect(e.message).toMatch(/at most 16,777,216 values/);
  });

  it('initialValues([3,4], {low:-1e308, high:1e308}) throws instead of looping forever', () => {
    expect(inputErrorOf(() => initialValues([3, 4], { seed: 1, low: -1e308, high: 1e308 })).argument).toBe('low');
    expect(inputErrorOf(() => initialValues([3, 4], { seed: 1, low: 0, high: 1e39 })).argument).toBe('high');
    expect(inputErrorOf(() => initialValues([3, 4], { seed: 1, low: 1 - 1e-12, high: 1 - 0.5e-12 })).message).toMatch(/hold a float32 value/);
    const wide = initialValues([3, 4], { seed: 1, low: -3e38, high: 3e38 });
    expect(wide.every((v) => Number.isFinite(v) && v >= -3e38 && v < 3e38)).toBe(true);
  });

  it('initialValues without options or with a bad shape throws an InputError', () => {
    expect(inputErrorOf(() => initialValues([2, 2], undefined as never)).argument).toBe('options');
    expect(inputErrorOf(() => initialValues(null as never, { seed: 1 })).argument).toBe('shape');
  });
});
