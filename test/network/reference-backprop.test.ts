import { beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { ACTIVATIONS, type ActivationName } from '../../src/network/activations.js';
import { createTensorEngine } from '../../src/network/engines/tensor-engine.js';
import { createTypedEngine } from '../../src/network/engines/typed-engine.js';
import { autodiffGradients, backpropGradients, flattenGradients, maxRelativeError, numericGradients } from '../../src/network/gradient-check.js';
import { createNetwork, predictPlain, type Network } from '../../src/network/network.js';
import { referenceBackprop } from '../../src/network/reference-backprop.js';
import { createRandom } from '../../src/core/random.js';
import { engineGradients, randomData, trainingData } from '../support/engine-helpers.js';
import { useBackend } from '../support/helpers.js';

beforeAll(() => useBackend('wasm'));

/** A network with random biases (away from the ReLU kink) and float32-exact data, as the engines store it. */
function problem(sizes: number[], name: ActivationName, bias: boolean, seed: number) {
  const random = createRandom(seed);
  const fresh = createNetwork(sizes, { seed, activations: name, bias, initializer: 'glorotNormal' });
  const f32 = (m: number[][]) => m.map((row) => row.map(Math.fround));
  const network: Network = {
    ...fresh,
    weights: fresh.weights.map((w) => f32(w as number[][])),
    biases: fresh.biases?.map((b) => b.map(() => Math.fround(random.uniform(-0.5, 0.5)))) ?? null,
  };
  const { inputs, targets } = randomData(sizes, 5, seed);
  return { network, inputs: f32(inputs), targets: f32(targets) };
}

const SHAPES = [[3, 1], [3, 4, 2], [2, 5, 3, 1]];

describe.each(ACTIVATIONS.filter((a) => a !== 'tanhSinhCosh'))('referenceBackprop with %s hidden layers', (name) => {
  it.each(SHAPES.flatMap((sizes) => [true, false].map((bias) => [sizes.join('-'), bias, sizes] as const)))(
    'referenceBackprop (%s, biases %s) matches float64 finite differences, our backprop, autodiff and both engines',
    (_, bias, sizes) => {
      const { network, inputs, targets } = problem([...sizes], name, bias, sizes.length * 7 + (bias ? 1 : 0));
      const reference = referenceBackprop(network, inputs, targets).gradients;
      expect(maxRelativeError(reference, numericGradients(network, inputs, targets)), 'finite differences').toBeLessThan(1e-5);
      expect(maxRelativeError(reference, backpropGradients(network, inputs, targets)), 'backprop').toBeLessThan(1e-3);
      expect(maxRelativeError(reference, autodiffGradients(network, inputs, targets)), 'autodiff').toBeLessThan(1e-3);
      const data = trainingData(inputs, targets);
      expect(maxRelativeError(reference, engineGradients(createTypedEngine, network, data).gradients), 'typed engine').toBeLessThan(1e-3);
      expect(maxRelativeError(reference, engineGradients(createTensorEngine, network, data).gradients), 'tensor engine').toBeLessThan(1e-3);
    },
  );
});

describe('referenceBackprop', () => {
  it('referenceBackprop reports the mean squared error of the outputs', () => {
    const network = createNetwork([2, 4, 1], { seed: 3 });
    const outputs = predictPlain(network, INPUTS).map((r) => r[0]!);
    const mse = outputs.reduce((s, y, i) => s + (y - TARGETS[i]!) ** 2, 0) / TARGETS.length;
    expect(referenceBackprop(network, INPUTS, TARGETS).loss).toBeCloseTo(mse, 12);
  });

  it("referenceBackprop with 'halfSse' gives the gradient of ½·Σ(ŷ − y)², rows·outputs / 2 times the mse gradient", () => {
    const network = createNetwork([2, 3, 2], { seed: 5 });
    const targets = INPUTS.map(([a, b]) => [a! / 10, b! / 10]);
    const mse = flattenGradients(referenceBackprop(network, INPUTS, targets).gradients);
    const half = flattenGradients(referenceBackprop(network, INPUTS, targets, 'halfSse').gradients);
    half.forEach((g, i) => expect(g).toBeCloseTo((mse[i]! * (4 * 2)) / 2, 10));
  });

  it('referenceBackprop gives gradients shaped like the parameters, and none for biases a network lacks', () => {
    const network = createNetwork([2, 4, 1], { seed: 1, bias: false });
    const { gradients } = referenceBackprop(network, INPUTS, TARGETS);
    expect(gradients.weights.map((w) => [w.length, w[0]!.length])).toEqual([[2, 4], [4, 1]]);
    expect(gradients.biases).toBeNull();
  });

  it('referenceBackprop rejects inputs that do not fit the network, naming them', () => {
    const network = createNetwork([2, 4, 1], { seed: 1 });
    expect(() => referenceBackprop(network, [[1, 2, 3]], [1])).toThrow(/inputs/);
    expect(() => referenceBackprop(network, INPUTS, [1, 2])).toThrow(/targets|samples/);
  });
});
