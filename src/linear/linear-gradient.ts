/**
 * The gradient of one example's squared error for the weighted-sum model, by hand
 * and by TensorFlow.js autodiff: the smallest case of backpropagation.
 * Taught in `03-backpropagation.ipynb`.
 */
import { weightedSum } from './gradient-descent-loop.js';
import { tf } from '../core/tf.js';
import type { Vector } from '../core/types.js';
import { checkFinite, checkResult, checkVector, FLOAT32_MAX } from '../core/validate.js';
import { InputError } from '../core/errors.js';

function check(x: Vector, weights: Vector, target: number, float32 = false): void {
  const n = checkVector('x', x, undefined, { float32 });
  checkVector('weights', weights, n, { float32 });
  checkFinite('target', target);
  if (float32 && Math.abs(target) > FLOAT32_MAX) {
    throw new InputError('target', `Expected target within float32's range (±${FLOAT32_MAX.toExponential(4)}) but found ${target}.`);
  }
}

/** The gradient's entries must be finite: an overflow names x, whose size it comes from. */
const finiteGradient = (gradient: number[]) => gradient.map((g) => checkResult('x', g, 'every entry of the gradient'));

/**
 * ∂/∂wᵢ of ½·(ŷ − y)² with ŷ = Σ xᵢ·wᵢ, which is (ŷ − y)·xᵢ: how much each weight
 * contributed to this example's error. Gradient descent then steps against it.
 *
 * @example
 * ```ts
 * linearGradient([2, 1], [1, 0.5], 5); // [-5, -2.5]
 * ```
 */
export function linearGradient(x: Vector, weights: Vector, target: number): number[] {
  check(x, weights, target);
  const delta = weightedSum(x, weights) - target;
  return finiteGradient(x.map((xi) => delta * xi));
}

/**
 * The same gradient computed by tfjs autodiff (`tf.grad`) in float32, as a check on
 * {@link linearGradient}. Needs an active backend; leaves no tensors behind.
 *
 * @example
 * ```ts
 * linearGradientAutodiff([2, 1], [1, 0.5], 5); // [-5, -2.5]
 * ```
 */
export function linearGradientAutodiff(x: Vector, weights: Vector, target: number): number[] {
  check(x, weights, target, true);
  return finiteGradient(
    tf.tidy(() => {
      const xs = tf.tensor1d(x as number[]);
      const loss = (w: tf.Tensor) => tf.mul(0.5, tf.square(tf.sub(tf.sum(tf.mul(xs, w)), target)));
      return Array.from(tf.grad(loss)(tf.tensor1d(weights as number[])).dataSync());
    }),
  );
}
