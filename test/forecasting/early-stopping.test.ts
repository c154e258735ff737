import { beforeAll, describe, expect, it } from 'vitest';
import { DivergenceError } from '../../src/core/errors.js';
import { createRandom } from '../../src/core/random.js';
import { trainWithEarlyStopping, type EarlyStoppingOptions } from '../../src/forecasting/early-stopping.js';
import { createNetwork } from '../../src/network/network.js';
import { trainNetwork, type TrainDivergence } from '../../src/network/training.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';
import { inputErrorOf } from '../support/input-error.js';

// Training and validation data that disagree: both targets share 3a, but the sign of
// b flips. Learning 3a helps the validation loss, learning b then hurts it, so the
// validation loss falls to a low and climbs again while the training loss keeps falling.
const random = createRandom(3);
const points = (n: number) => Array.from({ length: n }, () => [random.uniform(-1, 1), random.uniform(-1, 1)]);
const inputs = points(48);
const targets = inputs.map(([a, b]) => 3 * a! + b! + 0.1 * random.uniform(-1, 1));
const validInputs = points(24);
const validation = { inputs: validInputs, targets: validInputs.map(([a, b]) => 3 * a! - b!) };
const network = createNetwork([2, 6, 1], { seed: 5 });
const base: EarlyStoppingOptions = { learningRate: 0.02, epochs: 150, batchSize: 8, shuffleSeed: 4, validation };

function caught(fn: () => unknown): DivergenceError<TrainDivergence> {
  try {
    fn();
  } catch (e) {
    if (e instanceof DivergenceError) return e as DivergenceError<TrainDivergence>;
    throw e;
  }
  throw new Error('expected a DivergenceError');
}

const firstLowest = (losses: number[]) => losses.indexOf(Math.min(...losses)) + 1;

describe.each(TEST_BACKENDS)('trainWithEarlyStopping on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(['typed', 'tensor'] as const)('trainWithEarlyStopping with patience Infinity is trainNetwork to every digit (%s engine, minibatches and full batch)', (engine) => {
    for (const batchSize of [8, undefined]) {
      const options = { ...base, epochs: 40, batchSize, engine };
      const plain = trainNetwork(network, inputs, targets, options);
      const run = trainWithEarlyStopping(network, inputs, targets, { ...options, patience: Infinity });
      expect(run.history).toEqual(plain.history);
      expect(run.lastNetwork).toEqual(plain.network);
      expect(run.stoppedEarly).toBe(false);
    }
  });

  it('trainWithEarlyStopping keeps the weights of the lowest validation epoch: trainNetwork trained for that many epochs', () => {
    const run = trainWithEarlyStopping(network, inputs, targets, base);
    const losses = run.history.map((h) => h.validationLoss!);
    expect(run.bestEpoch).toBe(firstLowest(losses));
    expect(run.network).toEqual(trainNetwork(network, inputs, targets, { ...base, epochs: run.bestEpoch }).network);
    expect(run.lastNetwork).toEqual(trainNetwork(network, inputs, targets, { ...base, epochs: run.history.length }).network);
  });

  it('trainWithEarlyStopping stops once patience epochs in a row bring no new low, and its epochs are the full run’s', () => {
    const full = trainWithEarlyStopping(network, inputs, targets, { ...base, patience: Infinity });
    const fullLosses = full.history.map((h) => h.validationLoss!);
    for (const patience of [1, 3, 10]) {
      const run = trainWithEarlyStopping(network, inputs, targets, { ...base, patience });
      expect(run.stoppedEarly, `patience ${patience}`).toBe(true);
      expect(run.history).toHaveLength(run.bestEpoch + patience);
      expect(run.history).toEqual(full.history.slice(0, run.history.length));
      // No epoch within the patience window got below the kept one; every earlier low was beaten within it.
      const window = fullLosses.slice(run.bestEpoch, run.bestEpoch + patience);
      expect(Math.min(...window)).toBeGreaterThanOrEqual(fullLosses[run.bestEpoch - 1]!);
    }
    expect(trainWithEarlyStopping(network, inputs, targets, { ...base, patience: 10 }).bestEpoch).toBeLessThan(base.epochs - 10);
    // With patience Infinity the whole run is searched.
    expect(full.bestEpoch).toBe(firstLowest(fullLosses));
    expect(fullLosses.at(-1)!).toBeGreaterThan(fullLosses[full.bestEpoch - 1]! * 1.05);
  });

  it('a run the caller\'s own onEpoch stops is not "stopped early": only patience running out is', () => {
    const run = trainWithEarlyStopping(network, inputs, targets, { ...base, patience: Infinity, onEpoch: (record, handle) => record.epoch === 3 && handle.stop() });
    expect(run.history).toHaveLength(3);
    expect(run.stoppedEarly).toBe(false);
    // Patience running out on the very last epoch stops nothing either.
    const full = trainWithEarlyStopping(network, inputs, targets, { ...base, patience: Infinity });
    const exact = trainWithEarlyStopping(network, inputs, targets, { ...base, epochs: full.bestEpoch + 3, patience: 3 });
    expect(exact.history).toHaveLength(full.bestEpoch + 3);
    expect(exact.stoppedEarly).toBe(false);
  });

  it('trainWithEarlyStopping defaults to patience 10', () => {
    const run = trainWithEarlyStopping(network, inputs, targets, base);
    expect(run.history).toHaveLength(run.bestEpoch + 10);
  });

  it('trainWithEarlyStopping is seeded: the same options give the same run, another shuffle seed another', () => {
    const once = trainWithEarlyStopping(network, inputs, targets, base);
    expect(trainWithEarlyStopping(network, inputs, targets, base)).toEqual(once);
    expect(trainWithEarlyStopping(network, inputs, targets, { ...base, shuffleSeed: 5 }).history).not.toEqual(once.history);
  });

  it('trainWithEarlyStopping reports every epoch to onEpoch, numbered from 1, and does not change its input network', () => {
    const before = structuredClone(network);
    const seen: number[] = [];
    const run = trainWithEarlyStopping(network, inputs, targets, { ...base, onEpoch: (r) => seen.push(r.epoch) });
    expect(seen).toEqual(run.history.map((h) => h.epoch));
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(network).toEqual(before);
  });

  it.each(['typed', 'tensor'] as const)('trainWithEarlyStopping leaves no tensors behind (%s engine), also when it throws', (engine) => {
    expect(leakedTensors(() => trainWithEarlyStopping(network, inputs, targets, { ...base, epochs: 30, engine }))).toBe(0);
    expect(leakedTensors(() => expect(() => trainWithEarlyStopping(network, inputs, targets, { ...base, learningRate: 1e6, engine })).toThrow(DivergenceError))).toBe(0);
  });

  it('trainWithEarlyStopping diverges where trainNetwork does (tensor engine), with the same message and the history so far', () => {
    const options = { ...base, learningRate: 0.9, batchSize: 4, engine: 'tensor' as const };
    const plain = caught(() => trainNetwork(network, inputs, targets, options));
    const early = caught(() => trainWithEarlyStopping(network, inputs, targets, { ...options, patience: Infinity }));
    expect(plain.epoch).toBeGreaterThan(1);
    expect(early.epoch).toBe(plain.epoch);
    expect(early.message).toBe(plain.message);
    expect(early.lastFiniteLoss).toBe(plain.lastFiniteLoss);
    expect(early.state.history).toEqual(plain.state.history);
    expect(early.state.network).toEqual(plain.state.network);
  });

  it('trainWithEarlyStopping and trainNetwork stop with a DivergenceError when a float64 weight leaves float32 (typed engine)', () => {
    const options = { ...base, learningRate: 0.9, batchSize: 4, engine: 'typed' as const };
    const early = caught(() => trainWithEarlyStopping(network, inputs, targets, { ...options, patience: Infinity }));
    expect(early.epoch).toBeGreaterThan(1);
    const plain = caught(() => trainNetwork(network, inputs, targets, options));
    expect(early.message).toBe(plain.message);
    expect(early.message).toMatch(/weights/);
    const before = trainNetwork(network, inputs, targets, { ...options, epochs: early.epoch - 1 });
    expect(early.state.history).toEqual(before.history);
    expect(early.state.network).toEqual(before.network);
  });
});

describe('trainWithEarlyStopping checks its arguments', () => {
  it('trainWithEarlyStopping needs options with validation data', () => {
    const { learningRate, epochs } = base;
    expect(inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, undefined as never)).argument).toBe('options');
    const missing = inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, { learningRate, epochs } as EarlyStoppingOptions));
    expect(missing.argument).toBe('validation');
    expect(missing.message).toMatch(/validation.*found none/);
  });

  it.each([0, -1, 1.5, NaN, '3'])('trainWithEarlyStopping refuses patience %s', (patience) => {
    const error = inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, { ...base, patience: patience as number }));
    expect(error.argument).toBe('patience');
    expect(error.message).toContain('integer greater than 0');
  });

  it('trainWithEarlyStopping refuses what trainNetwork refuses, naming the argument', () => {
    expect(inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, { ...base, epochs: 0 })).argument).toBe('epochs');
    expect(inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, { ...base, onEpoch: 3 as never })).argument).toBe('onEpoch');
    const mismatch = inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets.slice(1), base));
    expect(mismatch.argument).toBe('targets');
    expect(mismatch.message).toBe(inputErrorOf(() => trainNetwork(network, inputs, targets.slice(1), base)).message);
    expect(inputErrorOf(() => trainWithEarlyStopping(network, inputs, targets, { ...base, learningRate: -1 })).argument).toBe('learningRate');
  });
});
