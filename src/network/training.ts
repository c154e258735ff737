/**
 * Gradient descent for a {@link Network}: full batch or seeded minibatches, with an
 * optional validation set, divergence detection and no tensor left behind.
 * Taught in `07-why-the-error-stalls.ipynb` and `08-real-data.ipynb`.
 */
import { activateTensor, forwardTensors, toTensors, type Objective } from './backprop.js';
import { DivergenceError } from '../core/errors.js';
import { checkNetwork, forwardOverflowError, parameterCount, targetRows, type Network } from './network.js';
import type { TrainingData } from './engines/engine.js';
import { createOnnxEngine } from './engines/onnx-engine.js';
import { onnxRuntimeAvailable } from './engines/onnx-runtime.js';
import { createTensorEngine } from './engines/tensor-engine.js';
import { createTypedEngine } from './engines/typed-engine.js';
import { createRandom, shuffleInPlace } from '../core/random.js';
import { tf } from '../core/tf.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import {
  LIMITS, checkChoice, checkFinite, checkFunction, checkMatrix, checkOptions, checkPositive, checkPositiveInteger, checkResult, checkSameSamples, checkSize,
} from '../core/validate.js';

/** Options for {@link trainNetwork}. */
export interface TrainOptions {
  /** Step size. Required. */
  learningRate: number;
  /** Passes over the training data. Required. */
  epochs: number;
  /** Rows per update; omit for full batch. Default full batch. */
  batchSize?: number;
  /** Seed of the minibatch shuffle. Default `0`. */
  shuffleSeed?: number;
  /** `"mse"` (default) or `"halfSse"` (the article's ½·Σ(ŷ − y)²). */
  objective?: Objective;
  /** Data to report a validation loss on after every epoch. Default none. */
  validation?: { inputs: Matrix; targets: Vector | Matrix };
  /**
   * Called after every epoch with its record and a handle on the run: `run.network()`
   * copies the weights as they are now, `run.stop()` ends training after this epoch
   * (early stopping uses both). Default none.
   */
  onEpoch?: (record: EpochRecord, run: TrainingRun) => void;
  /** `"tensor"` (TensorFlow.js), `"typed"` (typed arrays, for small networks), `"onnx"` (onnxruntime-node, an optional dependency) or `"auto"`. Default `"auto"` (see {@link chooseEngine}). */
  engine?: EngineName;
}

/** What {@link TrainOptions.onEpoch} can do with the run in progress, during the call (not after `trainNetwork` returns). */
export interface TrainingRun {
  /** The network as it is after this epoch (a copy). */
  network(): Network;
  /** Ends training after this epoch; `trainNetwork` returns the network as it is now. */
  stop(): void;
}

/** Result of {@link trainNetwork}. */
export interface TrainResult {
  network: Network;
  history: EpochRecord[];
}

/** State attached to a `DivergenceError` from {@link trainNetwork}. */
export interface TrainDivergence {
  history: EpochRecord[];
  /** The network at the start of the epoch that diverged. */
  network: Network;
}

/** Mean squared error of a network on some data, computed with tensors. */
export function evaluate(network: Network, inputs: Matrix, targets: Vector | Matrix): number {
  checkNetwork(network, { float32: true });
  checkMatrix('inputs', inputs, { columns: network.sizes[0]!, float32: true });
  const rows = targetRows(targets, network.sizes.at(-1)!, { float32: true });
  checkSameSamples(inputs, rows);
  const parameters = toTensors(network);
  try {
    return tf.tidy(() => {
      const output = forwardTensors(network, parameters, tf.tensor2d(inputs as number[][]));
      const loss = tf.mean(tf.square(tf.sub(output, tf.tensor2d(rows as number[][])))).dataSync()[0]!;
      return checkResult('inputs', loss, 'the mean squared error (float32)');
    });
  } finally {
    tf.dispose([...parameters.weights, ...parameters.biases]);
  }
}

/**
 * Predicts with tensors (fast for many rows).
 *
 * @returns One output row per input row.
 * @throws {InputError} For a bad network or inputs (beyond float32 included), and
 *   (argument `"inputs"`) when a layer's weighted sums or activations overflow float32,
 *   naming the layer and the row, rather than returning NaN or Infinity.
 */
export function predict(network: Network, inputs: Matrix): number[][] {
  checkNetwork(network, { float32: true });
  checkMatrix('inputs', inputs, { columns: network.sizes[0]!, float32: true });
  const parameters = toTensors(network);
  let stages: tf.Tensor2D[] = [];
  try {
    // Every layer's z and act(z) are kept until checked: a later ReLU could turn a NaN back into 0.
    stages = tf.tidy(() => {
      const kept: tf.Tensor2D[] = [];
      parameters.weights.reduce<tf.Tensor2D>((a, W, l) => {
        const b = parameters.biases[l];
        const z: tf.Tensor2D = b === undefined ? tf.matMul(a, W) : tf.add(tf.matMul(a, W), b);
        kept.push(z, activateTensor(network.activations[l]!, z) as tf.Tensor2D);
        return kept.at(-1)!;
      }, tf.tensor2d(inputs as number[][]));
      return kept;
    });
    // x·0 is 0 for finite x and NaN for NaN or ±Infinity: one number per stage says whether it stayed finite.
    const finite = tf.tidy(() => tf.stack(stages.map((t) => tf.sum(tf.mul(t, 0)))).dataSync());
    const bad = finite.findIndex((v) => v !== 0);
    if (bad >= 0) {
      const row = stages[bad]!.arraySync().findIndex((r) => !r.every(Number.isFinite));
      const where = { layer: Math.floor(bad / 2), row, float32: true };
      if (bad % 2 === 0) throw forwardOverflowError('predict', network, inputs, { ...where, stage: 'sums' });
      const largestZ = stages[bad - 1]!.arraySync()[row]!.reduce((m, z) => Math.max(m, Math.abs(z)), 0);
      throw forwardOverflowError('predict', network, inputs, { ...where, stage: 'activation', largestZ });
    }
    return stages.at(-1)!.arraySync();
  } finally {
    tf.dispose([...stages, ...parameters.weights, ...parameters.biases]);
  }
}

function flat(rows: Matrix): Float32Array {
  const columns = rows[0]!.length;
  const out = new Float32Array(rows.length * columns);
  rows.forEach((row, r) => out.set(row, r * columns));
  return out;
}

/** The engines `trainNetwork` can use. */
export type EngineName = 'auto' | 'tensor' | 'typed' | 'onnx';

/**
 * Work per step (rows × parameters) from which the onnx engine, when installed, beats
 * the others. Measured with `tools/bench/onnx-crossover.ts` (wasm backend, one
 * onnxruntime thread, shared 2-core EPYC, three runs on 2026-11-29): a step costs the
 * onnx engine at least 28 µs (the 2-4-1 network; typed 1.1 µs, tensor 121–160 µs) and
 * ~40–45 µs for three small layers, and building its session 1.3–1.8 ms per
 * `trainNetwork` call; it overtakes the typed engine between 4,896 (×0.71–0.76) and
 * 9,792 (×1.37–1.39) and is faster than the tensor engine at every size (×2.6–6 above
 * that). At 20,000 a step saves ~100 µs, so the session pays for itself within ~20 steps.
 */
const ONNX_MIN_WORK = 20_000;

/**
 * Picks an engine by work per step. The onnx engine (onnxruntime-node's native
 * kernels) when it is installed and rows × parameters reaches 20,000 multiply-adds
 * (see `ONNX_MIN_WORK`). Otherwise, on the pure-JavaScript `cpu` backend, always the
 * typed arrays: its kernels are plain loops too, with a fixed cost per operation on
 * top, so tensors never pay there (measured slower on small and mid-sized networks,
 * on par on MNIST-sized ones; see `09-does-vectorization-pay.ipynb`). Elsewhere,
 * typed arrays while rows × parameters stays below 50,000 multiply-adds (tfjs' fixed
 * cost per operation dominates there; the measured crossover on wasm lies between
 * 40,000 and 60,000), else tensors.
 *
 * @param options `backend`: the one the tensor engine would run on (default: the active
 *   backend); `onnx`: whether the onnx engine may be chosen (default: whether onnxruntime-node loads).
 * @example
 * ```ts
 * chooseEngine(createNetwork([2, 4, 1], { seed: 1 }), 4); // "typed"
 * chooseEngine(createNetwork([784, 128, 10], { seed: 1 }), 128); // "onnx" where onnxruntime-node is installed
 * ```
 */
export function chooseEngine(network: Network, batchRows: number, options: { backend?: string; onnx?: boolean } = {}): Exclude<EngineName, 'auto'> {
  const work = batchRows * parameterCount(network);
  if (work >= ONNX_MIN_WORK && (options.onnx ?? onnxRuntimeAvailable())) return 'onnx';
  if ((options.backend ?? tf.getBackend()) === 'cpu') return 'typed';
  return work < 50_000 ? 'typed' : 'tensor';
}

/**
 * Trains a network by gradient descent with hand-written backpropagation
 * (`backprop.ts` on tensors, `typed-engine.ts` on typed arrays; `tf.grad` is never
 * used). Returns a new network; the input network is not changed. Leaves no tensors
 * behind, also when it throws.
 *
 * @throws {InputError} On bad data, shapes or options.
 * @throws {DivergenceError} When an epoch's loss, validation loss or any weight becomes NaN or Infinity; its `state` holds the history and the network before that epoch.
 * @example
 * ```ts
 * const net = createNetwork([2, 4, 1], { seed: 1 });
 * const { history } = trainNetwork(net, INPUTS, TARGETS, { learningRate: 0.001, epochs: 200 });
 * ```
 */
export function trainNetwork(network: Network, inputs: Matrix, targets: Vector | Matrix, options: TrainOptions): TrainResult {
  checkOptions('options', options, '{ learningRate: 0.01, epochs: 100 }');
  checkNetwork(network, { float32: true });
  const [rows, columns] = checkMatrix('inputs', inputs, { columns: network.sizes[0]!, float32: true });
  const outputs = network.sizes.at(-1)!;
  const targetMatrix = targetRows(targets, outputs, { float32: true });
  checkSameSamples(inputs, targetMatrix);
  const learningRate = checkPositive('learningRate', options.learningRate);
  const epochs = checkSize('epochs', options.epochs, LIMITS.epochs, 'the epoch limit');
  const batchSize = Math.min(rows, checkPositiveInteger('batchSize', options.batchSize ?? rows));
  const objective = checkChoice('objective', options.objective ?? 'mse', ['mse', 'halfSse']);
  const random = createRandom(checkFinite('shuffleSeed', options.shuffleSeed ?? 0));
  const requested = checkChoice('engine', options.engine ?? 'auto', ['auto', 'tensor', 'typed', 'onnx']);
  const onEpoch = checkFunction<(record: EpochRecord, run: TrainingRun) => void>('onEpoch', options.onEpoch);
  let validation: TrainingData['validation'];
  if (options.validation !== undefined && options.validation !== null) {
    checkOptions('validation', options.validation, '{ inputs, targets }');
    checkMatrix('validation.inputs', options.validation.inputs, { columns, float32: true });
    const validTargets = targetRows(options.validation.targets, outputs, { float32: true, argument: 'validation.targets' });
    checkSameSamples(options.validation.inputs, validTargets, 'validation.targets');
    validation = { X: flat(options.validation.inputs), Y: flat(validTargets), rows: options.validation.inputs.length };
  }
  const data: TrainingData = { X: flat(inputs), Y: flat(targetMatrix), rows, columns, outputs, ...(validation ? { validation } : {}) };
  const engineName = requested === 'auto' ? chooseEngine(network, batchSize) : requested;
  const engine = { typed: createTypedEngine, tensor: createTensorEngine, onnx: createOnnxEngine }[engineName](network, data, objective, learningRate);
  const order = batchSize === rows ? null : Uint32Array.from({ length: rows }, (_, i) => i);
  const history: EpochRecord[] = [];
  let stopped = false;
  const run: TrainingRun = { network: () => engine.network(), stop: () => void (stopped = true) };
  try {
    for (let epoch = 1; epoch <= epochs && !stopped; epoch++) {
      engine.checkpoint(); // the network to report if this epoch diverges
      if (order) shuffleInPlace(order, random);
      let lossSum = 0;
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(rows, start + batchSize);
        lossSum += engine.step(order, start, end) * (end - start);
      }
      const record: EpochRecord = { epoch, loss: lossSum / rows };
      if (validation) record.validationLoss = engine.validationLoss();
      if (!Number.isFinite(record.loss)) {
        throw new DivergenceError<TrainDivergence>(epoch, record.loss, history.at(-1)?.loss, { history, network: engine.checkpointNetwork() });
      }
      if (!engine.parametersFinite()) {
        // The loss was finite, yet a weight is not: an activation hid a NaN (see TrainingEngine.parametersFinite).
        throw new DivergenceError<TrainDivergence>(epoch, NaN, record.loss, { history, network: engine.checkpointNetwork() }, 'weights');
      }
      if (record.validationLoss !== undefined && !Number.isFinite(record.validationLoss)) {
        const state = { history, network: engine.checkpointNetwork() };
        throw new DivergenceError<TrainDivergence>(epoch, record.validationLoss, history.at(-1)?.validationLoss, state, 'validation loss');
      }
      history.push(record);
      onEpoch?.(record, run);
    }
    return { network: engine.network(), history };
  } finally {
    engine.dispose();
  }
}
