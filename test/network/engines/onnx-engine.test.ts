import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../src/network/activations.js';
import { numericGradients, relativeError } from '../../../src/network/gradient-check.js';
import { createNetwork, predictPlain, type Network } from '../../../src/network/network.js';
import { createRandom, shuffleInPlace } from '../../../src/core/random.js';
import { referenceBackprop } from '../../../src/network/reference-backprop.js';
import type { TrainingEngine } from '../../../src/network/engines/engine.js';
import { createOnnxEngine } from '../../../src/network/engines/onnx-engine.js';
import { onnxRuntimeAvailable } from '../../../src/network/engines/onnx-runtime.js';
import { createTypedEngine } from '../../../src/network/engines/typed-engine.js';
import { trainNetwork, type TrainDivergence } from '../../../src/network/training.js';
import { DivergenceError } from '../../../src/core/errors.js';
import { engineGradients, expectBatchChecked, expectCheckpoints, randomData, trainingData } from '../../support/engine-helpers.js';

/** A network with random biases (off the ReLU kink) and data exact in float32, as the engine stores it. */
function problem(sizes: number[], name: (typeof ACTIVATIONS)[number], bias: boolean, rows: number, seed: number) {
  const random = createRandom(seed);
  const fresh = createNetwork(sizes, { seed, activations: name, bias, initializer: 'glorotNormal' });
  const network: Network = { ...fresh, biases: fresh.biases?.map((b) => b.map(() => random.uniform(-0.5, 0.5))) ?? null };
  const { inputs, targets } = randomData(sizes, rows, seed);
  const f32 = (m: number[][]) => m.map((row) => row.map(Math.fround));
  return { network, inputs: f32(inputs), targets: f32(targets) };
}

const mse = (net: Network, X: number[][], Y: number[][]) => predictPlain(net, X).flat().reduce((s, y, k) => s + (y - Y.flat()[k]!) ** 2, 0) / Y.flat().length;

describe.skipIf(!onnxRuntimeAvailable())('createOnnxEngine', () => {
  // The same gradient check as the tensor engine's: float32 against float64 finite differences and the reference backprop.
  it.each(ACTIVATIONS)('createOnnxEngine steps along the finite-difference gradient with %s hidden layers, at depths 1 to 4, with and without biases', (name) => {
    for (const depth of [1, 2, 3, 4]) {
      for (const bias of [true, false]) {
        const sizes = [3, ...Array.from({ length: depth - 1 }, (_, i) => 4 + i), 2];
        const { network, inputs, targets } = problem(sizes, name, bias, 6, depth * 7 + name.length);
        const { gradients, loss } = engineGradients(createOnnxEngine, network, trainingData(inputs, targets));
        const label = `${name} depth ${depth} bias ${bias}`;
        expect(relativeError(gradients, numericGradients(network, inputs, targets)), label).toBeLessThan(1e-3);
        const reference = referenceBackprop(network, inputs, targets);
        expect(relativeError(gradients, reference.gradients), label).toBeLessThan(1e-3);
        expect(loss, label).toBeCloseTo(reference.loss, 5);
      }
    }
  });

  it('createOnnxEngine follows the objective and the minibatch: halfSse on rows order[start..end) only', () => {
    const { network, inputs, targets } = problem([4, 5, 3], 'sigmoid', true, 7, 11);
    const order = Uint32Array.from([6, 2, 5, 0, 1, 4, 3]);
    const { gradients, loss } = engineGradients(createOnnxEngine, network, trainingData(inputs, targets), { order, start: 2, end: 6, objective: 'halfSse' });
    const rows = [5, 0, 1, 4];
    const [X, Y] = [rows.map((r) => inputs[r]!), rows.map((r) => targets[r]!)];
    expect(relativeError(gradients, numericGradients(network, X, Y, { objective: 'halfSse' }))).toBeLessThan(1e-3);
    expect(loss).toBeCloseTo(mse(network, X, Y), 5);
  });

  it('createOnnxEngine trains like the typed engine: ten epochs of shuffled minibatches end at the same weights and losses', () => {
    for (const [name, bias] of [['tanh', false], ['relu', true], ['leakyRelu', true], ['sigmoid', false]] as const) {
      const { network, inputs, targets } = problem([3, 8, 6, 2], name, bias, 20, 4);
      const data = trainingData(inputs, targets);
      const run = (engine: TrainingEngine) => {
        const order = Uint32Array.from({ length: 20 }, (_, i) => i);
        const random = createRandom(1);
        const losses: number[] = [];
        for (let epoch = 0; epoch < 10; epoch++) {
          shuffleInPlace(order, random);
          for (let start = 0; start < 20; start += 6) losses.push(engine.step(order, start, Math.min(20, start + 6)));
        }
        const result = { losses, network: engine.network() };
        engine.dispose();
        return result;
      };
      const typed = run(createTypedEngine(network, data, 'mse', 0.2));
      const onnx = run(createOnnxEngine(network, data, 'mse', 0.2));
      const flat = (net: Network) => [...net.weights.flat(2), ...(net.biases?.flat() ?? [])];
      expect(relativeError(flat(onnx.network), flat(typed.network)), name).toBeLessThan(1e-5);
      expect(relativeError(onnx.losses, typed.losses), name).toBeLessThan(1e-5);
      expect(onnx.losses.at(-1)!, name).toBeLessThan(onnx.losses[0]!);
    }
  });

  it('createOnnxEngine runs an epoch of minibatches ahead in one run, and every call sees exactly what one run per step gives', () => {
    const { network, inputs, targets } = problem([4, 6, 3], 'tanh', true, 23, 14);
    const data = trainingData(inputs, targets);
    // Three epochs of shuffled batches of 5 (the last of 3); `between` runs after every step.
    const run = (between: (engine: TrainingEngine) => void, runAhead = true) => {
      const engine = createOnnxEngine(network, data, 'mse', 0.3, { runAhead });
      const order = Uint32Array.from({ length: 23 }, (_, i) => i);
      const random = createRandom(2);
      const losses: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        shuffleInPlace(order, random);
        for (let start = 0; start < 23; start += 5) {
          losses.push(engine.step(order, start, Math.min(23, start + 5)));
          between(engine);
        }
      }
      const result = { losses, network: engine.network(), checkpoint: engine.checkpointNetwork() };
      engine.dispose();
      return result;
    };
    const ahead = run(() => {});
    const seen: Network[] = [];
    const stepByStep = run((engine) => seen.push(engine.network())); // each network() replays the steps handed out so far
    expect(ahead.losses).toEqual(stepByStep.losses);
    expect(ahead.network).toEqual(stepByStep.network);
    expect(ahead.network).toEqual(seen.at(-1));
    const oneRunEach = run(() => {}, false);
    expect(oneRunEach.losses).toEqual(ahead.losses);
    expect(oneRunEach.network).toEqual(ahead.network);
    let count = 0;
    const checkpointed = run((engine) => {
      if (++count % 3 === 2) engine.checkpoint();
      if (count % 3 === 0) expect(engine.checkpointNetwork()).toEqual(seen[count - 2]);
    });
    expect(checkpointed.losses).toEqual(ahead.losses);
    expect(checkpointed.checkpoint).toEqual(seen[count - 2]);
  });

  it('createOnnxEngine follows the caller when an epoch run ahead is left: rows changed in the order, another order, another batch size, no order', () => {
    const { network, inputs, targets } = problem([3, 5, 2], 'sigmoid', false, 23, 15);
    const data = trainingData(inputs, targets);
    const run = (engine: TrainingEngine, after: (engine: TrainingEngine) => void) => {
      const first = Uint32Array.from({ length: 23 }, (_, i) => (i * 7) % 23);
      const second = Uint32Array.from(first).reverse();
      const calls: [Uint32Array | null, number, number, (() => void)?][] = [
        [first, 0, 5], [first, 5, 10, () => ([first[12], first[20]] = [first[20]!, first[12]!])], [first, 10, 15], [first, 15, 20], [first, 20, 23],
        [second, 0, 5], [second, 5, 12], [second, 12, 23],
        [null, 0, 8], [null, 8, 16], [null, 16, 23],
      ];
      const losses = calls.map(([order, start, end, change]) => {
        const loss = engine.step(order, start, end);
        change?.();
        after(engine);
        return loss;
      });
      const result = { losses, network: engine.network() };
      engine.dispose();
      return result;
    };
    const onnx = run(createOnnxEngine(network, data, 'mse', 0.5), () => {});
    const stepByStep = run(createOnnxEngine(network, data, 'mse', 0.5), (engine) => engine.network());
    const typed = run(createTypedEngine(network, data, 'mse', 0.5), () => {});
    expect(onnx.losses).toEqual(stepByStep.losses);
    expect(onnx.network).toEqual(stepByStep.network);
    expect(relativeError(onnx.losses, typed.losses)).toBeLessThan(1e-5);
    expect(relativeError(onnx.network.weights.flat(2), typed.network.weights.flat(2))).toBeLessThan(1e-5);
  });

  it('createOnnxEngine reports the validation loss, also on more rows than it trains on, and keeps training right after', () => {
    const { network, inputs, targets } = problem([2, 5, 3, 1], 'tanh', true, 6, 5);
    const validation = randomData([2, 1], 9, 3);
    const [vX, vY] = [validation.inputs.map((r) => r.map(Math.fround)), validation.targets.map((r) => r.map(Math.fround))];
    const data = { ...trainingData(inputs.slice(0, 3), targets.slice(0, 3)), validation: { ...trainingData(vX, vY), rows: 9 } };
    const engine = createOnnxEngine(network, data, 'mse', 0.1);
    expect(engine.validationLoss()).toBeCloseTo(mse(network, vX, vY), 6);
    const first = engine.step(null, 0, 3);
    engine.validationLoss();
    const second = engine.step(null, 0, 3);
    expect(second).toBeLessThan(first);
    expect(engine.validationLoss()).toBeCloseTo(mse(engine.network(), vX, vY), 6);
    engine.dispose();
  });

  it('createOnnxEngine copies the parameters: the network it was given never changes', () => {
    const { network, inputs, targets } = problem([2, 5, 3, 1], 'tanh', true, 6, 5);
    const copy = JSON.parse(JSON.stringify(network)) as Network;
    const engine = createOnnxEngine(network, trainingData(inputs, targets), 'mse', 0.5);
    engine.step(null, 0, inputs.length);
    expect(network).toEqual(copy);
    expect(engine.network().weights).not.toEqual(copy.weights);
    expect(engine.network().sizes).toEqual([2, 5, 3, 1]);
    engine.dispose();
  });

  it('createOnnxEngine checkpoints: checkpointNetwork gives the parameters of the last checkpoint, the initial ones before any', () => {
    const { network, inputs, targets } = problem([3, 4, 2], 'tanh', true, 6, 8);
    // Exact in float32, so the initial network comes back unchanged.
    const exact: Network = { ...network, weights: network.weights.map((w) => w.map((row) => row.map(Math.fround))), biases: network.biases!.map((b) => b.map(Math.fround)) };
    expectCheckpoints(createOnnxEngine, exact, trainingData(inputs, targets));
  });

  it('createOnnxEngine rejects an empty batch or one outside the data, and leaves its parameters alone', () => {
    const { network, inputs, targets } = problem([3, 4, 2], 'tanh', false, 6, 9);
    expectBatchChecked(createOnnxEngine, network, trainingData(inputs, targets));
  });

  it('createOnnxEngine lets NaN through as the other engines do: the sinh/cosh tanh overflows, ReLU hides it from the loss but not from parametersFinite', () => {
    const big = { ...createNetwork([1, 2, 1], { seed: 1, activations: 'tanhSinhCosh', bias: false }), weights: [[[100, 1]], [[1], [1]]] };
    const engine = createOnnxEngine(big, trainingData([[1]], [[0]]), 'mse', 0.1);
    expect(engine.step(null, 0, 1)).toBeNaN();
    expect(engine.parametersFinite()).toBe(false);
    engine.dispose();
    const relu = { ...createNetwork([1, 2, 1], { seed: 1, activations: ['relu', 'relu'], bias: false }), weights: [[[NaN, 1]], [[1], [1]]] };
    const second = createOnnxEngine(relu, trainingData([[1]], [[0]]), 'mse', 0.1);
    second.step(null, 0, 1);
    expect(second.parametersFinite()).toBe(false);
    second.dispose();
  });

  it('createOnnxEngine backpropagates a batch of more than chunkRows rows in chunks: the gradient and the loss as without, run ahead to the last bit', () => {
    const { network, inputs, targets } = problem([3, 6, 5, 2], 'tanh', true, 23, 16);
    const data = trainingData(inputs, targets);
    const chunked = engineGradients((...args) => createOnnxEngine(...args, { chunkRows: 4 }), network, data);
    const reference = referenceBackprop(network, inputs, targets);
    expect(relativeError(chunked.gradients, reference.gradients)).toBeLessThan(1e-5);
    expect(chunked.loss).toBeCloseTo(reference.loss, 6);
    // Shuffled batches of 10 (chunks of 4, 4 and 2) and a last one of 3 (one chunk), and full batches in chunks.
    const run = (options: { runAhead: boolean; chunkRows?: number }) => {
      const engine = createOnnxEngine(network, data, 'mse', 0.3, options);
      const order = Uint32Array.from({ length: 23 }, (_, i) => i);
      const random = createRandom(5);
      const losses: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        shuffleInPlace(order, random);
        for (let start = 0; start < 23; start += 10) losses.push(engine.step(order, start, Math.min(23, start + 10)));
        losses.push(engine.step(null, 0, 23));
      }
      const result = { losses, network: engine.network() };
      engine.dispose();
      return result;
    };
    const ahead = run({ runAhead: true, chunkRows: 4 });
    const oneRunEach = run({ runAhead: false, chunkRows: 4 });
    expect(ahead.losses).toEqual(oneRunEach.losses);
    expect(ahead.network).toEqual(oneRunEach.network);
    const whole = run({ runAhead: true }); // the default chunks are larger than the data
    expect(relativeError(ahead.losses, whole.losses)).toBeLessThan(1e-5);
    expect(relativeError(ahead.network.weights.flat(2), whole.network.weights.flat(2))).toBeLessThan(1e-5);
    expect(() => createOnnxEngine(network, data, 'mse', 0.1, { chunkRows: 2.5 })).toThrow('Expected chunkRows to be an integer greater than 0 but found 2.5');
    process.env['BACKPROP_ONNX_CHUNK_ROWS'] = '4';
    try {
      expect(run({ runAhead: true })).toEqual(ahead);
      process.env['BACKPROP_ONNX_CHUNK_ROWS'] = '0';
      expect(() => createOnnxEngine(network, data, 'mse', 0.1)).toThrow('Expected BACKPROP_ONNX_CHUNK_ROWS to be an integer greater than 0 but found 0');
    } finally {
      delete process.env['BACKPROP_ONNX_CHUNK_ROWS'];
    }
  });

  it('createOnnxEngine takes its thread count from the option, rejecting one that is not a positive integer', () => {
    const { network, inputs, targets } = problem([3, 4, 2], 'tanh', false, 6, 9);
    const data = trainingData(inputs, targets);
    const one = createOnnxEngine(network, data, 'mse', 0.1, { threads: 1 });
    const two = createOnnxEngine(network, data, 'mse', 0.1, { threads: 2 });
    expect(two.step(null, 0, 6)).toBeCloseTo(one.step(null, 0, 6), 6);
    [one, two].forEach((engine) => engine.dispose());
    expect(() => createOnnxEngine(network, data, 'mse', 0.1, { threads: 0 })).toThrow('Expected threads to be an integer greater than 0 but found 0');
  });
});

describe.skipIf(!onnxRuntimeAvailable())("trainNetwork with engine 'onnx'", () => {
  it("trainNetwork(…, { engine: 'onnx' }) reports every epoch and the validation loss as the typed engine does, on shuffled minibatches", () => {
    const { network, inputs, targets } = problem([3, 6, 2], 'tanh', true, 30, 12);
    const validation = { inputs: inputs.slice(0, 8), targets: targets.slice(0, 8) };
    const options = { learningRate: 0.05, epochs: 8, batchSize: 7, shuffleSeed: 3, validation };
    const seen: number[] = [];
    const onnx = trainNetwork(network, inputs, targets, { ...options, engine: 'onnx', onEpoch: (r) => seen.push(r.epoch) });
    const typed = trainNetwork(network, inputs, targets, { ...options, engine: 'typed' });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    onnx.history.forEach((record, k) => {
      expect(record.loss).toBeCloseTo(typed.history[k]!.loss, 5);
      expect(record.validationLoss).toBeCloseTo(typed.history[k]!.validationLoss!, 5);
    });
  });

  it("trainNetwork(…, { engine: 'onnx' }) stops with a DivergenceError holding the network before the epoch that diverged", () => {
    const network = createNetwork([1, 3, 1], { seed: 2, activations: 'tanhSinhCosh', bias: false });
    const run = () => trainNetwork(network, [[30], [-40], [50]], [5, -5, 5], { learningRate: 3, epochs: 50, engine: 'onnx' });
    expect(run).toThrow(DivergenceError);
    try {
      run();
    } catch (error) {
      const { state, epoch } = error as DivergenceError<TrainDivergence>;
      expect(state.history).toHaveLength(epoch - 1);
      expect(state.network.weights.flat(2).every(Number.isFinite)).toBe(true);
    }
  });

  it("trainNetwork(…, { engine: 'onnx' }) on minibatches stops with a DivergenceError at the epoch the typed engine stops at", () => {
    const network = createNetwork([1, 3, 1], { seed: 2, activations: 'tanhSinhCosh', bias: false });
    const options = { learningRate: 3, epochs: 50, batchSize: 2, shuffleSeed: 1 };
    const run = (engine: 'onnx' | 'typed') => {
      try {
        trainNetwork(network, [[30], [-40], [50], [20], [-10]], [5, -5, 5, 5, -5], { ...options, engine });
      } catch (error) {
        return error as DivergenceError<TrainDivergence>;
      }
      throw new Error('no divergence');
    };
    const [onnx, typed] = [run('onnx'), run('typed')];
    expect(onnx).toBeInstanceOf(DivergenceError);
    expect(onnx.epoch).toBe(typed.epoch);
    expect(onnx.state.history).toHaveLength(onnx.epoch - 1);
    onnx.state.history.forEach((record, k) => expect(record.loss).toBeCloseTo(typed.state.history[k]!.loss, 4));
    expect(onnx.state.network.weights.flat(2).every(Number.isFinite)).toBe(true);
  });
});
