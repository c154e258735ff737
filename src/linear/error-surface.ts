/**
 * The error surface of a weighted sum of two inputs: its mean squared error as a
 * function of the two weights. For a weighted sum that surface is exactly a bowl,
 *
 *   MSE(w) = minimumError + (w − optimum)ᵀ · XᵀX · (w − optimum) / N,
 *
 * so its contours are ellipses whose axes follow the eigenvectors of XᵀX. The ratio of
 * the two eigenvalues (the condition number) is why gradient descent crawls along the
 * flat direction. Taught in `01-generalized-gradient-descent.ipynb`.
 */
import { InputError } from '../core/errors.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkFinite, checkMatrix, checkPositiveInteger, checkResult, checkSameSamples, checkVector } from '../core/validate.js';

/** A pair of numbers: two weights, or a direction in weight space. */
export type Pair = [number, number];

/** The error surface of a weighted sum of two inputs (see {@link errorSurface}). */
export interface ErrorSurface {
  /** XᵀX, the matrix of the normal equations `XᵀX·w = Xᵀy`. */
  gram: [Pair, Pair];
  /** Eigenvalues of XᵀX, largest first: how steeply the error rises along each direction. */
  eigenvalues: Pair;
  /** Unit eigenvectors of XᵀX, in the order of `eigenvalues`. */
  directions: [Pair, Pair];
  /** `eigenvalues[0] / eigenvalues[1]`, the condition number: 1 for round contours. */
  condition: number;
  /** The least-squares weights, where the mean squared error is smallest. */
  optimum: Pair;
  /** The mean squared error at `optimum`. */
  minimumError: number;
  /** Number of samples N. */
  samples: number;
}

/** The mean squared error of the weighted sum without checks (the callers have checked). */
function mse(inputs: Matrix, targets: Vector, weights: Vector): number {
  let sum = 0;
  inputs.forEach((x, n) => {
    sum += (x[0]! * weights[0]! + x[1]! * weights[1]! - targets[n]!) ** 2;
  });
  return sum / inputs.length;
}

/** Checks inputs (two columns) and targets; returns the number of samples. */
function checkData(inputs: Matrix, targets: Vector): number {
  const [rows, columns] = checkMatrix('inputs', inputs);
  if (columns !== 2) {
    throw new InputError('inputs', `Expected inputs to have 2 columns (one per weight, the two axes of the surface) but found ${columns}.`);
  }
  checkVector('targets', targets);
  checkSameSamples(inputs, targets);
  return rows;
}

/**
 * The mean squared error `Σ (w·xₙ − yₙ)² / N` of a weighted sum of two inputs at `weights`.
 *
 * @throws {InputError} For inputs without exactly two columns, bad values or mismatched sizes.
 * @example
 * ```ts
 * errorAt(INPUTS, TARGETS, [1, 0.5]); // 9.4375, the batch error of epoch 1
 * ```
 */
export function errorAt(inputs: Matrix, targets: Vector, weights: Vector): number {
  checkData(inputs, targets);
  checkVector('weights', weights, 2);
  return checkResult('inputs', mse(inputs, targets, weights), 'the mean squared error');
}

/**
 * Solves the normal equations and diagonalises XᵀX for a weighted sum of two inputs.
 *
 * @param inputs Samples as rows of two numbers, e.g. `INPUTS`.
 * @param targets One target per row, e.g. `TARGETS`.
 * @returns The least-squares weights, their error, XᵀX and its eigenvalues and eigenvectors.
 * @throws {InputError} For inputs without exactly two columns, columns that are (nearly) proportional, bad values or mismatched sizes.
 * @example
 * ```ts
 * const surface = errorSurface(INPUTS, TARGETS);
 * surface.optimum; // ≈ [1.2015, 0.9501]
 * surface.eigenvalues; // ≈ [263.0, 1.98]
 * ```
 */
export function errorSurface(inputs: Matrix, targets: Vector): ErrorSurface {
  const samples = checkData(inputs, targets);
  let [a, b, d, u, v] = [0, 0, 0, 0, 0];
  inputs.forEach((x, n) => {
    a += x[0]! * x[0]!;
    b += x[0]! * x[1]!;
    d += x[1]! * x[1]!;
    u += x[0]! * targets[n]!;
    v += x[1]! * targets[n]!;
  });
  [a, b, d, u, v].forEach((s) => checkResult('inputs', s, 'every entry of XᵀX and Xᵀy'));
  const det = a * d - b * b;
  // Relative to a·d: proportional columns give 0 up to rounding.
  if (!(det > 1e-12 * a * d)) {
    throw new InputError('inputs', `Expected the two columns of inputs to be linearly independent (one weight per direction) but XᵀX is singular: det ${det} for diagonal ${a}, ${d}.`);
  }
  const optimum: Pair = [(d * u - b * v) / det, (a * v - b * u) / det];
  optimum.forEach((w) => checkResult('inputs', w, 'the least-squares weights'));
  const mean = (a + d) / 2;
  const largest = mean + Math.hypot((a - d) / 2, b);
  const smallest = det / largest; // = mean − hypot(...), without its cancellation
  // (largest − d, b) and (b, largest − a) are both eigenvectors; take the longer one.
  const raw: Pair = a >= d ? [largest - d, b] : [b, largest - a];
  const length = Math.hypot(raw[0], raw[1]);
  const first: Pair = length === 0 ? [1, 0] : [raw[0] / length, raw[1] / length];
  return {
    gram: [[a, b], [b, d]],
    eigenvalues: [largest, smallest],
    directions: [first, [-first[1], first[0]]],
    condition: largest / smallest,
    optimum,
    minimumError: mse(inputs, targets, optimum),
    samples,
  };
}

/**
 * The contour of the surface at one error level: the ellipse of weights whose mean
 * squared error is `level`, as a closed list of points (the last repeats the first).
 *
 * @param surface From {@link errorSurface}.
 * @param level A mean squared error above `surface.minimumError`.
 * @param points Points around the ellipse, an integer > 0. Default `120`.
 * @throws {InputError} For a level that is not finite or not above the minimum.
 * @example
 * ```ts
 * errorContour(errorSurface(INPUTS, TARGETS), 1); // weights where the MSE is 1
 * ```
 */
export function errorContour(surface: ErrorSurface, level: number, points = 120): Pair[] {
  checkFinite('level', level);
  const count = checkPositiveInteger('points', points);
  const excess = level - surface.minimumError;
  if (!(excess > 0)) {
    throw new InputError('level', `Expected level to be above the smallest error, ${surface.minimumError}, but found ${level}.`);
  }
  // Along direction k the error rises by eigenvalue·t²/N, so it reaches the level at t = √(excess·N / eigenvalue).
  const [r0, r1] = surface.eigenvalues.map((lambda) => Math.sqrt((excess * surface.samples) / lambda)) as Pair;
  const [[p0, p1], [q0, q1]] = surface.directions;
  const [w0, w1] = surface.optimum;
  return Array.from({ length: count + 1 }, (_, i): Pair => {
    const angle = (2 * Math.PI * (i % count)) / count;
    const [s, c] = [r0 * Math.cos(angle), r1 * Math.sin(angle)];
    return [w0 + s * p0 + c * q0, w1 + s * p1 + c * q1];
  });
}
