/**
 * The tfjs Layers peer: what a TensorFlow.js user would write, `tf.sequential` with
 * dense layers (no bias), `model.compile` with SGD and mean squared error, and
 * `model.fit`, on the same backend, data and initial weights as our engines.
 */
import { gatherRows, tf, type WorkloadProblem } from 'backprop-ts/internal';
import { firstEpochOrder, runUntilDone, type EpochClock } from './stack-timing.js';

/**
 * Trains with `model.fit` until `clock` ends the run. A minibatch workload's first
 * epoch is a `fit` of its own, without shuffling, on the rows in the order every stack
 * trains its first epoch (so its loss is comparable to float32 rounding); the other
 * epochs are one `fit` with fit's own shuffle, the clock restarted as it begins.
 */
export async function timeLayersFit(problem: WorkloadProblem, clock: EpochClock): Promise<void> {
  const w = problem.workload;
  const { sizes } = w;
  const rows = problem.inputs.length;
  const [columns, outputs] = [sizes[0]!, sizes.at(-1)!];
  const batchSize = Math.min(w.batchSize, rows);
  const minibatch = batchSize < rows;
  const model = tf.sequential();
  for (let l = 0; l < sizes.length - 1; l++) {
    model.add(tf.layers.dense({
      units: sizes[l + 1]!,
      useBias: false,
      activation: l < sizes.length - 2 ? 'tanh' : 'linear',
      ...(l === 0 ? { inputShape: [columns] } : {}),
    }));
  }
  const x = tf.tensor2d(problem.X, [rows, columns]);
  const y = tf.tensor2d(problem.Y, [rows, outputs]);
  const initial = problem.network.weights.map((weights) => tf.tensor2d(weights as number[][]));
  const stopped = () => { model.stopTraining = true; };
  const onEpochEnd = async (_epoch: number, logs?: tf.Logs) => {
    if (clock.epochEnded(logs?.['loss'])) stopped();
  };
  try {
    model.setWeights(initial);
    model.compile({ optimizer: tf.train.sgd(w.learningRate), loss: 'meanSquaredError' });
    if (minibatch) {
      const order = firstEpochOrder(rows);
      const [xs, ys] = [new Float32Array(rows * columns), new Float32Array(rows * outputs)];
      gatherRows(problem.X, columns, order, 0, rows, xs);
      gatherRows(problem.Y, outputs, order, 0, rows, ys);
      const [xFirst, yFirst] = [tf.tensor2d(xs, [rows, columns]), tf.tensor2d(ys, [rows, outputs])];
      try {
        await model.fit(xFirst, yFirst, { epochs: 1, batchSize, shuffle: false, verbose: 0, callbacks: { onEpochEnd } });
      } finally {
        tf.dispose([xFirst, yFirst]);
      }
    }
    await runUntilDone(() =>
      model.fit(x, y, {
        epochs: clock.totalEpochs - (minibatch ? 1 : 0),
        batchSize,
        shuffle: minibatch,
        verbose: 0,
        callbacks: { onTrainBegin: async () => clock.restart(), onEpochEnd },
      }),
    );
  } finally {
    tf.dispose([x, y, ...initial]);
    model.dispose();
  }
}
