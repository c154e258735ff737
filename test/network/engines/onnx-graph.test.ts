import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/network/activations.js';
import { createNetwork, predictPlain } from '../../../src/network/network.js';
import { NAMES, chunkRowsFor, forwardModel, trainingEpochModel, trainingStepModel } from '../../../src/network/engines/onnx-graph.js';
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
    const result = session.run({ X: zeros(8, [4, 2]), Y: ort.tensor(new Float32Array(4).fill(1), [4, 1]), stepScale: ort.tensor(Float32Array.of(0.5), [1, 1]), W0: zeros(6, [2, 3]), b0: zeros(3, [3]), W1: zeros(3, [3, 1]), b1: zeros(1, [1]) });
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
      const feeds = { X: ort.tensor(X, [11, 3]), Y: ort.tensor(Y, [11, 2]), order: ort.indexTensor(order, [11]), stepScales: ort.tensor(scales, [3, 1, 1]), ...initial };
      const together = epoch.run(feeds);
      epoch.dispose();
      expect(Object.keys(together)).toEqual(['losses', ...Object.keys(initial).map((name) => `${name}_next`)]);

      const step = ort.session(trainingStepModel(shape), 1);
      let parameters = initial;
      const losses: number[] = [];
      for (let k = 0; k < 3; k++) {
        const rows = Array.from(order.subarray(4 * k, 4 * k + 4));
        const gather = (data: Float32Array, width: number) => ort.tensor(Float32Array.from(rows.flatMap((r) => [...data.subarray(r * width, (r + 1) * width)])), [rows.length, width]);
        const result = step.run({ X: gather(X, 3), Y: gather(Y, 2), stepScale: ort.tensor(scales.subarray(k, k + 1), [1, 1]), ...parameters });
        losses.push(result['loss']!.data[0]!);
        parameters = Object.fromEntries(Object.keys(initial).map((name) => [name, result[`${name}_next`]!]));
      }
      step.dispose();
      expect(Array.from(together['losses']!.data), `bias ${bias}`).toEqual(losses);
      for (const name of Object.keys(initial)) expect(Array.from(together[`${name}_next`]!.data), `${name} bias ${bias}`).toEqual(Array.from(parameters[name]!.data));
    }
  });
  it('chunkRowsFor(shape) keeps a chunk of the widest layer near 512 KiB of float32, a power of two of at least 64 rows', () => {
    expect(chunkRowsFor({ sizes: [8, 64, 64, 1] })).toBe(2048);
    expect(chunkRowsFor({ sizes: [784, 128, 10] })).toBe(1024); // the inputs are read by a product only
    expect(chunkRowsFor({ sizes: [2, 4, 1] })).toBe(32768);
    expect(chunkRowsFor({ sizes: [2, 100, 1] })).toBe(1024);
    expect(chunkRowsFor({ sizes: [2, 100_000, 1] })).toBe(64);
  });

  it('trainingStepModel(shape, chunkRows) takes the step in chunks: the same step within float32 rounding, the last chunk shorter; one chunk gives exactly the unchunked numbers', () => {
    const ort = loadOnnxRuntime();
    for (const bias of [true, false]) {
      const network = createNetwork([3, 6, 5, 1], { seed: 5, activations: ['tanh', 'relu', 'identity'], bias });
      const { inputs, targets } = randomData(network.sizes, 10, 7);
      const feeds: Record<string, OrtTensor> = {
        X: ort.tensor(Float32Array.from(inputs.flat()), [10, 3]), Y: ort.tensor(Float32Array.from(targets.flat()), [10, 1]), stepScale: ort.tensor(Float32Array.of(0.05), [1, 1]),
      };
      network.weights.forEach((w, l) => {
        feeds[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [w.length, w[0]!.length]);
        if (bias) feeds[NAMES.bias(l)] = ort.tensor(Float32Array.from(w[0]!, (_, j) => 0.1 * j - 0.2), [w[0]!.length]);
      });
      const shape = { sizes: network.sizes, activations: network.activations, bias };
      const run = (chunkRows?: number) => {
        const session = ort.session(trainingStepModel(shape, chunkRows), 1);
        const result = session.run(feeds);
        session.dispose();
        return Object.fromEntries(Object.entries(result).map(([name, tensor]) => [name, Array.from(tensor.data)]));
      };
      const whole = run();
      expect(run(10), `bias ${bias}`).toEqual(whole); // one chunk
      expect(run(16), `bias ${bias}`).toEqual(whole);
      for (const chunkRows of [1, 3, 4, 9]) {
        const chunked = run(chunkRows);
        expect(Object.keys(chunked)).toEqual(Object.keys(whole));
        for (const name of Object.keys(whole)) {
          chunked[name]!.forEach((v, k) => expect(v, `${name}, chunks of ${chunkRows}, bias ${bias}`).toBeCloseTo(whole[name]![k]!, 6));
        }
      }
    }
  });

  it('trainingEpochModel(shape, batchSize, chunkRows) runs the chunked step model over the batches, to the last bit, a last batch of one chunk as well', () => {
    const ort = loadOnnxRuntime();
    const network = createNetwork([3, 5, 2], { seed: 6, activations: ['sigmoid', 'identity'], bias: true });
    const { inputs, targets } = randomData(network.sizes, 13, 8);
    const [X, Y] = [Float32Array.from(inputs.flat()), Float32Array.from(targets.flat())];
    const order = Int32Array.from([12, 7, 2, 10, 0, 4, 9, 1, 5, 3, 11, 8, 6]);
    const scales = Float32Array.of(0.3, 0.2); // batches of 8 rows (chunks of 3, 3 and 2) and 5 rows (3 and 2)
    const initial: Record<string, OrtTensor> = {};
    network.weights.forEach((w, l) => {
      initial[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [w.length, w[0]!.length]);
      initial[NAMES.bias(l)] = ort.tensor(Float32Array.from(w[0]!, (_, j) => 0.1 * j), [w[0]!.length]);
    });
    const shape = { sizes: network.sizes, activations: network.activations, bias: true };
    for (const [chunkRows, lastAlone] of [[3, false], [5, true]] as const) {
      const epoch = ort.session(trainingEpochModel(shape, 8, chunkRows), 1);
      const together = epoch.run({ X: ort.tensor(X, [13, 3]), Y: ort.tensor(Y, [13, 2]), order: ort.indexTensor(order, [13]), stepScales: ort.tensor(scales, [2, 1, 1]), ...initial });
      epoch.dispose();
      const chunked = ort.session(trainingStepModel(shape, chunkRows), 1);
      const unchunked = ort.session(trainingStepModel(shape), 1);
      let parameters = initial;
      const losses: number[] = [];
      for (let k = 0; k < 2; k++) {
        const rows = Array.from(order.subarray(8 * k, 8 * k + 8));
        const gather = (data: Float32Array, width: number) => ort.tensor(Float32Array.from(rows.flatMap((r) => [...data.subarray(r * width, (r + 1) * width)])), [rows.length, width]);
        const step = lastAlone && k === 1 ? unchunked : chunked; // 5 rows in chunks of 5: one chunk, the unchunked step's numbers
        const result = step.run({ X: gather(X, 3), Y: gather(Y, 2), stepScale: ort.tensor(scales.subarray(k, k + 1), [1, 1]), ...parameters });
        losses.push(result['loss']!.data[0]!);
        parameters = Object.fromEntries(Object.keys(initial).map((name) => [name, result[`${name}_next`]!]));
      }
      [chunked, unchunked].forEach((session) => session.dispose());
      expect(Array.from(together['losses']!.data), `chunks of ${chunkRows}`).toEqual(losses);
      for (const name of Object.keys(initial)) expect(Array.from(together[`${name}_next`]!.data), `${name}, chunks of ${chunkRows}`).toEqual(Array.from(parameters[name]!.data));
    }
  });
});
