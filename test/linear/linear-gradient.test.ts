import { beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { linearGradient, linearGradientAutodiff } from '../../src/linear/linear-gradient.js';
import { tf } from '../../src/core/tf.js';
import { leakedTensors, useBackend } from '../support/helpers.js';

beforeAll(() => useBackend('wasm'));

describe('linearGradient', () => {
  it('linearGradient is (prediction − target)·x', () => {
    expect(linearGradient([2, 1], [1, 0.5], 5)).toEqual([-5, -2.5]);
  });

  it('linearGradient agrees with tfjs autodiff on every article example', () => {
    INPUTS.forEach((x, i) => {
      const ours = linearGradient(x, [0.3, -1.7], TARGETS[i]!);
      const autodiff = linearGradientAutodiff(x, [0.3, -1.7], TARGETS[i]!);
      ours.forEach((g, j) => expect(autodiff[j]).toBeCloseTo(g, 4));
    });
  });

  it('linearGradient with a wrong number of weights throws', () => {
    expect(() => linearGradient([1, 2], [1], 3)).toThrow(/weights to have length 2 but found length 1/);
    expect(() => linearGradientAutodiff([1, 2], [1, 2], NaN)).toThrow(/target to be a finite number/);
  });

  it('linearGradientAutodiff leaks no tensors', () => {
    expect(leakedTensors(() => linearGradientAutodiff([1, 2], [1, 2], 3))).toBe(0);
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
