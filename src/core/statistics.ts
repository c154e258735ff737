/**
 * Summaries of many runs (over seeds) and of data: mean, variance, quantiles.
 * Used in `05-training-a-deep-network.ipynb` to explain the plateau.
 */
import { checkVector } from './validate.js';
import type { Vector } from './types.js';

/** The arithmetic mean. @throws {InputError} For empty or non-finite values. */
export function mean(values: Vector): number {
  checkVector('values', values);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * The population variance, mean((v − mean)²): the mean squared error of the best
 * constant prediction, which is the mean.
 *
 * @example
 * ```ts
 * variance([5, 7, 12, 19]); // 29.1875
 * ```
 */
export function variance(values: Vector): number {
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length;
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
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
