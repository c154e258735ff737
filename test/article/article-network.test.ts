import { beforeAll, describe, expect, it } from 'vitest';
import { articleNetworkForward, trainArticleNetwork, type ArticleNetworkDivergence, type DeltaVariant } from '../../src/article/article-network.js';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { DivergenceError, InputError } from '../../src/core/errors.js';
import { ARTICLE_NETWORK_ERRORS } from '../../src/article/reproduction.js';
import { tf } from '../../src/core/tf.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';
import { articleGradients } from '../../src/article/article-network.js';
import { inputErrorOf } from '../support/input-error.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Gradients of ½·Σ(output − y)² by tfjs autodiff, at the given weights. */
function autodiffGradients(w1: number[][], w2: number[][]): [number[][], number[][]] {
  return tf.tidy(() => {
    const X = tf.tensor2d(INPUTS as number[][]);
    const y = tf.tensor2d(TARGETS as number[], [4, 1]);
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(tf.tanh(tf.matMul(X, a as tf.Tensor2D)), b as tf.Tensor2D), y))));
    const [g1, g2] = tf.grads(loss)([tf.tensor2d(w1), tf.tensor2d(w2)]);
    return [g1!.arraySync() as number[][], g2!.arraySync() as number[][]];
  });
}

/** The gradient our backprop used in one epoch: (W_before − W_after) / α. */
function ourGradients(variant: DeltaVariant, seed: number): { w1: number[][]; w2: number[][]; g1: number[][]; g2: number[][] } {
  const alpha = 1e-3;
  const run = trainArticleNetwork(INPUTS, TARGETS, { seed, variant, epochs: 1, learningRate: alpha });
  const grad = (before: number[][], after: number[][]) => before.map((row, i) => row.map((w, j) => (w - after[i]![j]!) / alpha));
  return { w1: run.initialWeights1, w2: run.initialWeights2, g1: grad(run.initialWeights1, run.weights1), g2: grad(run.initialWeights2, run.weights2) };
}

const maxRelativeGap = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!) / Math.max(1, Math.abs(b[i]![j]!)))));

describe.each(TEST_BACKENDS)('trainArticleNetwork on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(SEEDS)('trainArticleNetwork (faithful, stable tanh) with seed %i lands on the article curve', (seed) => {
    const { errors } = trainArticleNetwork(INPUTS, TARGETS, { seed });
    expect(errors).toHaveLength(20);
    for (const { epoch, low, high } of ARTICLE_NETWORK_ERRORS) {
      expect(errors[epoch - 1], `epoch ${epoch}`).toBeGreaterThanOrEqual(low);
      expect(errors[epoch - 1], `epoch ${epoch}`).toBeLessThanOrEqual(high);
    }
  });

  it('trainArticleNetwork plateaus just above the variance of the targets, 29.1875', () => {
    const { errors } = trainArticleNetwork(INPUTS, TARGETS, { seed: 1, epochs: 200 });
    const mean = TARGETS.reduce((s, t) => s + t, 0) / 4;
    const variance = TARGETS.reduce((s, t) => s + (t - mean) ** 2, 0) / 4;
    expect(variance).toBe(29.1875);
    expect(errors.at(-1)! - variance).toBeGreaterThanOrEqual(0);
    expect(errors.at(-1)! - variance).toBeLessThan(0.05);
  });

  it("trainArticleNetwork with the article's sinh/cosh tanh diverges to NaN before epoch 20", () => {
    for (const seed of SEEDS.slice(0, 5)) {
      let caught: unknown;
      try {
        trainArticleNetwork(INPUTS, TARGETS, { seed, activation: 'tanhSinhCosh' });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DivergenceError);
      const e = caught as DivergenceError<ArticleNetworkDivergence>;
      expect(e.epoch).toBeLessThan(20);
      expect(e.message).toMatch(/NaN at epoch/);
      expect(e.state.errors).toHaveLength(e.epoch - 1);
      expect(e.state.weights1.flat().every(Number.isFinite)).toBe(true);
    }
  });

  it('trainArticleNetwork (correct) follows the autodiff gradient; faithful does not', () => {
    const correct = ourGradients('correct', 3);
    const [a1, a2] = autodiffGradients(correct.w1, correct.w2);
    expect(maxRelativeGap(correct.g1, a1)).toBeLessThan(1e-2);
    expect(maxRelativeGap(correct.g2, a2)).toBeLessThan(1e-2);
    const faithful = ourGradients('faithful', 3);
    const [f1] = autodiffGradients(faithful.w1, faithful.w2);
    expect(maxRelativeGap(faithful.g1, f1)).toBeGreaterThan(0.5);
  });

  it('trainArticleNetwork (correct) ends in a different place from the faithful variant', () => {
    const faithful = trainArticleNetwork(INPUTS, TARGETS, { seed: 2 }).errors.at(-1)!;
    const correct = trainArticleNetwork(INPUTS, TARGETS, { seed: 2, variant: 'correct' }).errors.at(-1)!;
    expect(Math.abs(faithful - correct)).toBeGreaterThan(0.01);
  });

  it('trainArticleNetwork is reproducible: the same seed gives the same errors', () => {
    expect(trainArticleNetwork(INPUTS, TARGETS, { seed: 11 }).errors).toEqual(trainArticleNetwork(INPUTS, TARGETS, { seed: 11 }).errors);
    expect(trainArticleNetwork(INPUTS, TARGETS, { seed: 11 }).errors).not.toEqual(trainArticleNetwork(INPUTS, TARGETS, { seed: 12 }).errors);
  });

  it.each(['faithful', 'correct'] as const)('trainArticleNetwork (%s) leaks no tensors over 1,000 epochs', (variant) => {
    expect(leakedTensors(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, variant, epochs: 1000 }))).toBe(0);
  });

  it('trainArticleNetwork leaks no tensors when it diverges', () => {
    expect(leakedTensors(() => expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, activation: 'tanhSinhCosh' })).toThrow(DivergenceError))).toBe(0);
  });
});

describe('trainArticleNetwork options', () => {
  it('trainArticleNetwork honours hiddenSize and returns weights of the right shapes', () => {
    const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 1, hiddenSize: 3, epochs: 2 });
    expect(run.weights1).toHaveLength(2);
    expect(run.weights1[0]).toHaveLength(3);
    expect(run.weights2).toHaveLength(3);
    expect(run.weights2[0]).toHaveLength(1);
    expect(run.errors).toHaveLength(2);
  });

  it('trainArticleNetwork rejects bad options with InputError', () => {
    expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: NaN })).toThrow(/seed/);
    expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, hiddenSize: 0 })).toThrow(/hiddenSize to be an integer greater than 0 but found 0/);
    expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, learningRate: Infinity })).toThrow(/learningRate/);
    expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, variant: 'wrong' as never })).toThrow(InputError);
    expect(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, activation: 'relu' as never })).toThrow(/"tanh", "tanhSinhCosh"/);
    expect(() => trainArticleNetwork(INPUTS, [1, 2, 3], { seed: 1 })).toThrow(/one target per input row/);
  });
});

describe('articleNetworkForward', () => {
  beforeAll(() => useBackend('wasm'));

  it('articleNetworkForward shows the saturated network predicting the mean, 10.75, for every day', () => {
    const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 4, epochs: 200 });
    const { hidden, output } = articleNetworkForward(INPUTS, run.weights1, run.weights2);
    expect(hidden.flat().every((h) => h > 0.99)).toBe(true);
    for (const y of output) expect(y).toBeCloseTo(10.75, 1);
  });

  it('articleNetworkForward rejects weights that do not fit the inputs', () => {
    expect(() => articleNetworkForward(INPUTS, [[1, 2]], [[1], [2]])).toThrow(/weights1 to have 2 rows but found 1/);
    expect(() => articleNetworkForward(INPUTS, [[1], [2]], [[1], [2]])).toThrow(/weights2 to have 1 rows but found 2/);
  });

  it('articleNetworkForward leaks no tensors', () => {
    const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 4, epochs: 2 });
    expect(leakedTensors(() => articleNetworkForward(INPUTS, run.weights1, run.weights2))).toBe(0);
  });
});

describe('trainArticleNetwork onEpoch', () => {
  beforeAll(() => useBackend('cpu'));
  it("trainArticleNetwork calls onEpoch with each epoch's record, the epoch's error as its loss", () => {
    const seen: [number, number][] = [];
    const { errors } = trainArticleNetwork(INPUTS, TARGETS, { seed: 1, epochs: 3, onEpoch: (r) => seen.push([r.epoch, r.loss]) });
    expect(seen).toEqual(errors.map((err, i) => [i + 1, err]));
  });
});

describe('float32 inputs', () => {
  it('trainArticleNetwork and articleNetworkForward reject values beyond float32 instead of diverging', () => {
    expect(() => trainArticleNetwork([[1e39, 1]], [1], { seed: 1 })).toThrow(/inputs\[0\]\[0\] to fit in float32/);
    expect(() => trainArticleNetwork([[1, 1]], [1e39], { seed: 1 })).toThrow(/targets\[0\] to fit in float32/);
    expect(() => articleNetworkForward([[1e39, 1]], [[1], [1]], [[1]])).toThrow(/fit in float32/);
  });
});

describe('article network arguments', () => {
  beforeAll(() => useBackend('wasm'));

  it('articleNetworkForward with 1e308 weights throws an InputError naming weights1', () => {
    const e = inputErrorOf(() => articleNetworkForward(INPUTS, [[1e308, 1], [1, 1]], [[1], [1]]));
    expect(e.argument).toBe('weights1');
    expect(e.message).toMatch(/fit in float32/);
  });

  it('articleNetworkForward throws when float32 overflows inside instead of returning NaN', () => {
    // X·W1 = 9e76 − 9e76 overflows float32 to Infinity − Infinity = NaN, which tanh keeps.
    expect(inputErrorOf(() => articleNetworkForward([[3e38, -3e38]], [[3e38], [3e38]], [[1]])).argument).toBe('weights1');
    expect(inputErrorOf(() => articleNetworkForward([[1, 1]], [[1, 1], [1, 1]], [[3e38], [3e38]])).argument).toBe('weights2');
  });

  it('articleGradients throws instead of returning Infinity', () => {
    expect(inputErrorOf(() => articleGradients([[3e38, 1]], [1], [[1], [1]], [[3e38]])).argument).toBe('inputs');
  });

  it('trainArticleNetwork rejects hiddenSize: 1e9 before allocating, and epochs beyond the limit', () => {
    const e = inputErrorOf(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, hiddenSize: 1e9 }));
    expect(e.argument).toBe('hiddenSize');
    expect(e.message).toMatch(/at most 16,777,216 values/);
    expect(inputErrorOf(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, epochs: 1e308 })).argument).toBe('epochs');
  });

  it('trainArticleNetwork without options, or with onEpoch not a function, throws before training', () => {
    expect(inputErrorOf(() => trainArticleNetwork(INPUTS, TARGETS, undefined as never)).argument).toBe('options');
    expect(inputErrorOf(() => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, onEpoch: 'log' as never })).argument).toBe('onEpoch');
  });
});
