import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../../../src/network/activations.js';
import { numericGradients, relativeError } from '../../../src/network/gradient-check.js';
import { createNetwork, predictPlain, type Network } from '../../../src/network/network.js';
import { createRandom } from '../../../src/core/random.js';
import { createTypedEngine } from '../../../src/network/engines/typed-engine.js';
import { engineGradients, expectBatchChecked, expectCheckpoints, randomData, trainingData } from '../../support/engine-helpers.js';

/** A network with random biases (off the ReLU kink) and data exact in float32, as the engine stores it. */
function problem(sizes: number[], name: (typeof ACTIVATIONS)[number], bias: boolean, seed: number) {
  const random = createRandom(seed);
  const fresh = createNetwork(sizes, { seed, activations: name, bias, initializer: 'glorotNormal' });
  const network: Network = { ...fresh, biases: fresh.biases?.map((b) => b.map(() => random.uniform(-0.5, 0.5))) ?? null };
  const { inputs, targets } = randomData(sizes, 6, seed);
  const f32 = (m: number[][]) => m.map((row) => row.map(Math.fround));
  return { network, inputs: f32(inputs), targets: f32(targets) };
}

describe.each(ACTIVATIONS)('createTypedEngine with %s hidden layers', (name) => {
  it.each([1, 2, 3])('createTypedEngine steps along the float64 finite-difference gradient at depth %i, with and without biases', (depth) => {
    for (const bias of [true, false]) {
      const sizes = [3, ...Array.from({ length: depth - 1 }, (_, i) => 4 + i), 2];
      const { network, inputs, targets } = problem(sizes, name, bias, depth * 13 + name.length);
      const { gradients, loss } = engineGradients(createTypedEngine, network, trainingData(inputs, targets));
      expect(relativeError(gradients, numericGradients(network, inputs, targets)), `${name} depth ${depth} bias ${bias}`).toBeLessThan(1e-6);
      const outputs = predictPlain(network, inputs);
      const mse = outputs.flat().reduce((s, y, k) => s + (y - targets.flat()[k]!) ** 2, 0) / outputs.flat().length;
      expect(loss).toBeCloseTo(mse, 12);
    }
  });
});

describe('createTypedEngine', () => {
  const { network, inputs, targets } = problem([2, 5, 3, 1], 'tanh', true, 5);

  it('createTypedEngine steps on the rows order[start..end) of a minibatch only', () => {
    const order = Uint32Array.from([4, 1, 5, 0, 2, 3]);
    const { gradients } = engineGradients(createTypedEngine, network, trainingData(inputs, targets), { order, start: 1, end: 4 });
    const rows = [1, 5, 0];
    const expected = numericGradients(network, rows.map((r) => inputs[r]!), rows.map((r) => targets[r]!));
    expect(relativeError(gradients, expected)).toBeLessThan(1e-6);
  });

  it("createTypedEngine follows the objective: halfSse is the article's ½·Σ(ŷ − y)²", () => {
    const { gradients } = engineGradients(createTypedEngine, network, trainingData(inputs, targets), { objective: 'halfSse' });
    expect(relativeError(gradients, numericGradients(network, inputs, targets, { objective: 'halfSse' }))).toBeLessThan(1e-6);
  });

  it('createTypedEngine reports the validation loss, also on more rows than it trains on, and keeps training right after', () => {
    const validation = randomData([2, 1], 9, 3);
    const data = { ...trainingData(inputs.slice(0, 3), targets.slice(0, 3)), validation: { ...trainingData(validation.inputs, validation.targets), rows: 9 } };
    const engine = createTypedEngine(network, data, 'mse', 0.1);
    const plain = (net: Network, X: number[][], Y: number[][]) => predictPlain(net, X).flat().reduce((s, y, k) => s + (y - Y.flat()[k]!) ** 2, 0) / X.length;
    const fx = (m: number[][]) => m.map((row) => row.map(Math.fround));
    expect(engine.validationLoss()).toBeCloseTo(plain(network, fx(validation.inputs), fx(validation.targets)), 6);
    const first = engine.step(null, 0, 3);
    engine.validationLoss();
    const second = engine.step(null, 0, 3); // the full batch is reloaded after validation replaced it
    expect(second).toBeLessThan(first);
    const expected = plain(engine.network(), inputs.slice(0, 3), targets.slice(0, 3));
    expect(engine.step(null, 0, 3)).toBeCloseTo(expected, 12);
  });

  it('createTypedEngine copies the parameters: the network it was given never changes', () => {
    const copy = JSON.parse(JSON.stringify(network)) as Network;
    const engine = createTypedEngine(network, trainingData(inputs, targets), 'mse', 0.5);
    engine.step(null, 0, inputs.length);
    expect(network).toEqual(copy);
    expect(engine.network().weights).not.toEqual(copy.weights);
    expect(engine.network().sizes).toEqual([2, 5, 3, 1]);
    engine.dispose();
  });

  it('createTypedEngine checkpoints: checkpointNetwork gives the parameters of the last checkpoint, the initial ones before any', () => {
    expectCheckpoints(createTypedEngine, network, trainingData(inputs, targets));
  });

  it('createTypedEngine rejects an empty batch or one outside the data, and leaves its parameters alone', () => {
    expectBatchChecked(createTypedEngine, network, trainingData(inputs, targets));
  });
});
