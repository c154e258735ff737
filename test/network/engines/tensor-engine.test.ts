import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/network/activations.js';
import { numericGradients, relativeError } from '../../../src/network/gradient-check.js';
import { createNetwork, predictPlain, type Network } from '../../../src/network/network.js';
import { createRandom } from '../../../src/core/random.js';
import { createTensorEngine, gatherRows } from '../../../src/network/engines/tensor-engine.js';
import { setWasmGemmEnabled } from '../../../src/network/engines/wasm-gemm-kernel.js';
import { engineGradients, expectBatchChecked, expectCheckpoints, randomData, trainingData } from '../../support/engine-helpers.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../../support/helpers.js';

function problem(sizes: number[], name: (typeof ACTIVATIONS)[number], bias: boolean, rows: number, seed: number) {
  const random = createRandom(seed);
  const fresh = createNetwork(sizes, { seed, activations: name, bias, initializer: 'glorotNormal' });
  const network: Network = { ...fresh, biases: fresh.biases?.map((b) => b.map(() => random.uniform(-0.5, 0.5))) ?? null };
  const { inputs, targets } = randomData(sizes, rows, seed);
  const f32 = (m: number[][]) => m.map((row) => row.map(Math.fround));
  return { network, inputs: f32(inputs), targets: f32(targets) };
}

describe.each(TEST_BACKENDS)('createTensorEngine on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // The same gradient check as the reference implementation (checkGradients): float32 against float64 finite differences.
  it.each(ACTIVATIONS)('createTensorEngine steps along the finite-difference gradient with %s hidden layers, at depths 1 to 3, with and without biases', (name) => {
    for (const depth of [1, 2, 3]) {
      for (const bias of [true, false]) {
        const sizes = [3, ...Array.from({ length: depth - 1 }, (_, i) => 4 + i), 2];
        const { network, inputs, targets } = problem(sizes, name, bias, 6, depth * 7 + name.length);
        const { gradients } = engineGradients(createTensorEngine, network, trainingData(inputs, targets));
        expect(relativeError(gradients, numericGradients(network, inputs, targets)), `${name} depth ${depth} bias ${bias}`).toBeLessThan(1e-3);
      }
    }
  });

  it('createTensorEngine passes the gradient check on layers big enough for the fast tanh (2σ(2z) − 1 on wasm)', () => {
    const { network, inputs, targets } = problem([3, 40, 1], 'tanh', true, 64, 3); // 64 × 40 = 2,560 values per layer
    const { gradients } = engineGradients(createTensorEngine, network, trainingData(inputs, targets));
    expect(relativeError(gradients, numericGradients(network, inputs, targets))).toBeLessThan(1e-3);
  });

  it('createTensorEngine steps on the rows order[start..end) of a minibatch only, with the objective asked for', () => {
    const { network, inputs, targets } = problem([4, 5, 3], 'sigmoid', true, 7, 11);
    const order = Uint32Array.from([6, 2, 5, 0, 1, 4, 3]);
    const { gradients, loss } = engineGradients(createTensorEngine, network, trainingData(inputs, targets), { order, start: 2, end: 6, objective: 'halfSse' });
    const rows = [5, 0, 1, 4];
    const [X, Y] = [rows.map((r) => inputs[r]!), rows.map((r) => targets[r]!)];
    expect(relativeError(gradients, numericGradients(network, X, Y, { objective: 'halfSse' }))).toBeLessThan(1e-3);
    const mse = predictPlain(network, X).flat().reduce((s, y, k) => s + (y - Y.flat()[k]!) ** 2, 0) / (4 * 3);
    expect(loss).toBeCloseTo(mse, 5);
  });

  it('createTensorEngine leaks no tensors: steps full batch and minibatch, validation, network, dispose', () => {
    const { network, inputs, targets } = problem([2, 3, 1], 'tanh', false, 5, 2);
    const validation = { ...trainingData(inputs.slice(0, 2), targets.slice(0, 2)), rows: 2 };
    const leaked = leakedTensors(() => {
      const engine = createTensorEngine(network, { ...trainingData(inputs, targets), validation }, 'mse', 0.1);
      engine.step(null, 0, 5);
      engine.step(null, 0, 5);
      engine.step(Uint32Array.from([4, 3, 2, 1, 0]), 0, 2);
      engine.step(Uint32Array.from([4, 3, 2, 1, 0]), 2, 5);
      expect(Number.isFinite(engine.validationLoss())).toBe(true);
      expect(engine.network().weights[0]).toHaveLength(2);
      engine.checkpoint();
      engine.step(null, 0, 5);
      engine.checkpoint();
      expect(engine.checkpointNetwork().weights[0]).toHaveLength(2);
      engine.dispose();
    });
    expect(leaked).toBe(0);
  });

  it('createTensorEngine checkpoints: checkpointNetwork gives the parameters of the last checkpoint, the initial ones before any', () => {
    const { network, inputs, targets } = problem([3, 4, 2], 'tanh', true, 6, 8);
    const leaked = leakedTensors(() => expectCheckpoints(createTensorEngine, network, trainingData(inputs, targets)));
    expect(leaked).toBe(0);
  });

  it('createTensorEngine rejects an empty batch or one outside the data, and leaves its parameters alone', () => {
    const { network, inputs, targets } = problem([3, 4, 2], 'tanh', false, 6, 9);
    const leaked = leakedTensors(() => expectBatchChecked(createTensorEngine, network, trainingData(inputs, targets)));
    expect(leaked).toBe(0);
  });
});

describe('createTensorEngine on wasm, SIMD128 products', () => {
  beforeAll(() => useBackend('wasm'));

  it('createTensorEngine trains the same with the SIMD128 products as with XNNPACK (setWasmGemmEnabled), within float32 rounding, full batch and minibatches', () => {
    const { network, inputs, targets } = problem([13, 17, 9, 3], 'tanh', true, 70, 4);
    const data = trainingData(inputs, targets);
    const order = Uint32Array.from({ length: 70 }, (_, i) => (i * 37) % 70);
    const run = () => {
      const engine = createTensorEngine(network, data, 'mse', 0.05);
      const losses = [engine.step(null, 0, 70), engine.step(order, 0, 32), engine.step(order, 32, 64), engine.step(order, 64, 70), engine.step(null, 0, 70)];
      const trained = engine.network();
      engine.dispose();
      return { losses, weights: trained.weights.flat(2) };
    };
    const simd = run();
    const before = setWasmGemmEnabled(false);
    const xnnpack = (() => {
      try {
        return run();
      } finally {
        setWasmGemmEnabled(before);
      }
    })();
    simd.losses.forEach((loss, i) => expect(Math.abs(loss - xnnpack.losses[i]!), `step ${i}`).toBeLessThan(1e-6 * Math.abs(xnnpack.losses[i]!)));
    simd.weights.forEach((w, i) => expect(Math.abs(w - xnnpack.weights[i]!)).toBeLessThan(1e-6));
  });
});

describe('gatherRows', () => {
  const source = Float32Array.from({ length: 12 }, (_, i) => i); // 4 rows of 3

  it('gatherRows copies rows in the given order, and their transpose when asked', () => {
    const out = new Float32Array(6);
    const outT = new Float32Array(6);
    gatherRows(source, 3, Uint32Array.from([3, 0, 2, 1]), 1, 3, out, outT);
    expect(Array.from(out)).toEqual([0, 1, 2, 6, 7, 8]);
    expect(Array.from(outT)).toEqual([0, 6, 1, 7, 2, 8]);
  });

  it('gatherRows transposes blocks of eight rows and the rows left over alike (19 rows of 5)', () => {
    const columns = 5;
    const big = Float32Array.from({ length: 30 * columns }, (_, i) => i);
    const order = Uint32Array.from({ length: 30 }, (_, i) => (i * 7) % 30);
    const [start, end] = [4, 23];
    const m = end - start;
    const out = new Float32Array(m * columns);
    const outT = new Float32Array(m * columns);
    gatherRows(big, columns, order, start, end, out, outT);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < columns; c++) {
        expect(out[r * columns + c]).toBe(big[order[start + r]! * columns + c]);
        expect(outT[c * m + r]).toBe(out[r * columns + c]);
      }
    }
  });

  it('gatherRows takes rows start..end in order when order is null', () => {
    const out = new Float32Array(3);
    gatherRows(source, 3, null, 2, 3, out);
    expect(Array.from(out)).toEqual([6, 7, 8]);
  });
});
