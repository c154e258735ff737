/**
 * How far forecasts are from what happened, in the data's own units (cases) and
 * relative: mean absolute error, root mean squared error, mean absolute percentage
 * error, and the error relative to a baseline forecast. Taught in `08-real-data.ipynb`.
 */
import { InputError } from '../core/errors.js';
import type { Vector } from '../core/types.js';
import { checkResult, checkVector } from '../core/validate.js';
import { meanOf, rootMeanSquare } from '../core/statistics.js';

function pairs(predictions: Vector, actual: Vector, argument = 'predictions'): number {
  const n = checkVector('actual', actual);
  checkVector(argument, predictions, n);
  return n;
}

/**
 * prediction − actual for every pair. Near the float64 limit a difference can
 * overflow although the error fits; then all are taken in halves and `factor` is 2.
 */
function differences(predictions: Vector, actual: Vector): { d: number[]; factor: number } {
  const d = predictions.map((p, i) => p - actual[i]!);
  if (d.every(Number.isFinite)) return { d, factor: 1 };
  return { d: predictions.map((p, i) => p / 2 - actual[i]! / 2), factor: 2 };
}

function mae(predictions: Vector, actual: Vector, argument: string): number {
  pairs(predictions, actual, argument);
  const { d, factor } = differences(predictions, actual);
  return checkResult(argument, meanOf(d.map(Math.abs)) * factor, 'the mean absolute error');
}

/**
 * Mean absolute error, mean(|prediction − actual|), in the units of the data.
 *
 * @throws {InputError} For empty, non-finite or differently long lists.
 * @example
 * ```ts
 * meanAbsoluteError([1, 5], [2, 3]); // (1 + 2) / 2 = 1.5
 * ```
 */
export function meanAbsoluteError(predictions: Vector, actual: Vector): number {
  return mae(predictions, actual, 'predictions');
}

/**
 * Root mean squared error, √mean((prediction − actual)²): like the MAE, but large
 * misses count more.
 *
 * @throws {InputError} For empty, non-finite or differently long lists.
 * @example
 * ```ts
 * rootMeanSquaredError([1, 5], [2, 3]); // √((1 + 4) / 2) ≈ 1.581
 * ```
 */
export function rootMeanSquaredError(predictions: Vector, actual: Vector): number {
  pairs(predictions, actual);
  const { d, factor } = differences(predictions, actual);
  return checkResult('predictions', rootMeanSquare(d) * factor, 'the root mean squared error');
}

/**
 * Mean absolute percentage error, 100 · mean(|prediction − actual| / |actual|).
 * Undefined when an actual value is 0, so that throws rather than returning Infinity.
 *
 * @throws {InputError} For an actual value of 0, or bad lists.
 * @example
 * ```ts
 * meanAbsolutePercentageError([110, 45], [100, 50]); // (10 % + 10 %) / 2 = 10
 * ```
 */
export function meanAbsolutePercentageError(predictions: Vector, actual: Vector): number {
  pairs(predictions, actual);
  const zero = actual.findIndex((a) => a === 0);
  if (zero >= 0) {
    throw new InputError('actual', `Expected every actual value to be non-zero for a percentage error but actual[${zero}] is 0; use meanAbsoluteError or relativeMeanAbsoluteError instead.`);
  }
  const { d, factor } = differences(predictions, actual);
  const ratios = d.map((x, i) => Math.abs(x) / Math.abs(actual[i]!));
  const meanRatio = ratios.every(Number.isFinite) ? meanOf(ratios) : Infinity; // a ratio beyond 1.8e308: so is the answer
  return checkResult('predictions', 100 * factor * meanRatio, 'the mean absolute percentage error');
}

/**
 * A forecast's mean absolute error divided by a baseline forecast's on the same
 * days: below 1 beats the baseline, above 1 loses to it.
 *
 * @param predictions The forecast to judge.
 * @param baseline The reference forecast, e.g. persistence (tomorrow = today).
 * @param actual What happened.
 * @throws {InputError} For bad lists, or a baseline that is exactly right every day (ratio undefined).
 * @example
 * ```ts
 * relativeMeanAbsoluteError([10, 20], [12, 14], [11, 18]); // MAE 1.5 / MAE 2.5 = 0.6
 * ```
 */
export function relativeMeanAbsoluteError(predictions: Vector, baseline: Vector, actual: Vector): number {
  const error = mae(predictions, actual, 'predictions');
  const reference = mae(baseline, actual, 'baseline');
  if (reference === 0) {
    throw new InputError('baseline', 'Expected a baseline with some error to compare against but its mean absolute error is 0.');
  }
  return error / reference;
}

/** The errors of one forecast, as the chapter's tables show them. */
export interface ForecastScores {
  /** Mean absolute error, in cases. */
  mae: number;
  /** Root mean squared error, in cases. */
  rmse: number;
  /** MAE divided by the baseline's MAE: below 1 beats the baseline. */
  relativeMae: number;
  /** Mean absolute percentage error, or `NaN` when an actual value is 0. */
  mape: number;
}

/**
 * All four errors of a forecast at once.
 *
 * @param predictions The forecast to judge.
 * @param baseline The reference for `relativeMae`, e.g. persistence.
 * @param actual What happened.
 * @throws {InputError} For bad lists, or a baseline without error.
 * @example
 * ```ts
 * scoreForecast([10, 20], [12, 14], [11, 18]); // { mae: 1.5, rmse: 1.58…, relativeMae: 0.6, mape: 10.1… }
 * ```
 */
export function scoreForecast(predictions: Vector, baseline: Vector, actual: Vector): ForecastScores {
  const relativeMae = relativeMeanAbsoluteError(predictions, baseline, actual);
  return {
    mae: meanAbsoluteError(predictions, actual),
    rmse: rootMeanSquaredError(predictions, actual),
    relativeMae,
    mape: actual.includes(0) ? NaN : meanAbsolutePercentageError(predictions, actual),
  };
}
