import { beforeAll, describe, expect, it } from 'vitest';
import { trainArticleNetwork } from '../src/article-network.js';
import { INPUTS, TARGETS } from '../src/data.js';
import { DivergenceError } from '../src/errors.js';
import { createNetwork, predictPlain, type Network } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { evaluate, predict, trainNetwork, type TrainDivergence } from '../src/training.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from './helpers.js';

describe.each(TEST_BACKENDS)('trainNetwork on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('trainNetwork reproduces the article network (correct variant) as one configuration', () => {
    const article = trainArticleNetwork(INPUTS, TARGETS, { seed: 5, variant: 'correct' });
    const net: Network = { sizes: [2, 4, 1], activations: ['tanh', 'identity'], weights: [article.initialWeights1, article.initialWeights2], biases: null };
    const { history, network } = trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.01, epochs: 20, objective: 'halfSse' });
    history.forEach((h, i) => expect(h.loss).toBeCloseTo(article.errors[i]!, 4));
    network.weights[0]!.flat().forEach((w, i) => expect(w).toBeCloseTo(article.weights1.flat()[i]!, 4));
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
    expect(leakedTensors(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 1e-4, epochs: 1000, validation }))).toBe(0);
    expect(leakedTensors(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 1e-4, epochs: 1000, batchSize: 3 }))).toBe(0);
    expect(leakedTensors(() => predict(net, INPUTS))).toBe(0);
    expect(leakedTensors(() => evaluate(net, INPUTS, TARGETS))).toBe(0);
  });

  it('trainNetwork stops with a DivergenceError that keeps the network from before the blow-up', () => {
    const net = createNetwork([2, 4, 1], { seed: 1, activations: 'identity' });
    let caught: unknown;
    const leaked = leakedTensors(() => {
      try {
        trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.5, epochs: 100 });
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
    expect(() => trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.1, epochs: 1, validation: { inputs: [[1]], targets: [1] } })).toThrow(/validation.inputs/);
  });
});
