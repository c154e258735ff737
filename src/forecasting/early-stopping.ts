/**
 * Early stopping: train while the validation loss keeps improving, stop once it has
 * not reached a new low for `patience` epochs, and keep the weights of the epoch
 * where it was lowest. Taught in `08-real-data.ipynb`, where the validation loss is
 * lowest after a few epochs and the network trained on is a different world from
 * the one it is tested on.
 */
import { InputError } from '../core/errors.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import { LIMITS, checkFunction, checkOptions, checkPositiveInteger, checkSize } from '../core/validate.js';
import type { Network } from '../network/network.js';
import { trainNetwork, type TrainOptions } from '../network/training.js';

/** Options for {@link trainWithEarlyStopping}: those of `trainNetwork`, with validation data required. */
export interface EarlyStoppingOptions extends TrainOptions {
  /** The data whose loss decides when to stop and which weights to keep. Required. */
  validation: { inputs: Matrix; targets: Vector | Matrix };
  /** The most epochs to train. Required. */
  epochs: number;
  /**
   * Stop after this many epochs in a row without a new lowest validation loss.
   * `Infinity` trains all `epochs` (and still keeps the best ones). Default `10`.
   */
  patience?: number;
}

/** Result of {@link trainWithEarlyStopping}. */
export interface EarlyStoppingResult {
  /** The network after {@link EarlyStoppingResult.bestEpoch}: the weights kept. */
  network: Network;
  /** The epoch with the lowest validation loss (the first one, on a tie). */
  bestEpoch: number;
  /** Every epoch trained, the last one being where training stopped. */
  history: EpochRecord[];
  /** The network after the last epoch trained, for comparison. */
  lastNetwork: Network;
  /**
   * Whether patience ran out before `epochs`. A run that the caller's own `onEpoch`
   * stopped (`run.stop()`) is not counted: that stop was asked for, not found.
   */
  stoppedEarly: boolean;
}

/**
 * `trainNetwork` with early stopping on the validation loss: one `trainNetwork` run
 * whose `onEpoch` copies the weights at each new low and stops the run once `patience`
 * epochs bring none. The minibatches are exactly those of `trainNetwork` with the same
 * options, so with `patience: Infinity` the last network equals `trainNetwork`'s to
 * every digit, and the network kept equals `trainNetwork`'s run for `bestEpoch`
 * epochs. Seeded by `shuffleSeed`; leaves no tensors behind.
 *
 * @param network The starting network (not changed).
 * @param inputs Training rows.
 * @param targets Training targets.
 * @param options `trainNetwork`'s options with `validation` required, and `patience` (default 10).
 * @returns The best network, its epoch, the history of every epoch trained and the last network.
 * @throws {InputError} On bad data, shapes or options (as `trainNetwork`), or a missing validation set.
 * @throws {DivergenceError} As `trainNetwork`, naming the epoch, with the history so far and the network before it.
 * @example
 * ```ts
 * const net = createNetwork([2, 8, 1], { seed: 1 });
 * const run = trainWithEarlyStopping(net, trainX, trainY, { learningRate: 0.01, epochs: 100, batchSize: 32, validation: { inputs: validX, targets: validY } });
 * run.bestEpoch; // the epoch whose weights run.network holds
 * ```
 */
export function trainWithEarlyStopping(network: Network, inputs: Matrix, targets: Vector | Matrix, options: EarlyStoppingOptions): EarlyStoppingResult {
  checkOptions('options', options, '{ learningRate: 0.01, epochs: 100, validation: { inputs, targets } }');
  if (options.validation === undefined || options.validation === null) {
    throw new InputError('validation', 'Expected options.validation to be the data that decides when to stop, such as { inputs, targets }, but found none.');
  }
  const epochs = checkSize('epochs', options.epochs, LIMITS.epochs, 'the epoch limit');
  const patience = options.patience ?? 10;
  if (patience !== Infinity) checkPositiveInteger('patience', patience);
  const onEpoch = checkFunction<NonNullable<TrainOptions['onEpoch']>>('onEpoch', options.onEpoch);
  const history: EpochRecord[] = [];
  let best = { network, epoch: 0, loss: Infinity };
  let patienceRanOut = false;
  const result = trainNetwork(network, inputs, targets, {
    ...options,
    onEpoch: (record, run) => {
      history.push(record);
      onEpoch?.(record, run);
      if (record.validationLoss! < best.loss) best = { network: run.network(), epoch: record.epoch, loss: record.validationLoss! };
      if (record.epoch - best.epoch >= patience && record.epoch < epochs) {
        patienceRanOut = true;
        run.stop();
      }
    },
  });
  return { network: best.network, bestEpoch: best.epoch, history, lastNetwork: result.network, stoppedEarly: patienceRanOut };
}
