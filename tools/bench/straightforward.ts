/**
 * The baseline our tensor engine is measured against: hand-written backprop in
 * straightforward TensorFlow.js, the way `backprop.ts` was written before it was
 * tuned: `tf.tanh`, the derivative recomputed from z, and `aᵀ·δ` as
 * `matMul(transpose(a), δ)`. Batches are uploaded from typed arrays, as ours are.
 */
import { activation, createRandom, gatherRows, shuffleInPlace, tf, type WorkloadProblem } from 'backprop-ts/internal';
import { SHUFFLE_SEED, runUntilDone, type EpochClock } from './stack-timing.js';

/** One step on a batch: returns the new weights and the loss; disposes nothing it was given. */
export function straightforwardStep(problem: WorkloadProblem, weights: tf.Tensor2D[], X: tf.Tensor2D, Y: tf.Tensor2D): { weights: tf.Tensor2D[]; loss: number } {
  const acts = problem.network.activations.map((name) => activation(name));
  const lr = problem.workload.learningRate;
  const next = tf.tidy(() => {
    const inputs: tf.Tensor2D[] = [X];
    const pre: tf.Tensor2D[] = [];
    weights.forEach((W, l) => {
      pre.push(tf.matMul(inputs[l]!, W));
      inputs.push(acts[l]!.forward(pre[l]!) as tf.Tensor2D);
    });
    const error = tf.sub(inputs.at(-1)!, Y);
    const loss = tf.mean(tf.square(error));
    let upstream: tf.Tensor = tf.mul(error, 2 / error.size);
    const updated: tf.Tensor2D[] = [];
    for (let l = weights.length - 1; l >= 0; l--) {
      const delta = tf.mul(upstream, acts[l]!.derivative(pre[l]!));
      updated[l] = tf.sub(weights[l]!, tf.mul(lr, tf.matMul(tf.transpose(inputs[l]!), delta)));
      if (l > 0) upstream = tf.matMul(delta, tf.transpose(weights[l]!));
    }
    return [loss, ...updated] as tf.Tensor[];
  });
  const loss = next[0]!.dataSync()[0]!;
  next[0]!.dispose();
  return { weights: next.slice(1) as tf.Tensor2D[], loss };
}

/** Trains from the initial weights, shuffling like `trainNetwork` (seed 1), until `clock` ends the run. */
export function timeStraightforward(problem: WorkloadProblem, clock: EpochClock): Promise<void> {
  const { workload: w, X, Y } = problem;
  const rows = problem.inputs.length;
  const [columns, outputs] = [w.sizes[0]!, w.sizes.at(-1)!];
  const batchSize = Math.min(w.batchSize, rows);
  let weights = problem.network.weights.map((m) => tf.tensor2d(m as number[][]));
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  const random = createRandom(SHUFFLE_SEED);
  const [xb, yb] = [new Float32Array(batchSize * columns), new Float32Array(batchSize * outputs)];
  return runUntilDone(() => {
    try {
      for (;;) {
        if (batchSize < rows) shuffleInPlace(order, random);
        let lossSum = 0;
        for (let start = 0; start < rows; start += batchSize) {
          const m = Math.min(rows, start + batchSize) - start;
          gatherRows(X, columns, order, start, start + m, xb);
          gatherRows(Y, outputs, order, start, start + m, yb);
          const [xt, yt] = [tf.tensor2d(xb.subarray(0, m * columns), [m, columns]), tf.tensor2d(yb.subarray(0, m * outputs), [m, outputs])];
          const step = straightforwardStep(problem, weights, xt, yt);
          tf.dispose([xt, yt, ...weights]);
          weights = step.weights;
          lossSum += step.loss * m;
        }
        clock.epochEndedOrStop(lossSum / rows);
      }
    } finally {
      tf.dispose(weights);
    }
  });
}
