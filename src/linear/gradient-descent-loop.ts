/**
 * Generalized gradient descent, loop version: a weighted sum of the inputs (no bias)
 * trained one example at a time in plain JavaScript doubles.
 * Taught in `01-generalized-gradient-descent.ipynb`.
 */
import { DivergenceError } from '../core/errors.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import {
  LIMITS, checkBoolean, checkFunction, checkMatrix, checkOptions, checkPositive, checkResult, checkSameSamples, checkSize, checkVector,
} from '../core/validate.js';

/** The article's settings for sections 1 and 2, typed as plain numbers so that a copy can take other values. */
export const LINEAR_DEFAULTS: Readonly<{ initialWeights: Vector; learningRate: number; epochs: number }> = Object.freeze({
  initialWeights: Object.freeze([1, 0.5]),
  learningRate: 0.0002,
  epochs: 100,
});

/** Options shared by both linear gradient-descent trainers. */
export interface LinearOptions {
  /** Starting weight per input column. Default `[1, 0.5]` (needs two columns). */
  initialWeights?: Vector;
  /** Step size, a finite number > 0. Default `0.0002`. */
  learningRate?: number;
  /** Passes over the data, an integer > 0. Default `100`. */
  epochs?: number;
  /** Called after every epoch with its record, e.g. to show live progress. Default none. */
  onEpoch?: (record: LinearEpoch) => void;
  /** Keep every epoch's predictions in the history (costly for many rows). Default `true`. */
  recordPredictions?: boolean;
}

/** What one epoch of a linear trainer produced: its loss (the mean squared error of `predictions` against the targets) and the predictions. */
export interface LinearEpoch extends EpochRecord {
  /** Prediction per sample, as used for this epoch's loss (empty when `recordPredictions` is false). */
  predictions: number[];
}

/** Result of a linear trainer: final weights and one record per epoch. */
export interface LinearResult {
  weights: number[];
  history: LinearEpoch[];
}

/** State attached to a `DivergenceError` thrown by a linear trainer. */
export interface LinearDivergence {
  /** Epochs completed before the loss stopped being finite. */
  history: LinearEpoch[];
  /** Weights at the start of the epoch that diverged. */
  weights: number[];
}

/** Validates the common arguments; returns resolved options. `float32` also rejects values beyond float32's range. */
export function resolveLinear(inputs: Matrix, targets: Vector, given: LinearOptions | undefined, float32 = false) {
  const options = checkOptions('options', given);
  const [, columns] = checkMatrix('inputs', inputs, { float32 });
  checkVector('targets', targets, undefined, { float32 });
  checkSameSamples(inputs, targets);
  const initialWeights = options.initialWeights ?? LINEAR_DEFAULTS.initialWeights;
  checkVector('initialWeights', initialWeights, columns, { float32 });
  return {
    initialWeights,
    learningRate: checkPositive('learningRate', options.learningRate ?? LINEAR_DEFAULTS.learningRate),
    epochs: checkSize('epochs', options.epochs ?? LINEAR_DEFAULTS.epochs, LIMITS.epochs, 'the epoch limit'),
    onEpoch: checkFunction<(record: LinearEpoch) => void>('onEpoch', options.onEpoch),
    recordPredictions: checkBoolean('recordPredictions', options.recordPredictions ?? true),
  };
}

/** The weighted sum without checks, for the training loop (its data is checked once). */
function sumProducts(x: Vector, weights: Vector): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * weights[i]!;
  return sum;
}

/**
 * The weighted sum `Σ x[i]·w[i]`, the model of sections 1 and 2.
 *
 * @throws {InputError} If `x` and `weights` are not finite numbers of the same length, or the sum overflows.
 * @example
 * ```ts
 * weightedSum([8, 5], [1, 0.5]); // 10.5
 * ```
 */
export function weightedSum(x: Vector, weights: Vector): number {
  checkVector('x', x);
  checkVector('weights', weights, x.length);
  return checkResult('x', sumProducts(x, weights), 'the weighted sum');
}

/**
 * Trains a weighted sum by per-example (stochastic) gradient descent, in data order.
 * For each example: predict, add the squared error to the epoch's total, then
 * `w[i] -= learningRate · (prediction − target) · x[i]`. The epoch error is the mean
 * of those squared errors, each taken before its own example's update. In IEEE
 * doubles this reproduces the article's printout digit for digit.
 *
 * @param inputs Samples as rows, e.g. `INPUTS`.
 * @param targets One target per row, e.g. `TARGETS`.
 * @param options Initial weights, learning rate and epochs (article defaults).
 * @returns Final weights and a record per epoch.
 * @throws {InputError} On ragged, empty or non-finite data, mismatched sizes, or bad options.
 * @throws {DivergenceError} When an epoch's error is not finite.
 * @example
 * ```ts
 * const { history } = gradientDescentLoop(INPUTS, TARGETS);
 * history[0].loss; // 9.189030365235194
 * ```
 */
export function gradientDescentLoop(inputs: Matrix, targets: Vector, options?: LinearOptions): LinearResult {
  const { initialWeights, learningRate, epochs, onEpoch, recordPredictions } = resolveLinear(inputs, targets, options);
  const weights = [...initialWeights];
  const history: LinearEpoch[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const before = [...weights];
    const predictions: number[] = [];
    let squaredErrors = 0;
    inputs.forEach((x, n) => {
      const prediction = sumProducts(x, weights);
      const delta = prediction - targets[n]!;
      if (recordPredictions) predictions.push(prediction);
      squaredErrors += delta ** 2;
      for (let i = 0; i < weights.length; i++) weights[i]! -= learningRate * delta * x[i]!;
    });
    const loss = squaredErrors / inputs.length;
    if (!Number.isFinite(loss)) {
      throw new DivergenceError<LinearDivergence>(epoch, loss, history.at(-1)?.loss, { history, weights: before });
    }
    const record = { epoch, loss, predictions };
    history.push(record);
    onEpoch?.(record);
  }
  return { weights, history };
}
