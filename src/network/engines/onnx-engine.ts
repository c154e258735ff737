/**
 * The onnx training engine: each step is one run of the network's training-step
 * graph (`onnx-graph.ts`) in onnxruntime-node, native code with the machine's own
 * matrix kernels, where the tensor engine runs WebAssembly. Optional: it needs the
 * package onnxruntime-node (`onnx-runtime.ts`). Float32, like the tensor engine.
 * Measured against the other engines in `09-does-vectorization-pay.ipynb`.
 *
 * The parameters live as the tensors the last run returned: each run hands back new
 * arrays and never touches its inputs, so a checkpoint is a reference, not a copy.
 */
import type { Objective } from '../backprop.js';
import type { Network } from '../network.js';
import { checkBatch, checkPositiveInteger } from '../../core/validate.js';
import type { TrainingData, TrainingEngine } from './engine.js';
import { NAMES, forwardModel, trainingStepModel, type GraphShape } from './onnx-graph.js';
import { loadOnnxRuntime, type OrtSession, type OrtTensor } from './onnx-runtime.js';
import { gatherRows } from './tensor-engine.js';

/** Options for {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /**
   * onnxruntime's intra-op threads. Default: `BACKPROP_ONNX_THREADS` if set, else 1
   * (one core, like the other engines; more pay on large layers of an idle machine).
   */
  threads?: number;
}

/** The threads to use: the option, else `BACKPROP_ONNX_THREADS`, else 1. */
function threadCount(options: OnnxEngineOptions): number {
  const fromEnv = process.env['BACKPROP_ONNX_THREADS'];
  if (options.threads !== undefined) return checkPositiveInteger('threads', options.threads);
  return fromEnv ? checkPositiveInteger('BACKPROP_ONNX_THREADS', Number(fromEnv)) : 1;
}

/** The parameters as plain rows. */
function toNetwork(network: Network, parameters: Readonly<Record<string, OrtTensor>>): Network {
  const { sizes } = network;
  const weights = network.weights.map((_, l) => {
    const W = parameters[NAMES.weight(l)]!.data;
    const nOut = sizes[l + 1]!;
    return Array.from({ length: sizes[l]! }, (_, i) => Array.from(W.subarray(i * nOut, (i + 1) * nOut)));
  });
  const biases = network.biases ? network.weights.map((_, l) => Array.from(parameters[NAMES.bias(l)]!.data)) : null;
  return { sizes, activations: network.activations, weights, biases };
}

/**
 * Creates an onnx training engine; call `dispose()` when done. Builds and loads the
 * training-step graph for the network's shape (a few milliseconds), and the
 * forward graph on the first `validationLoss()`.
 *
 * @param options `threads`: onnxruntime's intra-op threads (default 1).
 * @throws {InputError} If onnxruntime-node is not installed, saying how to install it.
 * @example
 * ```ts
 * const engine = createOnnxEngine(network, data, 'mse', 0.01);
 * const loss = engine.step(null, 0, data.rows); // one full-batch step
 * engine.dispose();
 * ```
 */
export function createOnnxEngine(network: Network, data: TrainingData, objective: Objective, learningRate: number, options: OnnxEngineOptions = {}): TrainingEngine {
  const ort = loadOnnxRuntime();
  const threads = threadCount(options);
  const { rows, columns, outputs } = data;
  const { sizes } = network;
  const shape: GraphShape = { sizes, activations: network.activations, bias: network.biases !== null };
  const step = ort.session(trainingStepModel(shape), threads);
  let lossSession: OrtSession | null = null;

  let parameters: Record<string, OrtTensor> = {};
  network.weights.forEach((w, l) => {
    parameters[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [sizes[l]!, sizes[l + 1]!]);
    if (network.biases) parameters[NAMES.bias(l)] = ort.tensor(Float32Array.from(network.biases[l]!), [sizes[l + 1]!]);
  });
  let saved = parameters;
  const nextNames = Object.keys(parameters).map((name) => [name, `${name}_next`] as const);

  let whole: { X: OrtTensor; Y: OrtTensor } | null = null; // the full batch, wrapped once (no copy)
  let buffers = { X: new Float32Array(0), Y: new Float32Array(0) }; // reused for minibatches
  const batch = (order: Uint32Array | null, start: number, end: number) => {
    const m = end - start;
    if (order === null && start === 0 && end === rows) return (whole ??= { X: ort.tensor(data.X, [rows, columns]), Y: ort.tensor(data.Y, [rows, outputs]) });
    if (buffers.Y.length < m * outputs) buffers = { X: new Float32Array(m * columns), Y: new Float32Array(m * outputs) };
    const [X, Y] = [buffers.X.subarray(0, m * columns), buffers.Y.subarray(0, m * outputs)];
    gatherRows(data.X, columns, order, start, end, X);
    gatherRows(data.Y, outputs, order, start, end, Y);
    return { X: ort.tensor(X, [m, columns]), Y: ort.tensor(Y, [m, outputs]) };
  };
  const scales = new Map<number, OrtTensor>(); // per batch size: an epoch has at most two
  const stepScale = (m: number) => {
    let scale = scales.get(m);
    if (scale === undefined) scales.set(m, (scale = ort.tensor(Float32Array.of(learningRate * (objective === 'mse' ? 2 / (m * outputs) : 1)), [])));
    return scale;
  };
  const validation = data.validation ? { X: ort.tensor(data.validation.X, [data.validation.rows, columns]), Y: ort.tensor(data.validation.Y, [data.validation.rows, outputs]) } : null;

  return {
    step(order, start, end) {
      checkBatch(start, end, rows);
      const { X, Y } = batch(order, start, end);
      const result = step.run({ [NAMES.inputs]: X, [NAMES.targets]: Y, [NAMES.scale]: stepScale(end - start), ...parameters });
      parameters = Object.fromEntries(nextNames.map(([name, next]) => [name, result[next]!]));
      return result[NAMES.loss]!.data[0]!;
    },
    validationLoss() {
      lossSession ??= ort.session(forwardModel(shape, 'loss'), threads);
      return lossSession.run({ [NAMES.inputs]: validation!.X, [NAMES.targets]: validation!.Y, ...parameters })[NAMES.loss]!.data[0]!;
    },
    network: () => toNetwork(network, parameters),
    checkpoint() {
      saved = parameters;
    },
    checkpointNetwork: () => toNetwork(network, saved),
    parametersFinite: () => Object.values(parameters).every(({ data }) => data.every(Number.isFinite)),
    dispose() {
      step.dispose();
      lossSession?.dispose();
    },
  };
}
