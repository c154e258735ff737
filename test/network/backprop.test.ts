import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../../src/network/activations.js';
import { activateTensor, backpropTensors, forwardTensors, toTensors, WASM_SIGMOID_TANH_MIN_SIZE } from '../../src/network/backprop.js';
import { autodiffGradients, relativeError, type Gradients } from '../../src/network/gradient-check.js';
import { createNetwork, predictPlain } from '../../src/network/network.js';
import { tf, tidyValue } from '../../src/core/tf.js';
import { randomData } from '../support/engine-helpers.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';

/** backpropTensors' gradients as plain numbers, with options. */
function gradients(sizes: number[], rows: number, options: { transposed?: boolean; gradientScale?: number; bias?: boolean } = {}) {
  const network = createNetwork(sizes, { seed: sizes.length + rows, bias: options.bias ?? true, activations: 'tanh' });
  const { inputs, targets } = randomData(sizes, rows, rows);
  const parameters = toTensors(network);
  try {
    const ours = tidyValue((): Gradients => {
      const X = tf.tensor2d(inputs);
      const result = backpropTensors(network, parameters, X, tf.tensor2d(targets), 'mse', {
        ...(options.transposed ? { inputsTransposed: tf.transpose(X) } : {}),
        ...(options.gradientScale === undefined ? {} : { gradientScale: options.gradientScale }),
      });
      return { weights: result.weightGradients.map((g) => g.arraySync()), biases: network.biases ? result.biasGradients.map((g) => Array.from(g.dataSync())) : null };
    });
    return { ours, autodiff: autodiffGradients(network, inputs, targets) };
  } finally {
    tf.dispose([...parameters.weights, ...parameters.biases]);
  }
}

describe.each(TEST_BACKENDS)('backpropTensors on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // Each shape takes another way to aᵀ·δ: one output column, one input column, δ smaller than a, a smaller than δ.
  it.each([
    ['one output column', [5, 4, 1], 6],
    ['one input column', [1, 4, 3], 6],
    ['δ smaller than a (wide input)', [20, 2], 8],
    ['a smaller than δ', [2, 9, 8], 5],
  ] as const)('backpropTensors agrees with autodiff when %s', (_, sizes, rows) => {
    for (const transposed of [false, true]) {
      const { ours, autodiff } = gradients([...sizes], rows, { transposed });
      expect(relativeError(ours, autodiff)).toBeLessThan(1e-4);
    }
  });

  it('backpropTensors with gradientScale scales every gradient, on δ or on ∂L/∂W whichever is smaller', () => {
    for (const [sizes, rows] of [[[20, 2], 3], [[2, 3, 2], 40]] as const) {
      const plain = gradients([...sizes], rows).ours;
      const scaled = gradients([...sizes], rows, { gradientScale: 0.25 }).ours;
      const flat = (g: Gradients) => [...g.weights.flat(2), ...(g.biases?.flat() ?? [])];
      expect(relativeError(flat(scaled), flat(plain).map((v) => v * 0.25))).toBeLessThan(1e-6);
    }
  });

  it('backpropTensors and forwardTensors leak no tensors', () => {
    const network = createNetwork([2, 3, 1], { seed: 1 });
    const parameters = toTensors(network);
    const leaked = leakedTensors(() => {
      tf.tidy(() => {
        const X = tf.tensor2d([[1, 2], [3, 4]]);
        backpropTensors(network, parameters, X, tf.tensor2d([[1], [2]]), 'halfSse', { gradientScale: 2 });
        forwardTensors(network, parameters, X);
      });
    });
    tf.dispose([...parameters.weights, ...parameters.biases]);
    expect(leaked).toBe(0);
  });

  it('forwardTensors agrees with predictPlain, fast tanh included', () => {
    const network = createNetwork([3, 48, 2], { seed: 4 });
    const { inputs } = randomData([3, 2], 32, 4); // 32 × 48 values: above the fast-tanh threshold
    const parameters = toTensors(network);
    const ours = tidyValue(() => forwardTensors(network, parameters, tf.tensor2d(inputs)).arraySync());
    tf.dispose([...parameters.weights, ...parameters.biases]);
    expect(relativeError(ours.flat(), predictPlain(network, inputs).flat())).toBeLessThan(1e-6);
  });
});

describe('activateTensor', () => {
  it('activateTensor computes tanh as 2σ(2z) − 1 on wasm for big tensors, within float32 rounding of tf.tanh', async () => {
    await useBackend('wasm');
    const z = tf.linspace(-12, 12, WASM_SIGMOID_TANH_MIN_SIZE * 2);
    const [ours, reference] = tidyValue(() => [activateTensor('tanh', z).dataSync(), tf.tanh(z).dataSync()]);
    z.dispose();
    let worst = 0;
    ours.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - reference[k]!))));
    expect(worst).toBeLessThan(5e-7);
  });

  it.each(TEST_BACKENDS)('activateTensor on %s is exactly the activation for small tensors, and for every activation but tanh', async (backend) => {
    await useBackend(backend);
    const z = tf.linspace(-3, 3, 64);
    for (const name of ACTIVATIONS) {
      const [ours, reference] = tidyValue(() => [activateTensor(name, z).dataSync(), activation(name).forward(z).dataSync()]);
      expect(Array.from(ours)).toEqual(Array.from(reference));
    }
    z.dispose();
  });
});
