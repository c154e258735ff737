/**
 * Gradient checking: our hand-written backpropagation against TensorFlow.js
 * autodiff (`tf.grads`) and against central finite differences in float64, the way
 * micrograd checks itself against PyTorch. Taught in `06-gradient-checking.ipynb`.
 *
 * Tolerance. Gradients are compared parameter by parameter: |a − b| / max(|a|, |b|,
 * 10⁻³·s), where s is the largest gradient magnitude, so that a gradient a thousand
 * times smaller than the largest is judged on the scale of float32 noise rather than
 * its own. Backprop and autodiff run in float32 (about 7 significant digits); they
 * often agree exactly, and across every activation and depth 1 to 4 we measured at
 * most about 1e-5 against autodiff and 3e-5 against float64 finite differences
 * (h = 1e-5). A wrong derivative, even on one parameter, gives 1e-1 or more. The
 * default tolerance, 1e-3, sits between the two with room on both sides.
 */
import { activation } from './activations.js';
import { InputError } from '../core/errors.js';
import { backpropTensors, toTensors, type Objective } from './backprop.js';
import { checkNetwork, forwardPlain, targetRows, type Network } from './network.js';
import { tf, tidyValue } from '../core/tf.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkArray, checkChoice, checkMatrix, checkOptions, checkPositive, checkSameSamples, checkVector, describe } from '../core/validate.js';

/** Gradients shaped like a network's parameters. */
export interface Gradients {
  weights: number[][][];
  /** `null` for a network without biases. */
  biases: number[][] | null;
}

/** Options shared by the gradient functions. */
export interface GradientOptions {
  /** The loss differentiated. Default `"mse"`. */
  objective?: Objective;
}

/** The objectives the gradient functions differentiate. */
const OBJECTIVES = ['mse', 'halfSse'] as const satisfies readonly Objective[];

/**
 * Checks the arguments every gradient function takes; returns the targets as rows
 * and the objective. `float32` (backprop, autodiff) also rejects values beyond float32's range.
 */
function prepare(network: Network, inputs: Matrix, targets: Vector | Matrix, options: GradientOptions | undefined, float32: boolean) {
  const { objective } = checkOptions('options', options);
  checkNetwork(network, { float32 });
  checkMatrix('inputs', inputs, { columns: network.sizes[0]!, float32 });
  const rows = targetRows(targets, network.sizes.at(-1)!, { float32 });
  checkSameSamples(inputs, rows);
  return { rows, objective: checkChoice('objective', objective ?? 'mse', OBJECTIVES) };
}

/**
 * Checks that every gradient is a finite number: with valid inputs, an overflow
 * (float32 tops out at 3.4e38) would otherwise come back as NaN or Infinity.
 */
function checkFiniteGradients(gradients: Gradients, precision: string): Gradients {
  const bad = flattenGradients(gradients).find((g) => !Number.isFinite(g));
  if (bad !== undefined) {
    throw new InputError('inputs', `Expected the gradients to be finite numbers in ${precision} but found ${bad}: the inputs, targets or weights are too large; scale them down.`);
  }
  return gradients;
}

/** The gradients of our hand-written backpropagation (float32). */
export function backpropGradients(network: Network, inputs: Matrix, targets: Vector | Matrix, options?: GradientOptions): Gradients {
  const { rows, objective } = prepare(network, inputs, targets, options, true);
  const parameters = toTensors(network);
  try {
    return checkFiniteGradients(tidyValue(() => {
      const result = backpropTensors(network, parameters, tf.tensor2d(inputs as number[][]), tf.tensor2d(rows as number[][]), objective);
      return {
        weights: result.weightGradients.map((g) => g.arraySync()),
        biases: network.biases ? result.biasGradients.map((g) => Array.from(g.dataSync())) : null,
      };
    }), 'float32');
  } finally {
    tf.dispose([...parameters.weights, ...parameters.biases]);
  }
}

/** The same gradients by TensorFlow.js autodiff (`tf.grads`, float32). */
export function autodiffGradients(network: Network, inputs: Matrix, targets: Vector | Matrix, options?: GradientOptions): Gradients {
  const { rows, objective } = prepare(network, inputs, targets, options, true);
  const layers = network.weights.length;
  return checkFiniteGradients(tidyValue(() => {
    const X = tf.tensor2d(inputs as number[][]);
    const Y = tf.tensor2d(rows as number[][]);
    const loss = (...params: tf.Tensor[]) => {
      const output = params.slice(0, layers).reduce<tf.Tensor>((a, W, l) => {
        const z = network.biases ? tf.add(tf.matMul(a, W as tf.Tensor2D), params[layers + l]!) : tf.matMul(a, W as tf.Tensor2D);
        return activation(network.activations[l]!).forward(z);
      }, X);
      const squared = tf.square(tf.sub(output, Y));
      return objective === 'mse' ? tf.mean(squared) : tf.mul(0.5, tf.sum(squared));
    };
    const params = [
      ...network.weights.map((w) => tf.tensor2d(w as number[][])),
      ...(network.biases?.map((b) => tf.tensor1d(b as number[])) ?? []),
    ];
    const grads = tf.grads(loss)(params);
    return {
      weights: grads.slice(0, layers).map((g) => g.arraySync() as number[][]),
      biases: network.biases ? grads.slice(layers).map((g) => Array.from(g.dataSync())) : null,
    };
  }), 'float32');
}

/** The objective in float64, from the plain forward pass (`predictPlain`). */
function plainLoss(network: Network, inputs: Matrix, rows: Matrix, objective: Objective): number {
  const outputs = forwardPlain(network, inputs);
  let sum = 0;
  outputs.forEach((row, r) => row.forEach((y, c) => (sum += (y - rows[r]![c]!) ** 2)));
  return objective === 'mse' ? sum / (outputs.length * outputs[0]!.length) : sum / 2;
}

/**
 * Central finite differences in float64: (L(θ + h) − L(θ − h)) / 2h for every
 * parameter θ. Slow (two forward passes per parameter), exact enough to judge the others.
 *
 * @param options `epsilon` is h. Default `1e-5`.
 */
export function numericGradients(
  network: Network,
  inputs: Matrix,
  targets: Vector | Matrix,
  options?: GradientOptions & { epsilon?: number },
): Gradients {
  const { rows, objective } = prepare(network, inputs, targets, options, false);
  const h = checkPositive('epsilon', options?.epsilon ?? 1e-5);
  const weights = network.weights.map((w) => w.map((row) => [...row]));
  const biases = network.biases?.map((b) => [...b]) ?? null;
  const probe = { ...network, weights, biases };
  const slope = (get: () => number, set: (v: number) => void) => {
    const original = get();
    set(original + h);
    const up = plainLoss(probe, inputs, rows, objective);
    set(original - h);
    const down = plainLoss(probe, inputs, rows, objective);
    set(original);
    return (up - down) / (2 * h);
  };
  return checkFiniteGradients({
    weights: weights.map((w) => w.map((row) => row.map((_, j) => slope(() => row[j]!, (v) => (row[j] = v))))),
    biases: biases?.map((b) => b.map((_, j) => slope(() => b[j]!, (v) => (b[j] = v)))) ?? null,
  }, 'float64');
}

/** Flattens gradients into one list, weights first. */
export function flattenGradients(gradients: Gradients): number[] {
  return [...gradients.weights.flat(2), ...(gradients.biases?.flat() ?? [])];
}

/**
 * The finite numbers of one gradient argument, as a flat list: an array of numbers,
 * or gradients `{ weights, biases }`. Anything else, or a NaN, is an InputError naming it.
 */
function gradientValues(argument: string, g: unknown): readonly number[] {
  if (Array.isArray(g)) {
    checkVector(argument, g);
    return g as number[];
  }
  if (typeof g !== 'object' || g === null) {
    throw new InputError(argument, `Expected ${argument} to be an array of numbers or gradients { weights, biases } but found ${describe(g)}.`);
  }
  const { weights, biases } = g as Gradients;
  checkArray(`${argument}.weights`, weights, 'an array of weight-gradient matrices');
  weights.forEach((w, l) => checkMatrix(`${argument}.weights[${l}]`, w));
  if (biases !== null && biases !== undefined) {
    checkArray(`${argument}.biases`, biases, 'an array of bias-gradient rows or null');
    biases.forEach((b, l) => checkVector(`${argument}.biases[${l}]`, b));
  }
  return flattenGradients(g as Gradients);
}

/**
 * Two gradients as flat lists of the same length, divided by their largest
 * magnitude, so that norms and differences of gradients near 1.8e308 do not overflow
 * (the relative errors are ratios, unchanged by the scaling). Returns the scale too; 0 when both are all zeros.
 */
function flatPair(a: Gradients | readonly number[], b: Gradients | readonly number[]): [readonly number[], readonly number[], number] {
  const x = gradientValues('a', a);
  const y = gradientValues('b', b);
  if (x.length !== y.length) throw new InputError('b', `Expected gradients of the same size but found ${x.length} and ${y.length}.`);
  const largest = (v: readonly number[]) => v.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
  const scale = Math.max(largest(x), largest(y));
  if (scale === 0) return [x, y, 0];
  return [x.map((t) => t / scale), y.map((t) => t / scale), scale];
}

/**
 * Relative error between two gradient vectors, ‖a − b‖ / (‖a‖ + ‖b‖): 0 when equal,
 * 1 when opposite, scale-free. Two zero vectors give 0.
 *
 * @throws {InputError} (argument `"a"` or `"b"`) for a value that is not a finite number, an empty or malformed argument, or sizes that differ.
 */
export function relativeError(a: Gradients | readonly number[], b: Gradients | readonly number[]): number {
  const [x, y, scale] = flatPair(a, b);
  if (scale === 0) return 0;
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
  // At most 1 by the triangle inequality; rounding can add an ulp for opposite vectors.
  return Math.min(1, norm(x.map((t, i) => t - y[i]!)) / (norm(x) + norm(y)));
}

/**
 * The largest per-parameter relative error between two gradients:
 * maxᵢ |aᵢ − bᵢ| / max(|aᵢ|, |bᵢ|, 10⁻³·s), with s the largest |aᵢ| or |bᵢ|.
 * Unlike {@link relativeError}, one wrong parameter cannot hide behind large ones.
 *
 * @throws {InputError} As {@link relativeError}.
 * @example
 * ```ts
 * maxRelativeError([100, 0.1], [100, 0]); // 1: the small gradient is entirely wrong
 * ```
 */
export function maxRelativeError(a: Gradients | readonly number[], b: Gradients | readonly number[]): number {
  const [x, y, scale] = flatPair(a, b);
  if (scale === 0) return 0;
  // Scaled so that the largest magnitude is 1, hence the floor 10⁻³ · 1.
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!) / Math.max(Math.abs(v), Math.abs(y[i]!), 1e-3)), 0);
}

/** Result of {@link checkGradients}. */
export interface GradientCheckResult {
  /** Largest per-parameter relative error of our backprop against autodiff ({@link maxRelativeError}). */
  vsAutodiff: number;
  /** Largest per-parameter relative error of our backprop against finite differences. */
  vsNumeric: number;
  tolerance: number;
  /** Whether both errors are within the tolerance. */
  passed: boolean;
  backprop: Gradients;
  autodiff: Gradients;
  numeric: Gradients;
}

/**
 * Checks our backpropagation against autodiff and finite differences.
 *
 * @param options `tolerance` on the per-parameter relative error. Default `1e-3` (see the module comment).
 * @example
 * ```ts
 * checkGradients(createNetwork([2, 3, 1], { seed: 1 }), INPUTS, TARGETS).passed; // true
 * ```
 */
export function checkGradients(
  network: Network,
  inputs: Matrix,
  targets: Vector | Matrix,
  options?: GradientOptions & { tolerance?: number },
): GradientCheckResult {
  const tolerance = checkPositive('tolerance', checkOptions('options', options).tolerance ?? 1e-3);
  const backprop = backpropGradients(network, inputs, targets, options);
  const autodiff = autodiffGradients(network, inputs, targets, options);
  const numeric = numericGradients(network, inputs, targets, options);
  const vsAutodiff = maxRelativeError(backprop, autodiff);
  const vsNumeric = maxRelativeError(backprop, numeric);
  return { vsAutodiff, vsNumeric, tolerance, passed: vsAutodiff <= tolerance && vsNumeric <= tolerance, backprop, autodiff, numeric };
}
