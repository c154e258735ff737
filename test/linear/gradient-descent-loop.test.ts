import { describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { DivergenceError, InputError } from '../../src/core/errors.js';
import { gradientDescentLoop, weightedSum, type LinearDivergence } from '../../src/linear/gradient-descent-loop.js';
import { inputErrorOf } from '../support/input-error.js';

describe('gradientDescentLoop', () => {
  const { history, weights } = gradientDescentLoop(INPUTS, TARGETS);

  it('gradientDescentLoop reproduces the article epoch 1 to every digit', () => {
    expect(history[0]!.predictions).toEqual([2.5, 5.505499999999999, 9.020657099999998, 14.59589883232]);
    expect(history[0]!.loss).toBe(9.189030365235194);
  });

  it('gradientDescentLoop reproduces epochs 2, 3, 98 and 99 to every digit', () => {
    expect(history[1]!.loss).toBe(8.336661573054283);
    expect(history[2]!.loss).toBe(7.570429647636219);
    expect(history[97]!.loss).toBe(0.7492490623757035);
    expect(history[98]!.loss).toBe(0.7491779623809854);
  });

  it('gradientDescentLoop reproduces epoch 100 to every digit', () => {
    expect(history).toHaveLength(100);
    expect(history[99]!.epoch).toBe(100);
    expect(history[99]!.predictions).toEqual([3.3076402607543107, 7.29043311877873, 11.90803160421936, 19.198867413412678]);
    expect(history[99]!.loss).toBe(0.7491098293607978);
  });

  it('gradientDescentLoop returns final weights that make the epoch-100 predictions better', () => {
    expect(weights).toHaveLength(2);
    const mse = INPUTS.reduce((s, x, i) => s + (weightedSum(x, weights) - TARGETS[i]!) ** 2, 0) / 4;
    expect(mse).toBeLessThan(history[99]!.loss);
  });

  it('gradientDescentLoop honours learningRate, epochs and initialWeights', () => {
    const run = gradientDescentLoop(INPUTS, TARGETS, { initialWeights: [0, 0], learningRate: 0.001, epochs: 3 });
    expect(run.history).toHaveLength(3);
    expect(run.history[0]!.predictions[0]).toBe(0);
    // After the first example, w = [0, 0] − 0.001·(0 − 5)·[2, 1] = [0.01, 0.005].
    expect(run.history[0]!.predictions[1]).toBeCloseTo(5 * 0.01 + 1 * 0.005, 15);
  });

  it('gradientDescentLoop does not modify the caller initial weights', () => {
    const initialWeights = [1, 0.5];
    gradientDescentLoop(INPUTS, TARGETS, { initialWeights, epochs: 2 });
    expect(initialWeights).toEqual([1, 0.5]);
  });

  it('gradientDescentLoop rejects bad input with InputError naming the argument', () => {
    expect(() => gradientDescentLoop([[1, 2], [3]], [1, 2])).toThrow(/ragged/);
    expect(() => gradientDescentLoop([], [])).toThrow(/inputs to have at least one row/);
    expect(() => gradientDescentLoop(INPUTS, [1, 2])).toThrow(/one target per input row \(4\) but found 2/);
    expect(() => gradientDescentLoop(INPUTS, TARGETS, { learningRate: 0 })).toThrow(InputError);
    expect(() => gradientDescentLoop(INPUTS, TARGETS, { epochs: 1.5 })).toThrow(/epochs/);
    expect(() => gradientDescentLoop([[1, 2, 3]], [1])).toThrow(/initialWeights to have length 3 but found length 2/);
  });

  it('gradientDescentLoop stops with a DivergenceError when the error blows up', () => {
    let caught: unknown;
    try {
      gradientDescentLoop(INPUTS, TARGETS, { learningRate: 1, epochs: 1000 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    const e = caught as DivergenceError<LinearDivergence>;
    expect(e.epoch).toBeGreaterThan(1);
    expect(Number.isFinite(e.lastFiniteLoss)).toBe(true);
    expect(e.state.history).toHaveLength(e.epoch - 1);
    expect(e.state.weights).toHaveLength(2);
    expect(e.message).toMatch(/smaller learning rate/);
  });
});

describe('gradientDescentLoop onEpoch', () => {
  it('gradientDescentLoop calls onEpoch once per epoch with that epoch record', () => {
    const seen: number[] = [];
    const { history } = gradientDescentLoop(INPUTS, TARGETS, { epochs: 5, onEpoch: (r) => seen.push(r.loss) });
    expect(seen).toEqual(history.map((h) => h.loss));
  });
});

describe('gradientDescentLoop recordPredictions', () => {
  it('gradientDescentLoop({ recordPredictions: false }) keeps errors but not predictions', () => {
    const run = gradientDescentLoop(INPUTS, TARGETS, { recordPredictions: false });
    expect(run.history[0]!.predictions).toEqual([]);
    expect(run.history[99]!.loss).toBe(0.7491098293607978);
  });
});

describe('gradientDescentLoop learning rates (notebook 1, "Try it")', () => {
  const at = (learningRate: number, epoch: number) => gradientDescentLoop(INPUTS, TARGETS, { learningRate }).history[epoch - 1]!.loss;
  it('gradientDescentLoop at 0.002 is down to 0.76 after ten epochs', () => {
    expect(at(0.002, 10)).toBeCloseTo(0.761, 3);
  });
  it('gradientDescentLoop at 0.02 overshoots: the error creeps back up to 1.04', () => {
    expect(at(0.02, 100)).toBeCloseTo(1.044, 3);
    expect(at(0.02, 100)).toBeGreaterThan(at(0.02, 10));
  });
  it('gradientDescentLoop at 0.05 explodes and at 0.1 diverges at epoch 86', () => {
    expect(at(0.05, 100)).toBeGreaterThan(1e95);
    let caught: unknown;
    try {
      gradientDescentLoop(INPUTS, TARGETS, { learningRate: 0.1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DivergenceError);
    expect((caught as DivergenceError).epoch).toBe(86);
  });
});

describe('gradientDescentLoop and weightedSum arguments', () => {
  it('weightedSum([1,2,3],[1,2]) throws an InputError naming weights instead of returning NaN', () => {
    const e = inputErrorOf(() => weightedSum([1, 2, 3], [1, 2]));
    expect(e.argument).toBe('weights');
    expect(e.message).toMatch(/length 3 but found length 2/);
    expect(weightedSum([8, 5], [1, 0.5])).toBe(10.5);
    expect(inputErrorOf(() => weightedSum([1e308], [10])).argument).toBe('x');
  });

  it('gradientDescentLoop takes null options as the defaults', () => {
    expect(gradientDescentLoop(INPUTS, TARGETS, null as never).history[0]!.loss).toBe(gradientDescentLoop(INPUTS, TARGETS).history[0]!.loss);
    expect(inputErrorOf(() => gradientDescentLoop(INPUTS, TARGETS, 5 as never)).argument).toBe('options');
  });

  it('gradientDescentLoop rejects epochs beyond the epoch limit before training', () => {
    const e = inputErrorOf(() => gradientDescentLoop(INPUTS, TARGETS, { epochs: 1e308 }));
    expect(e.argument).toBe('epochs');
    expect(e.message).toMatch(/at most 10,000,000 \(the epoch limit\) but found 1e\+308/);
  });

  it('gradientDescentLoop checks onEpoch is a function before epoch 1', () => {
    let epochs = 0;
    const e = inputErrorOf(() => gradientDescentLoop(INPUTS, TARGETS, { onEpoch: 'log' as never, epochs: 3, recordPredictions: true }));
    expect(e.argument).toBe('onEpoch');
    expect(inputErrorOf(() => gradientDescentLoop(INPUTS, TARGETS, { recordPredictions: 'no' as never, onEpoch: () => epochs++ })).argument).toBe('recordPredictions');
    expect(epochs).toBe(0);
  });
});
