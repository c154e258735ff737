import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src/network/activations.js';
import { articleGradients, trainArticleNetwork } from '../../src/article/article-network.js';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import {
  autodiffGradients, backpropGradients, checkGradients, flattenGradients, maxRelativeError, numericGradients, relativeError,
} from '../../src/network/gradient-check.js';
import { createNetwork, type Network } from '../../src/network/network.js';
import { createRandom } from '../../src/core/random.js';
import { leakedTensors, useBackend } from '../support/helpers.js';
import { inputErrorOf } from '../support/input-error.js';

beforeAll(() => useBackend('wasm'));

/** Random inputs and targets for a network, seeded. */
function data(sizes: readonly number[], rows: number, seed: number) {
  const random = createRandom(seed);
  const inputs = Array.from({ length: rows }, () => Array.from({ length: sizes[0]! }, () => random.uniform(-1, 1)));
  const targets = Array.from({ length: rows }, () => Array.from({ length: sizes.at(-1)! }, () => random.uniform(-1, 1)));
  return { inputs, targets };
}

// ReLU and leaky ReLU have a kink at 0. Zero initial biases put a unit exactly on it
// whenever the layer before is dead (all ReLUs off), and finite differences then see
// half a slope; random biases keep every unit off the kink, as training soon does.
describe.each(ACTIVATIONS)('checkGradients with %s hidden layers', (name) => {
  it.each([1, 2, 3, 4])('checkGradients passes at depth %i, with and without biases, on random shapes', (depth) => {
    const random = createRandom(depth * 31 + name.length);
    for (const bias of [true, false]) {
      const sizes = Array.from({ length: depth + 1 }, (_, i) => (i === 0 ? 1 + Math.floor(random.next() * 3) : i === depth ? 1 + Math.floor(random.next() * 2) : 2 + Math.floor(random.next() * 4)));
      // Every layer, the output included, uses the activation under test.
      const fresh = createNetwork(sizes, { seed: depth + (bias ? 100 : 200), activations: new Array(depth).fill(name), bias, initializer: 'glorotNormal' });
      const net = { ...fresh, biases: fresh.biases?.map((b) => b.map(() => random.uniform(-0.5, 0.5))) ?? null };
      const { inputs, targets } = data(sizes, 5, depth);
      const result = checkGradients(net, inputs, targets);
      expect(result.vsAutodiff, `${name} depth ${depth} bias ${bias} vs autodiff`).toBeLessThan(1e-3);
      expect(result.vsNumeric, `${name} depth ${depth} bias ${bias} vs finite differences`).toBeLessThan(1e-3);
      expect(result.passed).toBe(true);
    }
  });
});

describe('gradient checking the article network', () => {
  let run: ReturnType<typeof trainArticleNetwork>;
  let asNetwork: Network;
  beforeAll(() => {
    run = trainArticleNetwork(INPUTS, TARGETS, { seed: 3, epochs: 1 });
    asNetwork = { sizes: [2, 4, 1], activations: ['tanh', 'identity'], weights: [run.initialWeights1, run.initialWeights2], biases: null };
  });

  it("articleGradients (correct) agrees with autodiff of ½·Σ(ŷ − y)²", () => {
    const ours = articleGradients(INPUTS, TARGETS, run.initialWeights1, run.initialWeights2, { variant: 'correct' });
    const autodiff = autodiffGradients(asNetwork, INPUTS, TARGETS, { objective: 'halfSse' });
    expect(relativeError([...ours.dW1.flat(), ...ours.dW2.flat()], flattenGradients(autodiff))).toBeLessThan(1e-4);
  });

  it("articleGradients (faithful) disagrees with autodiff: the article's derivative quirk", () => {
    const ours = articleGradients(INPUTS, TARGETS, run.initialWeights1, run.initialWeights2, { variant: 'faithful' });
    const autodiff = autodiffGradients(asNetwork, INPUTS, TARGETS, { objective: 'halfSse' });
    expect(relativeError(ours.dW1.flat(), autodiff.weights[0]!.flat())).toBeGreaterThan(0.1);
    expect(relativeError(ours.dW2.flat(), autodiff.weights[1]!.flat())).toBeLessThan(1e-4); // the output layer is unaffected
  });

  it('articleGradients rejects mismatched weights', () => {
    expect(() => articleGradients(INPUTS, TARGETS, [[1]], run.initialWeights2)).toThrow(/weights1 to have 2 rows/);
  });
});

describe('gradient functions', () => {
  const net = createNetwork([2, 3, 1], { seed: 5 });

  it('backpropGradients, autodiffGradients and numericGradients have the network shapes', () => {
    for (const g of [backpropGradients(net, INPUTS, TARGETS), autodiffGradients(net, INPUTS, TARGETS), numericGradients(net, INPUTS, TARGETS)]) {
      expect(g.weights.map((w) => [w.length, w[0]!.length])).toEqual([[2, 3], [3, 1]]);
      expect(g.biases?.map((b) => b.length)).toEqual([3, 1]);
    }
  });

  it('gradient functions leak no tensors', () => {
    expect(leakedTensors(() => checkGradients(net, INPUTS, TARGETS))).toBe(0);
  });

  it('maxRelativeError catches one wrong small gradient that the vector relativeError hides', () => {
    const big = createNetwork([2, 3, 1], { seed: 7 });
    const ours = backpropGradients(big, INPUTS, TARGETS);
    const reference = autodiffGradients(big, INPUTS, TARGETS);
    const broken = { ...ours, biases: ours.biases!.map((b, l) => (l === 0 ? [0, ...b.slice(1)] : b)) };
    expect(maxRelativeError(ours, reference)).toBeLessThan(1e-3);
    expect(maxRelativeError(broken, reference)).toBeGreaterThan(0.5);
    expect(relativeError(broken, reference)).toBeLessThan(1e-2); // drowned by the large gradients
  });

  it('maxRelativeError is 0 for zero gradients and compares small entries on the scale of the largest', () => {
    expect(maxRelativeError([0, 0], [0, 0])).toBe(0);
    expect(maxRelativeError([100, 0.1], [100, 0])).toBe(1);
    expect(maxRelativeError([100, 1e-6], [100, 0])).toBeCloseTo(1e-5, 12); // below 10⁻³ of the scale
    expect(() => maxRelativeError([1], [1, 2])).toThrow(/same size/);
  });

  it('relativeError is 0 for equal vectors, 1 for opposite ones, and checks sizes', () => {
    expect(relativeError([1, 2], [1, 2])).toBe(0);
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(relativeError([1, -2], [-1, 2])).toBe(1);
    expect(() => relativeError([1], [1, 2])).toThrow(/same size but found 1 and 2/);
  });

  it('checkGradients rejects a non-positive tolerance and numericGradients a non-positive epsilon', () => {
    expect(() => checkGradients(net, INPUTS, TARGETS, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => numericGradients(net, INPUTS, TARGETS, { epsilon: -1 })).toThrow(/epsilon/);
  });

  it('backpropGradients scales the output delta by the objective: mse is 2/N times halfSse', () => {
    const mse = backpropGradients(net, INPUTS, TARGETS, { objective: 'mse' });
    const half = backpropGradients(net, INPUTS, TARGETS, { objective: 'halfSse' });
    expect(relativeError(mse, half)).toBeCloseTo(1 / 3, 6); // |a − 2a| / (|a| + |2a|)
    expect(relativeError(flattenGradients(mse).map((g) => g * 2), flattenGradients(half))).toBeLessThan(1e-5); // 2/N with N = 4
  });
});

describe('gradient checks reject what they cannot compute', () => {
  const net = (): Network => createNetwork([2, 3, 1], { seed: 1 });

  it('checkGradients rejects an unknown objective instead of passing', () => {
    const e = inputErrorOf(() => checkGradients(net(), INPUTS, TARGETS, { objective: 'mea' as never }));
    expect(e.argument).toBe('objective');
    expect(e.message).toMatch(/"mse", "halfSse" but found "mea"/);
  });

  it('checkGradients with 1e39 inputs rejects them at the float32 boundary', () => {
    const e = inputErrorOf(() => checkGradients(net(), [[1e39, 1]], [1]));
    expect(e.argument).toBe('inputs');
    expect(e.message).toMatch(/fit in float32/);
  });

  it('backpropGradients and autodiffGradients throw instead of returning NaN or Infinity', () => {
    // A linear layer: the gradient x·(ŷ − y) is about 1e20 · 1e30, beyond float32's 3.4e38.
    const linear = createNetwork([2, 1], { seed: 1 });
    const inputs = [[1e20, 1e20]];
    for (const gradients of [backpropGradients, autodiffGradients]) {
      const e = inputErrorOf(() => gradients(linear, inputs, [1e30]));
      expect(e.argument).toBe('inputs');
      expect(e.message).toMatch(/gradients to be finite numbers in float32/);
    }
    expect(leakedTensors(() => inputErrorOf(() => backpropGradients(linear, inputs, [1e30])))).toBe(0);
  });

  it('backpropGradients takes null options as the defaults', () => {
    expect(backpropGradients(net(), INPUTS, TARGETS, null as never)).toEqual(backpropGradients(net(), INPUTS, TARGETS));
  });
});
