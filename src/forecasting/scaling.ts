/**
 * Feature scaling, column by column: standardisation ((x − mean) / std) and min-max
 * scaling to [0, 1]. Fit on the training data only, then apply the same numbers to
 * validation and test data, so that nothing about the future leaks into training;
 * invert to turn scaled predictions back into cases. Taught in `08-real-data.ipynb`.
 */
import { InputError } from '../core/errors.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkChoice, checkMatrix, checkOptions, checkPositive, checkResult, checkVector } from '../core/validate.js';
import { extent, meanOf, standardDeviationOf } from '../core/statistics.js';

/** The scaling methods: `"standardize"` (mean 0, std 1) or `"minMax"` (min 0, max 1). */
export const SCALING_METHODS = ['standardize', 'minMax'] as const;

/** A scaling method name. */
export type ScalingMethod = (typeof SCALING_METHODS)[number];

/** A fitted scaler: column `c` becomes `(x − offset[c]) / scale[c]`. */
export interface Scaler {
  readonly method: ScalingMethod;
  /** Mean (standardize) or minimum (minMax) of each training column. */
  readonly offset: readonly number[];
  /** Standard deviation (standardize) or max − min (minMax); `1` for a constant column. */
  readonly scale: readonly number[];
}

/** Options for {@link fitScaler}. */
export interface ScalerOptions {
  /** Default `"standardize"`. */
  method?: ScalingMethod;
}

const isVector = (values: Vector | Matrix): values is Vector => Array.isArray(values) && values.length > 0 && !Array.isArray(values[0]);

function rows(argument: string, values: Vector | Matrix, columns?: number): Matrix {
  if (isVector(values)) {
    checkVector(argument, values);
    if (columns !== undefined && columns !== 1) {
      throw new InputError(argument, `Expected ${argument} to have ${columns} columns, like the data the scaler was fitted on, but found a list of numbers (1 column).`);
    }
    return values.map((v) => [v]);
  }
  checkMatrix(argument, values, columns === undefined ? {} : { columns });
  return values;
}

/**
 * Learns each column's offset and scale. A list of numbers is one column.
 * Standard deviation is the population one (divide by n). A constant column gets
 * scale 1, so it becomes 0 instead of NaN.
 *
 * @param values Training rows (or training targets).
 * @param options `method`, default `"standardize"`.
 * @throws {InputError} For empty, ragged or non-finite data, or an unknown method.
 * @example
 * ```ts
 * const scaler = fitScaler([[1, 10], [3, 30]]); // offset [2, 20], scale [1, 10]
 * ```
 */
export function fitScaler(values: Vector | Matrix, options?: ScalerOptions): Scaler {
  const method = checkChoice('method', checkOptions('options', options).method ?? 'standardize', SCALING_METHODS);
  const data = rows('values', values);
  const columns = data[0]!.map((_, c) => data.map((row) => row[c]!));
  // Stable forms (a scaled mean and standard deviation), so values near 1.8e308 give finite numbers.
  const offset = columns.map((col) => (method === 'standardize' ? meanOf(col) : extent(col)[0]));
  const scale = columns.map((col, c) => {
    const spread = method === 'standardize' ? standardDeviationOf(col, 'values') : extent(col)[1] - offset[c]!;
    return checkResult('values', spread, `the range of column ${c} of values`) > 0 ? spread : 1;
  });
  return { method, offset, scale };
}

/** Checks that `scaler` looks like what {@link fitScaler} returns. */
function checkScaler(scaler: unknown): Scaler {
  const { method, offset, scale } = checkOptions<Partial<Scaler>>('scaler', scaler as Scaler, 'the result of fitScaler(values)');
  checkChoice('scaler.method', method, SCALING_METHODS);
  const columns = checkVector('scaler.offset', offset);
  checkVector('scaler.scale', scale, columns);
  scale!.forEach((s, c) => checkPositive(`scaler.scale[${c}]`, s));
  return scaler as Scaler;
}

/** Applies `map` to every value, checking that each result is finite. */
function mapFinite(data: Matrix, map: (x: number, c: number) => number): number[][] {
  return data.map((row) => row.map((x, c) => checkResult('values', map(x, c), 'a scaled value')));
}

/**
 * Scales data with a fitted scaler: `(x − offset) / scale` per column.
 *
 * @returns The same shape as `values`: rows for rows, a list for a list.
 * @throws {InputError} If the column count differs from the fitted data's.
 * @example
 * ```ts
 * const scaler = fitScaler(trainInputs);
 * const scaledTest = applyScaler(scaler, testInputs); // test data, training statistics
 * ```
 */
export function applyScaler(scaler: Scaler, values: Matrix): number[][];
export function applyScaler(scaler: Scaler, values: Vector): number[];
export function applyScaler(scaler: Scaler, values: Vector | Matrix): number[] | number[][] {
  checkScaler(scaler);
  const out = mapFinite(rows('values', values, scaler.offset.length), (x, c) => {
    const scaled = (x - scaler.offset[c]!) / scaler.scale[c]!;
    // x − offset can overflow although the scaled value fits: take the difference in halves.
    return Number.isFinite(scaled) ? scaled : ((x / 2 - scaler.offset[c]! / 2) / scaler.scale[c]!) * 2;
  });
  return isVector(values) ? out.map((row) => row[0]!) : out;
}

/**
 * Undoes {@link applyScaler}: `x · scale + offset` per column, e.g. to turn the
 * network's scaled predictions back into cases.
 *
 * @returns The same shape as `values`.
 * @throws {InputError} If the column count differs from the fitted data's.
 * @example
 * ```ts
 * const targetScaler = fitScaler(trainTargets);
 * const cases = invertScaler(targetScaler, scaledPredictions);
 * ```
 */
export function invertScaler(scaler: Scaler, values: Matrix): number[][];
export function invertScaler(scaler: Scaler, values: Vector): number[];
export function invertScaler(scaler: Scaler, values: Vector | Matrix): number[] | number[][] {
  checkScaler(scaler);
  const out = mapFinite(rows('values', values, scaler.offset.length), (x, c) => x * scaler.scale[c]! + scaler.offset[c]!);
  return isVector(values) ? out.map((row) => row[0]!) : out;
}
