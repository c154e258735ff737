/**
 * The tfjs Layers peer: what a TensorFlow.js user would write, `tf.sequential` with
 * dense layers (no bias), `model.compile` with SGD and mean squared error, and
 * `model.fit`, on the same backend, data and initial weights as our engines.
 */
import { epochSeconds, tf, type TrainingTiming, type WorkloadProblem } from 'backprop-ts/internal';

/** Times `model.fit` per epoch (one more epoch than timed, like `timeTraining`). */
export async function timeLayersFit(problem: WorkloadProblem, epochs: number): Promise<TrainingTiming> {
  const w = problem.workload;
  const { sizes } = w;
  const rows = problem.inputs.length;
  const model = tf.sequential();
  for (let l = 0; l < sizes.length - 1; l++) {
    model.add(tf.layers.dense({
      units: sizes[l + 1]!,
      useBias: false,
      activation: l < sizes.length - 2 ? 'tanh' : 'linear',
      ...(l === 0 ? { inputShape: [sizes[0]!] } : {}),
    }));
  }
  const x = tf.tensor2d(problem.X, [rows, sizes[0]!]);
  const y = tf.tensor2d(problem.Y, [rows, sizes.at(-1)!]);
  const initial = problem.network.weights.map((weights) => tf.tensor2d(weights as number[][]));
  try {
    model.setWeights(initial);
    model.compile({ optimizer: tf.train.sgd(w.learningRate), loss: 'meanSquaredError' });
    const stamps: number[] = [];
    const history = await model.fit(x, y, {
      epochs: epochs + 1,
      batchSize: Math.min(w.batchSize, rows),
      shuffle: w.batchSize < rows,
      verbose: 0,
      callbacks: { onEpochEnd: () => void stamps.push(performance.now()) },
    });
    return { secondsPerEpoch: epochSeconds(stamps), firstLoss: Number(history.history['loss']![0]), rows };
  } finally {
    tf.dispose([x, y, ...initial]);
    model.dispose();
  }
}
