// The gradient comparisons never answer NaN: non-finite or malformed arguments are
// InputErrors naming the argument, and huge finite gradients compare correctly.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients, maxRelativeError, relativeError, type Gradients } from '../../src/network/gradient-check.js';
import { createNetwork } from '../../src/network/network.js';
import { useBackend } from '../support/helpers.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

beforeAll(() => useBackend('wasm'));

describe.each([
  ['relativeError', relativeError],
  ['maxRelativeError', maxRelativeError],
] as const)('%s arguments', (name, compare) => {
  it(`${name} with NaN or ±Infinity throws an InputError naming the argument and the index`, () => {
    expect(inputErrorOf(() => compare([1, NaN], [1, 2])).message).toBe('Expected a[1] to be a finite number but found NaN.');
    expect(inputErrorOf(() => compare([1, 2], [Infinity, 2])).argument).toBe('b');
    expect(inputErrorOf(() => compare([1, 2], [1, -Infinity])).message).toBe('Expected b[1] to be a finite number but found -Infinity.');
  });

  it(`${name} with gradients objects holding NaN names the parameter`, () => {
    const good: Gradients = { weights: [[[1, 2]]], biases: [[0, 1]] };
    const bad: Gradients = { weights: [[[1, 2]]], biases: [[NaN, 1]] };
    expect(inputErrorOf(() => compare(good, bad)).message).toBe('Expected b.biases[0][0] to be a finite number but found NaN.');
    expect(inputErrorOf(() => compare({ weights: [[[Infinity]]], biases: null }, { weights: [[[1]]], biases: null })).message).toMatch(/^Expected a\.weights\[0\]\[0\]\[0\] to be a finite number/);
  });

  it(`${name} rejects holes, null-prototype arrays, non-arrays and empty arrays by name`, () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(inputErrorOf(() => compare([1, , 3] as number[], [1, 2, 3])).message).toMatch(/a\[1\] .* hole/);
    expect(inputErrorOf(() => compare([1], nullPrototype([1]))).argument).toBe('b');
    expect(inputErrorOf(() => compare(null as never, [1])).message).toMatch(/^Expected a to be an array of numbers or gradients \{ weights, biases \} but found null\.$/);
    expect(inputErrorOf(() => compare([1], 'x' as never)).argument).toBe('b');
    expect(inputErrorOf(() => compare([], [])).message).toMatch(/a to have at least one value/);
    expect(inputErrorOf(() => compare({ weights: 3 } as never, [1])).argument).toBe('a.weights');
  });

  it(`${name} stays finite and correct for gradients near ±1.8e308`, () => {
    expect(compare([1.7e308, -1.7e308], [1.7e308, -1.7e308])).toBe(0);
    expect(compare([1.7e308], [-1.7e308])).toBe(name === 'relativeError' ? 1 : 2);
    expect(compare([1e308, 1e308], [1e308, 1e308])).toBe(0);
    expect(compare([1e-320], [0])).toBe(1);
  });
});

describe('checkGradients with inputs that overflow', () => {
  it('checkGradients throws an InputError instead of reporting NaN errors with passed: false', () => {
    // Fits in float32, yet the gradient x·(ŷ − y) ≈ 1e20 · 1e30 does not.
    const linear = createNetwork([2, 1], { seed: 1, activations: ['identity'] });
    const e = inputErrorOf(() => checkGradients(linear, [[1e20, 1e20]], [1e30]));
    expect(e.argument).toBe('inputs');
    expect(e.message).toMatch(/gradients to be finite numbers/);
  });

  it('checkGradients never returns NaN errors for large but finite inputs', () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    for (const x of [1e3, 1e10, 1e20, 3e38]) {
      let result;
      try {
        result = checkGradients(net, [[x, -x]], [1]);
      } catch (error) {
        expect(inputErrorOf(() => { throw error; }).argument).toBe('inputs');
        continue;
      }
      expect(Number.isFinite(result.vsAutodiff) && Number.isFinite(result.vsNumeric)).toBe(true);
    }
  });
});
