/**
 * Early stopping: train while the validation loss keeps improving, stop once it has
 * not reached a new low for `patience` epochs, and keep the weights of the epoch
 * where it was lowest. Taught in `08-real-data.ipynb`, where the validation loss is
 * lowest after a few epochs and the network trained on is a different world from
 * the one it is tested on.
 */
import { DivergenceError, InputError } from '../core/errors.js';
import { createRandom, shuffleInPlace } from '../core/random.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import { FLOAT32_MAX, LIMITS, checkFinite, checkFunction, checkOptions, checkPositiveInteger, checkSize } from '../core/validate.js';
import type { Network } from '../network/network.js';
import { trainNetwork, type TrainDivergence, type TrainOptions } from '../network/training.js';

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
  /** Whether patience ran out before `epochs`. */
  stoppedEarly: boolean;
}

/**
 * `trainNetwork` with early stopping on the validation loss. The minibatches are
 * exactly those of `trainNetwork` with the same options, so with `patience:
 * Infinity` the last network equals `trainNetwork`'s to every digit, and the network
 * kept equals `trainNetwork`'s run for `bestEpoch` epochs. Seeded by `shuffleSeed`;
 * leaves no tensors behind.
 *
 * @param network The starting network (not changed).
 * @param inputs Training rows.
 * @param targets Training targets.
 * @param options `trainNetwork`'s options with `validation` required, and `patience` (default 10).
 * @returns The best network, its epoch, the history of every epoch trained and the last network.
 * @throws {InputError} On bad data, shapes or options (as `trainNetwork`), or a missing validation set.
 * @throws {DivergenceError} As `trainNetwork`, naming the epoch, with the history so far and the network before it;
 * also when an epoch ends with a weight beyond float32's range (the typed engine, in float64, would carry on).
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
  const onEpoch = checkFunction<(record: EpochRecord) => void>('onEpoch', options.onEpoch);
  const seed = checkFinite('shuffleSeed', options.shuffleSeed ?? 0);
  const rows = Array.isArray(inputs) ? inputs.length : 0;
  // With targets of another length nothing is rearranged, so trainNetwork names the mismatch.
  const batched = options.batchSize !== undefined && options.batchSize < rows && Array.isArray(targets) && targets.length === rows;

  // trainNetwork shuffles a fresh order with a fresh random stream on every call, so
  // one call per epoch would repeat epoch 1's shuffle. Instead each epoch hands it
  // the rows rearranged so that its first shuffle visits them in the order its own
  // epoch `epoch` would: where it puts position i, first[i], we place row order[i].
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  const first = Uint32Array.from(order);
  const random = createRandom(seed);
  if (batched) shuffleInPlace(first, createRandom(seed));

  const { learningRate, batchSize, objective, validation, engine } = options;
  const trainOptions: TrainOptions = { learningRate, epochs: 1, batchSize, shuffleSeed: seed, objective, validation, engine };
  const history: EpochRecord[] = [];
  let current = network;
  let best = { network, epoch: 0, loss: Infinity };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let X = inputs;
    let Y = targets;
    if (batched) {
      shuffleInPlace(order, random);
      const rearranged = new Array<number>(rows);
      for (let i = 0; i < rows; i++) rearranged[first[i]!] = order[i]!;
      X = rearranged.map((r) => inputs[r]!);
      Y = rearranged.map((r) => targets[r]!) as Vector | Matrix;
    }
    let run;
    try {
      run = trainNetwork(current, X, Y, trainOptions);
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      throw renumbered(e as DivergenceError<TrainDivergence>, epoch, history);
    }
    const record = { ...run.history[0]!, epoch };
    if (!fitsFloat32(run.network)) throw beyondFloat32(epoch, record.loss, { history, network: current });
    current = run.network;
    history.push(record);
    onEpoch?.(record);
    if (record.validationLoss! < best.loss) best = { network: current, epoch, loss: record.validationLoss! };
    if (epoch - best.epoch >= patience) break;
  }
  return { network: best.network, bestEpoch: best.epoch, history, lastNetwork: current, stoppedEarly: history.length < epochs };
}

/** trainNetwork's DivergenceError from a one-epoch call, told as epoch `epoch` of the whole run. */
function renumbered(error: DivergenceError<TrainDivergence>, epoch: number, history: EpochRecord[]): DivergenceError<TrainDivergence> {
  const state = { history, network: error.state.network };
  if (error.message.includes('the weights became')) return new DivergenceError(epoch, NaN, error.lastFiniteLoss, state, 'weights');
  // The one-epoch call had no previous epoch, so its message carries the value but not the last finite one.
  const [, quantity = 'loss', value = 'NaN'] = /the (loss|validation loss) became (\S+) at epoch/.exec(error.message) ?? [];
  const previous = quantity === 'loss' ? history.at(-1)?.loss : history.at(-1)?.validationLoss;
  return new DivergenceError(epoch, Number(value), previous, state, quantity);
}

function fitsFloat32(network: Network): boolean {
  const values = [...network.weights.flat(2), ...(network.biases ?? []).flat()];
  return values.every((v) => Math.abs(v) <= FLOAT32_MAX);
}

/**
 * The typed engine trains in float64 and can end an epoch with a weight beyond
 * float32's range, which trainNetwork (float32 at its boundary) will not start from:
 * in float32 that weight is Infinity, so the run has diverged.
 */
function beyondFloat32(epoch: number, loss: number, state: TrainDivergence): DivergenceError<TrainDivergence> {
  const error = new DivergenceError(epoch, Infinity, loss, state, 'weights');
  error.message =
    `Training diverged: a weight grew beyond float32's range (|w| > ${FLOAT32_MAX}) at epoch ${epoch}, although its loss was finite (${loss}). ` +
    'Try a smaller learning rate or scale the inputs.';
  return error;
}
