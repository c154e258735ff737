import { beforeAll, describe, expect, it } from 'vitest';
import { trainArticleNetwork } from '../../src/article/article-network.js';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { DivergenceError } from '../../src/core/errors.js';
import { createNetwork, predictPlain, type Network } from '../../src/network/network.js';
import { createRandom } from '../../src/core/random.js';
import { chooseEngine, evaluate, predict, trainNetwork, type TrainDivergence } from '../../src/network/training.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';
import { InputError } from '../../src/core/errors.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

describe.each(TEST_BACKENDS)('trainNetwork on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['tensor', 'typed'] as const)('trainNetwork (%s engine) reproduces the article network (correct variant) as one configuration', (engine) => {
    const article = trainArticleNetwork(INPUTS, TARGETS, { seed: 5, variant: 'correct' });
    const net: Network = { sizes: [2, 4, 1], activations: ['tanh', 'identity'], weights: [article.initialWeights1, article.initialWeights2], biases: null };
    const { history, network } = trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.01, epochs: 20, objective: 'halfSse', engine });
    // The article network runs in float32; the typed engine in float64: they drift apart by ~1e-4 over 20 epochs.
    history.forEach((h, i) => expect(Math.abs(h.loss - article.errors[i]!) / article.errors[i]!).toBeLessThan(1e-3));
    // Weights are compared on the float32 engine only: near saturation float32 rounds 1 − tanh² coarsely.
    if (engine === 'tensor') network.weights[0]!.flat().forEach((w, i) => expect(w).toBeCloseTo(article.weights1.flat()[i]!, 4));
  });

  it('trainNetwork gives the same run on the typed and tensor engines (minibatches, biases, validation)', () => {
    const random = createRandom(11);
    const inputs = Array.from({ length: 40 }, () => [random.uniform(-1, 1), random.uniform(-1, 1), random.uniform(-1, 1)]);
    const targets = inputs.map(([a, b, c]) => [a! * b! - c!, Math.tanh(a! + c!)]);
    const net = createNetwork([3, 6, 5, 2], { seed: 12, activations: ['tanh', 'sigmoid', 'identity'] });
    const options = { learningRate: 0.05, epochs: 30, batchSize: 7, shuffleSeed: 2, validation: { inputs: inputs.slice(0, 10), targets: targets.slice(0, 10) } };
    const typed = trainNetwork(net, inputs, targets, { ...options, engine: 'typed' });
    const tensor = trainNetwork(net, inputs, targets, { ...options, engine: 'tensor' });
    typed.history.forEach((h, i) => {
      expect(Math.abs(h.loss - tensor.history[i]!.loss) / tensor.history[i]!.loss).toBeLessThan(1e-4);
      expect(Math.abs(h.validationLoss! - tensor.history[i]!.validationLoss!) / tensor.history[i]!.validationLoss!).toBeLessThan(1e-4);
    });
    typed.network.weights.flat(2).forEach((w, i) => expect(w).toBeCloseTo(tensor.network.weights.flat(2)[i]!, 4));
  });

  it('trainNetwork lowers the loss of a small regression problem, full batch and minibatch', () => {
    const random = createRandom(1);
    const inputs = Array.from({ length: 64 }, () => [random.uniform(-1, 1), random.uniform(-1, 1)]);
    const targets = inputs.map(([a, b]) => Math.sin(2 * a!) + 0.5 * b!);
    const net = createNetwork([2, 8, 1], { seed: 2 });
    const full = trainNetwork(net, inputs, targets, { learningRate: 0.1, epochs: 200 });
    const mini = trainNetwork(net, inputs, targets, { learningRate: 0.05, epochs: 50, batchSize: 8, shuffleSeed: 3 });
    for (const run of [full, mini]) {
      expect(run.history.at(-1)!.loss).toBeLessThan(run.history[0]!.loss / 5);
      expect(evaluate(run.network, inputs, targets)).toBeLessThan(run.history[0]!.loss / 5);
    }
  });

  it('trainNetwork is reproducible: same seeds, same history; another shuffle seed, another history', () => {
    const net = createNetwork([2, 3, 1], { seed: 4 });
    const options = { learningRate: 0.001, epochs: 5, batchSize: 2, shuffleSeed: 9 };
    expect(trainNetwork(net, INPUTS, TARGETS, options).history).toEqual(trainNetwork(net, INPUTS, TARGETS, options).history);
    expect(trainNetwork(net, INPUTS, TARGETS, { ...options, shuffleSeed: 10 }).history).not.toEqual(trainNetwork(net, INPUTS, TARGETS, options).history);
  });

  it('trainNetwork reports a validation loss per epoch and calls onEpoch', () => {
    const seen: number[] = [];
    const net = createNetwork([2, 3, 1], { seed: 4 });
    const { history } = trainNetwork(net, INPUTS, TARGETS, {
      learningRate: 0.001, epochs: 3, validation: { inputs: INPUTS.slice(0, 2), targets: TARGETS.slice(0, 2) }, onEpoch: (r) => seen.push(r.epoch),
    });
    expect(seen).toEqual([1, 2, 3]);
    for (const h of history) expect(Number.isFinite(h.validationLoss)).toBe(true);
    for (const engine of ['typed', 'tensor'] as const) {
      const run = trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.001, epochs: 3, engine, validation: { inputs: INPUTS.slice(0, 2), targets: TARGETS.slice(0, 2) } });
      // The validation loss is the trained network's error on the validation rows.
      expect(run.history.at(-1)!.validationLoss).toBeCloseTo(evaluate(run.network, INPUTS.slice(0, 2), TARGETS.slice(0, 2)), 3);
    }
  });

  it.each(['typed', 'tensor'] as const)('onEpoch gets the run: network() copies the weights after that epoch, stop() ends training there (%s engine)', (engine) => {
    const net = createNetwork([2, 3, 1], { seed: 4 });
    const options = { learningRate: 0.001, epochs: 10, batchSize: 2, shuffleSeed: 2, engine };
    const copies: Network[] = [];
    const stopped = trainNetwork(net, INPUTS, TARGETS, {
      ...options,
      onEpoch: (record, run) => {
        copies.push(run.network());
        if (record.epoch === 4) run.stop();
      },
    });
    expect(stopped.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    // Stopping after epoch 4 is training for 4 epochs, and each copy is the network after its epoch.
    expect(stopped.network).toEqual(trainNetwork(net, INPUTS, TARGETS, { ...options, epochs: 4 }).network);
    expect(copies[1]).toEqual(trainNetwork(net, INPUTS, TARGETS, { ...options, epochs: 2 }).network);
    (copies[0]!.weights[0]![0] as number[])[0] = 1e6; // a copy, not a view of the engine's weights
    expect(copies[3]).toEqual(stopped.network);
  });

  it('trainNetwork leaves the input network unchanged and predict agrees with predictPlain', () => {
    const net = createNetwork([2, 3, 2], { seed: 6 });
    const copy = JSON.parse(JSON.stringify(net)) as Network;
    const { network } = trainNetwork(net, INPUTS, INPUTS, { learningRate: 0.001, epochs: 3 });
    expect(net).toEqual(copy);
    const [a, b] = [predict(network, INPUTS), predictPlain(network, INPUTS)];
    a.flat().forEach((v, i) => expect(v).toBeCloseTo(b.flat()[i]!, 4));
  });

  it('trainNetwork leaks no tensors over 1,000 epochs, full batch and minibatch, with validation', () => {
    const net = createNetwork([2, 4, 1], { seed: 1 });
    const validation = { inputs: INPUTS, targets: TARGETS };
    for (const engine of ['tensor', 'typed'] as const) {
      expect(leakedTensors(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 1e-4, epochs: 1000, validation, engine }))).toBe(0);
      expect(leakedTensors(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 1e-4, epochs: 1000, batchSize: 3, engine }))).toBe(0);
    }
    expect(leakedTensors(() => predict(net, INPUTS))).toBe(0);
    expect(leakedTensors(() => evaluate(net, INPUTS, TARGETS))).toBe(0);
  });

  it('trainNetwork stops with a DivergenceError that keeps the network from before the blow-up', () => {
    const net = createNetwork([2, 4, 1], { seed: 1, activations: 'identity' });
    let caught: unknown;
    const leaked = leakedTensors(() => {
      try {
        trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.5, epochs: 100, engine: 'tensor' });
      } catch (e) {
        caught = e;
      }
    });
    expect(leaked).toBe(0);
    expect(caught).toBeInstanceOf(DivergenceError);
    const e = caught as DivergenceError<TrainDivergence>;
    expect(e.message).toMatch(/at epoch \d+/);
    expect(e.state.history).toHaveLength(e.epoch - 1);
    expect(e.state.network.weights.flat(2).every(Number.isFinite)).toBe(true);
  });

  it.each(['typed', 'tensor'] as const)('trainNetwork on the %s engine reports, on divergence, exactly the network that epoch − 1 epochs of training give', (engine) => {
    const net = createNetwork([2, 4, 1], { seed: 1, activations: 'identity' });
    const options = { learningRate: 0.5, epochs: 100, engine };
    let caught: unknown;
    try {
      trainNetwork(net, INPUTS, TARGETS, options);
    } catch (e) {
      caught = e;
    }
    const e = caught as DivergenceError<TrainDivergence>;
    expect(e).toBeInstanceOf(DivergenceError);
    expect(e.epoch).toBeGreaterThan(2);
    expect(e.state.network).toEqual(trainNetwork(net, INPUTS, TARGETS, { ...options, epochs: e.epoch - 1 }).network);
  });
});

describe('chooseEngine', () => {
  it('chooseEngine picks typed arrays for small work per step and tensors for large', () => {
    expect(chooseEngine(createNetwork([2, 4, 1], { seed: 1 }), 4)).toBe('typed');
    expect(chooseEngine(createNetwork([784, 128, 10], { seed: 1 }), 128, { onnx: false })).toBe('tensor');
  });

  it('chooseEngine picks the onnx engine, where it may, from 20,000 rows × parameters on', () => {
    const net = createNetwork([8, 16, 16, 1], { seed: 1 }); // 433 parameters
    expect(chooseEngine(net, 47, { onnx: true })).toBe('onnx'); // 20,351
    expect(chooseEngine(net, 47, { onnx: true, backend: 'cpu' })).toBe('onnx');
    expect(chooseEngine(net, 46, { onnx: true, backend: 'wasm' })).toBe('typed'); // 19,918
    expect(chooseEngine(net, 47, { onnx: false, backend: 'wasm' })).toBe('typed');
    expect(chooseEngine(createNetwork([784, 128, 10], { seed: 1 }), 128, { onnx: true })).toBe('onnx');
    expect(chooseEngine(createNetwork([2, 4, 1], { seed: 1 }), 4, { onnx: true })).toBe('typed');
  });
});

describe('trainNetwork input checks', () => {
  const net = createNetwork([2, 3, 1], { seed: 1 });
  it('trainNetwork rejects bad data and options with messages naming them', () => {
    expect(() => trainNetwork(net, [[1, 2, 3]], [1], { learningRate: 0.1, epochs: 1 })).toThrow(/inputs to have shape \[1, 2\]/);
    expect(() => trainNetwork(net, INPUTS, [1, 2], { learningRate: 0.1, epochs: 1 })).toThrow(/one target per input row/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: NaN, epochs: 1 })).toThrow(/learningRate/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 0 })).toThrow(/epochs/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 1, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 1, objective: 'mae' as never })).toThrow(/objective/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 1, engine: 'gpu' as never })).toThrow(/engine/);
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 1, validation: { inputs: [[1]], targets: [1] } })).toThrow(/validation.inputs/);
  });
});

describe('trainNetwork float32 and validation divergence', () => {
  beforeAll(() => useBackend('wasm'));
  it('trainNetwork, predict and evaluate reject values beyond float32 by name', () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    expect(() => trainNetwork(net, [[1e39, 1]], [1], { learningRate: 0.1, epochs: 1 })).toThrow(/inputs\[0\]\[0\] to fit in float32/);
    expect(() => trainNetwork(net, [[1, 1]], [1e39], { learningRate: 0.1, epochs: 1 })).toThrow(/targets\[0\] to fit in float32/);
    expect(() => trainNetwork(net, [[1, 1]], [1], { learningRate: 0.1, epochs: 1, validation: { inputs: [[1, 1]], targets: [-1e39] } })).toThrow(/validation.targets\[0\] to fit in float32/);
    expect(() => predict(net, [[1e39, 0]])).toThrow(/fit in float32/);
    expect(() => evaluate(net, [[1, 0]], [1e39])).toThrow(/fit in float32/);
  });

  it('trainNetwork names the validation loss when that is what stops being finite', () => {
    // Validation inputs near float32's limit overflow inside the network while training stays finite.
    const net = createNetwork([1, 1], { seed: 1, activations: ['identity'] });
    let caught: unknown;
    try {
      trainNetwork(net, [[1], [2]], [1, 2], { learningRate: 0.01, epochs: 2, engine: 'tensor', validation: { inputs: [[3e38]], targets: [-3e38] } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    expect((caught as DivergenceError).message).toMatch(/the validation loss became (Infinity|NaN) at epoch 1 in the first epoch/);
  });
});

describe.each(TEST_BACKENDS)('trainNetwork with a NaN that an activation hides, on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // sinh/cosh overflows to NaN at z = 100; ReLU turns that NaN into 0 (in plain JavaScript, and
  // on wasm), so the output and the loss stay finite while backprop writes NaN into the weights.
  const network: Network = {
    sizes: [1, 1, 1, 1],
    activations: ['tanhSinhCosh', 'relu', 'identity'],
    weights: [[[1]], [[1]], [[1]]],
    biases: [[0], [0], [0.5]],
  };

  it.each(['typed', 'tensor'] as const)('trainNetwork on the %s engine stops with a DivergenceError at epoch 1, not NaN weights', (engine) => {
    let caught: unknown;
    try {
      trainNetwork(network, [[100]], [[1]], { learningRate: 0.1, epochs: 3, engine });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    const error = caught as DivergenceError<TrainDivergence>;
    expect(error.epoch).toBe(1);
    expect(error.message).toMatch(/(weights|loss) became NaN.* at epoch 1/); // the cpu backend's relu keeps the NaN, so there the loss shows it
    expect(error.state.network.weights.flat(2).every(Number.isFinite)).toBe(true); // the network before the epoch
  });
});

describe('trainNetwork and predict arguments', () => {
  beforeAll(() => useBackend('wasm'));
  const net = () => createNetwork([2, 3, 1], { seed: 1 });

  it('predict(null, X) throws an InputError naming network', () => {
    const e = inputErrorOf(() => predict(null as never, INPUTS));
    expect(e.argument).toBe('network');
    expect(e).toBeInstanceOf(InputError);
  });

  it('trainNetwork(net, X, Y) without options throws an InputError showing what to pass', () => {
    const e = inputErrorOf(() => trainNetwork(net(), INPUTS, TARGETS, undefined as never));
    expect(e.argument).toBe('options');
    expect(e.message).toMatch(/learningRate: 0\.01, epochs: 100/);
  });

  it('trainNetwork rejects epochs: 1e308 before training', () => {
    expect(inputErrorOf(() => trainNetwork(net(), INPUTS, TARGETS, { learningRate: 0.01, epochs: 1e308 })).message).toMatch(/epochs to be at most 10,000,000/);
  });

  it('trainNetwork checks onEpoch is a function before epoch 1', () => {
    expect(inputErrorOf(() => trainNetwork(net(), INPUTS, TARGETS, { learningRate: 0.01, epochs: 2, onEpoch: 'log' as never })).argument).toBe('onEpoch');
  });

  it('trainNetwork names validation.targets when they are one short', () => {
    const validation = { inputs: INPUTS, targets: TARGETS.slice(0, 3) };
    const e = inputErrorOf(() => trainNetwork(net(), INPUTS, TARGETS, { learningRate: 0.01, epochs: 1, validation }));
    expect(e.argument).toBe('validation.targets');
    expect(e.message).toMatch(/one target per input row \(4\) but found 3 validation\.targets/);
  });

  it('trainNetwork rejects inputs without a prototype by name', () => {
    expect(inputErrorOf(() => trainNetwork(net(), nullPrototype(INPUTS.map((r) => [...r])), TARGETS, { learningRate: 0.01, epochs: 1 })).argument).toBe('inputs');
    expect(inputErrorOf(() => trainNetwork(net(), INPUTS, nullPrototype([...TARGETS]), { learningRate: 0.01, epochs: 1 })).argument).toBe('targets');
  });
});
