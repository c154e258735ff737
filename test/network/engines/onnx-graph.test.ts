import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/network/activations.js';
import { createNetwork, predictPlain } from '../../../src/network/network.js';
import { NAMES, forwardModel, trainingEpochModel, trainingStepModel } from '../../../src/network/engines/onnx-graph.js';
import { loadOnnxRuntime, onnxRuntimeAvailable, type OrtTensor } from '../../../src/network/engines/onnx-runtime.js';
import { randomData } from '../../support/engine-helpers.js';

describe.skipIf(!onnxRuntimeAvailable())('onnx-graph', () => {
  it.each(ACTIVATIONS)("forwardModel(shape, 'output') computes what predictPlain does, with %s hidden layers, with and without biases", (name) => {
    const ort = loadOnnxRuntime();
    for (const bias of [true, false]) {
      const network = createNetwork([3, 5, 4, 2], { seed: 3, activations: name, bias });
      const { inputs } = randomData(network.sizes, 7, 2);
      const X = inputs.map((row) => row.map(Math.fround));
      const feeds: Record<string, OrtTensor> = { [NAMES.inputs]: ort.tensor(Float32Array.from(X.flat()), [7, 3]) };
      network.weights.forEach((w, l) => {
        feeds[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [w.length, w[0]!.length]);
        if (bias) feeds[NAMES.bias(l)] = ort.tensor(Float32Array.from(network.biases![l]!.map((_, j) => 0.1 * j)), [w[0]!.length]);
      });
      const withBiases = bias ? { ...network, biases: network.biases!.map((b) => b.map((_, j) => Math.fround(0.1 * j))) } : network;
      const session = ort.session(forwardModel({ sizes: network.sizes, activations: network.activations, bias }, 'output'), 1);
      const output = session.run(feeds)[NAMES.output]!;
      session.dispose();
      expect(output.dims).toEqual([7, 2]);
      const expected = predictPlain(withBiases, X).flat();
      Array.from(output.data).forEach((v, k) => expect(v, `${name} bias ${bias}`).toBeCloseTo(expected[k]!, 5));
    }
  });

  it('trainingStepModel(shape) takes the batch, the step scale and the parameters, and returns the loss and the next parameters', () => {
    const ort = loadOnnxRuntime();
    const session = ort.session(trainingStepModel({ sizes: [2, 3, 1], activations: ['relu', 'identity'], bias: true }), 1);
    const zeros = (n: number, dims: number[]) => ort.tensor(new Float32Array(n), dims);
    const result = session.run({ X: zeros(8, [4, 2]), Y: ort.tensor(new Float32Array(4).fill(1), [4, 1]), stepScale: ort.tensor(Float32Array.of(0.5), []), W0: zeros(6, [2, 3]), b0: zeros(3, [3]), W1: zeros(3, [3, 1]), b1: zeros(1, [1]) });
    session.dispose();
    expect(Object.keys(result)).toEqual(['loss', 'W0_next', 'b0_next', 'W1_next', 'b1_next']);
    expect(result['loss']!.data[0]).toBe(1);
    expect(Array.from(result['b1_next']!.data)).toEqual([2]); // b − Σ_rows 0.5·(0 − 1)
  });

  it('trainingEpochModel(shape, batchSize) runs the step model over the batches of order in one run, to the last bit, the last batch shorter', () => {
    const ort = loadOnnxRuntime();
    for (const bias of [true, false]) {
      const network = createNetwork([3, 5, 2], { seed: 4, activations: ['tanh', 'identity'], bias });
      const { inputs, targets } = randomData(network.sizes, 11, 6);
      const [X, Y] = [Float32Array.from(inputs.flat()), Float32Array.from(targets.flat())];
      const order = Int32Array.from([7, 2, 10, 0, 4, 9, 1, 5, 3, 8, 6]);
      const scales = Float32Array.of(0.3, 0.2, 0.1); // batches of 4, 4 and 3 rows
      const initial: Record<string, OrtTensor> = {};
      network.weights.forEach((w, l) => {
        initial[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [w.length, w[0]!.length]);
        if (bias) initial[NAMES.bias(l)] = ort.tensor(Float32Array.from(w[0]!, (_, j) => 0.1 * j - 0.2), [w[0]!.length]);
      });
      const shape = { sizes: network.sizes, activations: network.activations, bias };
      const epoch = ort.session(trainingEpochModel(shape, 4), 1);
      const feeds = { X: ort.tensor(X, [11, 3]), Y: ort.tensor(Y, [11, 2]), order: ort.indexTensor(order, [11]), stepScales: ort.tensor(scales, [3]), ...initial };
      const together = epoch.run(feeds);
      epoch.dispose();
      expect(Object.keys(together)).toEqual(['losses', ...Object.keys(initial).map((name) => `${name}_next`)]);

      const step = ort.session(trainingStepModel(shape), 1);
      let parameters = initial;
      const losses: number[] = [];
      for (let k = 0; k < 3; k++) {
        const rows = Array.from(order.subarray(4 * k, 4 * k + 4));
        const gather = (data: Float32Array, width: number) => ort.tensor(Float32Array.from(rows.flatMap((r) => [...data.subarray(r * width, (r + 1) * width)])), [rows.length, width]);
        const result = step.run({ X: gather(X, 3), Y: gather(Y, 2), stepScale: ort.tensor(scales.subarray(k, k + 1), []), ...parameters });
        losses.push(result['loss']!.data[0]!);
        parameters = Object.fromEntries(Object.keys(initial).map((name) => [name, result[`${name}_next`]!]));
      }
      step.dispose();
      expect(Array.from(together['losses']!.data), `bias ${bias}`).toEqual(losses);
      for (const name of Object.keys(initial)) expect(Array.from(together[`${name}_next`]!.data), `${name} bias ${bias}`).toEqual(Array.from(parameters[name]!.data));
    }
  });
});
