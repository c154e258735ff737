/**
 * Generalized gradient descent, vectorized with TensorFlow.js: one full-batch update
 * per epoch computed with matrix products in float32.
 * Taught in `02-vectorization-with-tfjs.ipynb`.
 */
import { DivergenceError } from '../core/errors.js';
import { resolveLinear, type LinearDivergence, type LinearEpoch, type LinearOptions, type LinearResult } from './gradient-descent-loop.js';
import { tf } from '../core/tf.js';
import type { Matrix, Vector } from '../core/types.js';

/**
 * Trains a weighted sum by full-batch gradient descent on the active tfjs backend.
 * Each epoch: `predictions = X·w`, `loss = predictions − y`,
 * `w −= learningRate · Xᵀ·loss`; the epoch error is the mean squared error of that
 * epoch's predictions. Float32, so it agrees with the article to about 1e-6 relative.
 * Creates no tensors that outlive the call.
 *
 * @param inputs Samples as rows, e.g. `INPUTS`.
 * @param targets One target per row, e.g. `TARGETS`.
 * @param options Initial weights, learning rate and epochs (article defaults).
 * @returns Final weights and a record per epoch, as plain numbers.
 * @throws {InputError} On ragged, empty or non-finite data, mismatched sizes, or bad options.
 * @throws {DivergenceError} When an epoch's error is not finite.
 * @example
 * ```ts
 * const { history } = gradientDescentVectorized(INPUTS, TARGETS);
 * history[0].loss; // 9.4375
 * ```
 */
export function gradientDescentVectorized(inputs: Matrix, targets: Vector, options?: LinearOptions): LinearResult {
  const { initialWeights, learningRate, epochs, onEpoch, recordPredictions } = resolveLinear(inputs, targets, options, true);
  const X = tf.tensor2d(inputs as number[][]);
  const Xt = tf.transpose(X);
  const y = tf.tensor2d(targets as number[], [targets.length, 1]);
  let weights = tf.tensor2d(initialWeights as number[], [initialWeights.length, 1]);
  const history: LinearEpoch[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const [predictions, error, next] = tf.tidy(() => {
        const p = tf.matMul(X, weights);
        const loss = tf.sub(p, y);
        const change = tf.mul(learningRate, tf.matMul(Xt, loss));
        return [p, tf.mean(tf.square(loss)), tf.sub(weights, change)] as const;
      });
      const record = { epoch, loss: error.dataSync()[0]!, predictions: recordPredictions ? Array.from(predictions.dataSync()) : [] };
      predictions.dispose();
      error.dispose();
      if (!Number.isFinite(record.loss)) {
        next.dispose();
        const state: LinearDivergence = { history, weights: Array.from(weights.dataSync()) };
        throw new DivergenceError(epoch, record.loss, history.at(-1)?.loss, state);
      }
      history.push(record);
      weights.dispose();
      weights = next;
      onEpoch?.(record);
    }
    return { weights: Array.from(weights.dataSync()), history };
  } finally {
    tf.dispose([X, Xt, y, weights]);
  }
}
