/**
 * Ordinary least squares, solved exactly in float64: the honest baseline a network
 * must beat. The weights solve the normal equations on centred data,
 * (XcᵀXc / n) w = Xcᵀyc / n, by Gaussian elimination; the intercept is
 * mean(y) − mean(X)·w. A tiny ridge keeps the system solvable when columns are
 * redundant; a constant column gets weight 0. Taught in `08-real-data.ipynb`.
 */
import { InputError } from '../core/errors.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkFinite, checkMatrix, checkOptions, checkResult, checkSameSamples, checkVector, describe } from '../core/validate.js';
import { extent, meanOf } from '../core/statistics.js';

/** A fitted linear model: `prediction = intercept + Σ weights[i] · x[i]`. */
export interface LinearModel {
  readonly weights: readonly number[];
  readonly intercept: number;
}

/** Options for {@link fitLinearRegression}. */
export interface LinearRegressionOptions {
  /**
   * Ridge penalty on the standardised weights: the normal equations are solved with
   * each column divided by its standard deviation and `ridge` added to the diagonal,
   * so the fit is the same whatever the columns' units.
   * Default `1e-10`: enough to make duplicated columns (or one-hot columns that always
   * sum to 1) solvable, far too small to change a well-posed fit. `0` gives plain
   * least squares, and an error for linearly dependent columns.
   */
  ridge?: number;
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const scale = extent(A.map((row, i) => Math.abs(row[i]!)))[1];
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i]![k]!) > Math.abs(A[pivot]![k]!)) pivot = i;
    // A pivot this small relative to the diagonal means the columns are dependent.
    if (!(Math.abs(A[pivot]![k]!) > 1e-13 * scale)) return undefined;
    [A[k], A[pivot]] = [A[pivot]!, A[k]!];
    [b[k], b[pivot]] = [b[pivot]!, b[k]!];
    for (let i = k + 1; i < n; i++) {
      const factor = A[i]![k]! / A[k]![k]!;
      for (let j = k; j < n; j++) A[i]![j]! -= factor * A[k]![j]!;
      b[i]! -= factor * b[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= A[i]![j]! * x[j]!;
    x[i] = s / A[i]![i]!;
  }
  return x;
}

/**
 * Fits `y ≈ intercept + X·w` by least squares (with a tiny relative ridge).
 * A constant input column gets weight 0.
 *
 * @param inputs One row per sample.
 * @param targets One number per sample.
 * @param options `ridge`, default `1e-10` (relative).
 * @returns The weights (one per column) and the intercept.
 * @throws {InputError} For bad shapes or values, a negative ridge, or (with `ridge: 0`) linearly dependent columns.
 * @example
 * ```ts
 * fitLinearRegression([[0], [1], [2]], [1, 3, 5]); // { weights: [2], intercept: 1 } (to rounding)
 * ```
 */
export function fitLinearRegression(inputs: Matrix, targets: Vector, options?: LinearRegressionOptions): LinearModel {
  const [n, p] = checkMatrix('inputs', inputs);
  checkVector('targets', targets);
  checkSameSamples(inputs, targets);
  const ridge = checkOptions('options', options).ridge ?? 1e-10;
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new InputError('ridge', `Expected ridge to be a finite number of 0 or more but found ${describe(ridge)}.`);
  }
  // Work on data divided by a power of two near each column's largest magnitude: exact
  // (the fit is the same to the last bit), and no product overflows near 1.8e308.
  const xScale = Array.from({ length: p }, (_, c) => powerOfTwo(extent(inputs.map((row) => Math.abs(row[c]!)))[1]));
  const yScale = powerOfTwo(extent(targets.map(Math.abs))[1]);
  const Xs = inputs.map((row) => row.map((x, c) => x / xScale[c]!));
  const ys = targets.map((t) => t / yScale);
  const xMean = Array.from({ length: p }, (_, c) => meanOf(Xs.map((row) => row[c]!)));
  const yMean = meanOf(ys);
  const X = Xs.map((row) => row.map((x, c) => x - xMean[c]!));
  const y = ys.map((t) => t - yMean);
  // Covariance matrix C = XᵀX / n and right-hand side Xᵀy / n, on centred data.
  const C = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0) / n));
  const rhs = Array.from({ length: p }, (_, i) => X.reduce((s, row, r) => s + row[i]! * y[r]!, 0) / n);
  // Solve in correlation form (each column divided by its standard deviation), so
  // the fit and the ridge do not depend on the columns' units. A constant column
  // carries no information: it gets weight 0.
  const active = C.map((_, i) => i).filter((i) => C[i]![i]! > 0);
  const std = active.map((i) => Math.sqrt(C[i]![i]!));
  const A = active.map((i, a) => active.map((j, b) => C[i]![j]! / (std[a]! * std[b]!) + (a === b ? ridge : 0)));
  const solved = active.length === 0 ? [] : solve(A, active.map((i, a) => rhs[i]! / std[a]!));
  if (solved === undefined) {
    throw new InputError('inputs', `Expected linearly independent input columns for ridge ${ridge} but the normal equations are singular; use a ridge above 0 or drop redundant columns.`);
  }
  const scaledWeights = new Array<number>(p).fill(0);
  active.forEach((i, a) => (scaledWeights[i] = solved[a]! / std[a]!));
  const scaledIntercept = yMean - scaledWeights.reduce((s, w, c) => s + w * xMean[c]!, 0);
  const weights = scaledWeights.map((w, c) => checkResult('inputs', (w / xScale[c]!) * yScale, `weight ${c} of the fit`));
  return { weights, intercept: checkResult('targets', scaledIntercept * yScale, 'the intercept of the fit') };
}

/** The largest power of two not above `m` (1 for 0): dividing by it is exact. */
function powerOfTwo(m: number): number {
  return m === 0 ? 1 : 2 ** Math.floor(Math.log2(m));
}

/**
 * Predicts with a fitted linear model.
 *
 * @returns One prediction per row.
 * @throws {InputError} If the rows do not have one value per weight.
 * @example
 * ```ts
 * predictLinear({ weights: [2], intercept: 1 }, [[10]]); // [21]
 * ```
 */
export function predictLinear(model: LinearModel, inputs: Matrix): number[] {
  const { weights, intercept } = checkOptions<Partial<LinearModel>>('model', model, 'the result of fitLinearRegression(inputs, targets)');
  const columns = checkVector('model.weights', weights);
  checkFinite('model.intercept', intercept);
  checkMatrix('inputs', inputs, { columns });
  return inputs.map((row, r) => checkResult('inputs', row.reduce((s, x, c) => s + x * weights![c]!, intercept!), `the prediction for inputs[${r}]`));
}
