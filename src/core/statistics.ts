/**
 * Summaries of many runs (over seeds) and of data: mean, variance, quantiles.
 * Used in `05-training-a-deep-network.ipynb` to explain the plateau.
 */
import { checkResult, checkVector } from './validate.js';
import type { Vector } from './types.js';

/**
 * The arithmetic mean. Stays finite wherever the true mean is: when the plain sum
 * overflows (values near the float64 limit of 1.8e308), the values are summed
 * divided by the largest magnitude and the mean scaled back.
 *
 * @throws {InputError} For empty or non-finite values.
 * @example
 * ```ts
 * mean([1e308, 1e308]); // 1e308, not Infinity
 * ```
 */
export function mean(values: Vector): number {
  checkVector('values', values);
  return meanOf(values);
}

/** {@link mean} without the check, for values known to be finite. */
export function meanOf(values: readonly number[]): number {
  const sum = values.reduce((s, v) => s + v, 0);
  if (Number.isFinite(sum)) return sum / values.length;
  const scale = extent(values.map(Math.abs))[1];
  return (values.reduce((s, v) => s + v / scale, 0) / values.length) * scale;
}

/**
 * The root mean square √mean(v²) of finite values, finite wherever the true one is:
 * the squares are taken of the values divided by the largest magnitude.
 */
export function rootMeanSquare(values: readonly number[]): number {
  const plain = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
  if (Number.isFinite(plain) && plain > 1e-150) return plain;
  const scale = extent(values.map(Math.abs))[1];
  if (scale === 0) return 0;
  return Math.sqrt(values.reduce((s, v) => s + (v / scale) ** 2, 0) / values.length) * scale;
}

/**
 * The population standard deviation √mean((v − mean)²), finite wherever the true one is.
 *
 * @throws {InputError} If the spread of the values does not fit in a float64.
 */
export function standardDeviationOf(values: readonly number[], argument = 'values'): number {
  const m = meanOf(values);
  // v − m can overflow only when the values span most of the float64 range in both signs.
  const deviations = values.map((v) => v - m);
  if (deviations.every(Number.isFinite)) return rootMeanSquare(deviations);
  const half = rootMeanSquare(values.map((v) => v / 2 - m / 2));
  return checkResult(argument, 2 * half, `the standard deviation of ${argument}`);
}

/**
 * The population variance, mean((v − mean)²): the mean squared error of the best
 * constant prediction, which is the mean.
 *
 * @throws {InputError} For empty or non-finite values, or a variance beyond float64's range (about 1.8e308).
 * @example
 * ```ts
 * variance([5, 7, 12, 19]); // 29.1875
 * ```
 */
export function variance(values: Vector): number {
  const m = mean(values);
  const plain = values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
  if (Number.isFinite(plain)) return plain;
  return checkResult('values', standardDeviationOf(values) ** 2, 'the variance of values');
}

/** Minimum, median, maximum and mean of a list of results. */
export interface Summary {
  min: number;
  median: number;
  max: number;
  mean: number;
}

/**
 * Summarises values, e.g. final errors over seeds.
 *
 * @example
 * ```ts
 * summarize([3, 1, 2]); // { min: 1, median: 2, max: 3, mean: 2 }
 * ```
 */
export function summarize(values: Vector): Summary {
  const m = mean(values);
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: middle(sorted), max: sorted.at(-1)!, mean: m };
}

/**
 * The smallest and the largest value, `[min, max]`, by a loop: `Math.min(...values)`
 * overflows the call stack past about a hundred thousand values. NaN is skipped; an
 * empty list gives `[Infinity, -Infinity]`.
 *
 * @example
 * ```ts
 * extent([3, 1, 2]); // [1, 3]
 * ```
 */
export function extent(values: Iterable<number>): [min: number, max: number] {
  let [low, high] = [Infinity, -Infinity];
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/**
 * The median: the middle value, or the mean of the two middle values for an even count.
 *
 * @throws {InputError} For an empty list or a value that is not a finite number.
 * @example
 * ```ts
 * median([4, 1, 3, 2]); // 2.5
 * ```
 */
export function median(values: Vector): number {
  checkVector('values', values);
  return middle([...values].sort((a, b) => a - b));
}

function middle(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return sorted[mid]!;
  const [a, b] = [sorted[mid - 1]!, sorted[mid]!];
  const sum = a + b;
  return Number.isFinite(sum) ? sum / 2 : a / 2 + b / 2; // halves first near the float64 limit
}
