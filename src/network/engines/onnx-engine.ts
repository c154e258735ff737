/**
 * The onnx training engine: each step is one run of the network's training-step
 * graph (`onnx-graph.ts`) in onnxruntime-node, native code with the machine's own
 * matrix kernels, where the tensor engine runs WebAssembly. Optional: it needs the
 * package onnxruntime-node (`onnx-runtime.ts`). Float32, like the tensor engine.
 * Measured against the other engines in `09-does-vectorization-pay.ipynb`.
 *
 * The parameters live as the tensors the last run returned: each run hands back new
 * arrays and never touches its inputs, so a checkpoint is a reference, not a copy.
 *
 * Epochs of minibatches run ahead. A step on rows `order[0..batchSize)` of more than
 * one batch runs the whole epoch in one session run (the `Loop` of
 * `trainingEpochModel`, which gathers every batch itself from the data fed in place),
 * and the steps that follow hand out its losses one by one while they are that
 * epoch's next batch: same `order` array with the same rows in it, same batch size.
 * That spares each step a run's fixed cost, the gathering in JavaScript and the copy
 * of every updated parameter. Any other call first replays, from the epoch's start,
 * the steps handed out so far, one run each, so every call sees what one run per step
 * gives (to the last bit: the loop's steps are the same nodes).
 *
 * A batch of more rows than `chunkRows` is backpropagated a chunk at a time inside its
 * run (`trainingStepModel` in `onnx-graph.ts`), the same step up to float32 rounding. On
 * W2 (8-64-64-1, 16,384 rows, full batch, one thread) that took a step from 8.8–9.8 ms
 * to 6.2–6.6 ms, interleaved runs on the shared 2-core EPYC of 2026-11; with the step
 * scale multiplied as a 1×1 matrix (onnxruntime's scalar broadcast over a one-column
 * matrix took 0.16 ms) and the one-column layer's weight step as a row-vector product
 * (0.05 ms against 0.5–1.6 ms for Gemm with a transposed tall operand), from 11.1–12.1 ms.
 */
import type { Objective } from '../backprop.js';
import type { Network } from '../network.js';
import { checkBatch, checkPositiveInteger } from '../../core/validate.js';
import type { TrainingData, TrainingEngine } from './engine.js';
import { NAMES, chunkRowsFor, forwardModel, trainingEpochModel, trainingStepModel, type GraphShape } from './onnx-graph.js';
import { loadOnnxRuntime, type OrtIndexTensor, type OrtSession, type OrtTensor } from './onnx-runtime.js';
import { gatherRows } from './tensor-engine.js';

/** Options for {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /**
   * onnxruntime's intra-op threads. Default: `BACKPROP_ONNX_THREADS` if set, else 1
   * (one core, like the other engines; more pay on large layers of an idle machine).
   */
  threads?: number;
  /**
   * Whether epochs of minibatches run ahead in one session run (see above). Default:
   * true, unless `BACKPROP_ONNX_RUN_AHEAD` is `0` (one run per step, for measuring what it saves).
   */
  runAhead?: boolean;
  /**
   * Batches of more rows go through backpropagation this many rows at a time, so that
   * their activations stay in the CPU's cache (see `chunkRowsFor` in `onnx-graph.ts`).
   * Default: `BACKPROP_ONNX_CHUNK_ROWS` if set (a number past every batch turns chunks
   * off, for measuring what they save), else `chunkRowsFor` the network (2,048 rows for 64 units).
   */
  chunkRows?: number;
}

/** The threads to use: the option, else `BACKPROP_ONNX_THREADS`, else 1. */
function threadCount(options: OnnxEngineOptions): number {
  const fromEnv = process.env['BACKPROP_ONNX_THREADS'];
  if (options.threads !== undefined) return checkPositiveInteger('threads', options.threads);
  return fromEnv ? checkPositiveInteger('BACKPROP_ONNX_THREADS', Number(fromEnv)) : 1;
}

/** Rows per chunk of backpropagation: the option, else `BACKPROP_ONNX_CHUNK_ROWS`, else `chunkRowsFor` the network. */
function chunkRowsOption(options: OnnxEngineOptions, shape: GraphShape): number {
  const fromEnv = process.env['BACKPROP_ONNX_CHUNK_ROWS'];
  if (options.chunkRows !== undefined) return checkPositiveInteger('chunkRows', options.chunkRows);
  return fromEnv ? checkPositiveInteger('BACKPROP_ONNX_CHUNK_ROWS', Number(fromEnv)) : chunkRowsFor(shape);
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
 * Creates an onnx training engine; call `dispose()` when done. Builds and loads each
 * graph for the network's shape when first needed (a few milliseconds each): one
 * training step, an epoch of minibatches for a batch size, and the forward pass on
 * the first `validationLoss()`.
 *
 * @param options `threads`: onnxruntime's intra-op threads (default 1); `runAhead`: whether
 *   epochs of minibatches run in one session run (default true); `chunkRows`: rows per chunk
 *   of backpropagation in a larger batch (default `chunkRowsFor` the network).
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
  const runAhead = options.runAhead ?? process.env['BACKPROP_ONNX_RUN_AHEAD'] !== '0';
  const { rows, columns, outputs } = data;
  const { sizes } = network;
  const shape: GraphShape = { sizes, activations: network.activations, bias: network.biases !== null };
  const chunkRows = chunkRowsOption(options, shape);
  /** A batch of more than chunkRows rows is backpropagated in chunks. */
  const chunksOf = (batchRows: number) => (batchRows > chunkRows ? chunkRows : undefined);
  const stepSessions = new Map<number | undefined, OrtSession>(); // whole batches, and batches in chunks
  let lossSession: OrtSession | null = null;

  let parameters: Record<string, OrtTensor> = {};
  network.weights.forEach((w, l) => {
    parameters[NAMES.weight(l)] = ort.tensor(Float32Array.from(w.flat()), [sizes[l]!, sizes[l + 1]!]);
    if (network.biases) parameters[NAMES.bias(l)] = ort.tensor(Float32Array.from(network.biases[l]!), [sizes[l + 1]!]);
  });
  let saved = parameters;
  const nextNames = Object.keys(parameters).map((name) => [name, `${name}_next`] as const);
  const nextParameters = (result: Record<string, OrtTensor>) => Object.fromEntries(nextNames.map(([name, next]) => [name, result[next]!]));

  let whole: { X: OrtTensor; Y: OrtTensor } | null = null; // all the data, wrapped once (no copy)
  const wholeData = () => (whole ??= { X: ort.tensor(data.X, [rows, columns]), Y: ort.tensor(data.Y, [rows, outputs]) });
  let buffers = { X: new Float32Array(0), Y: new Float32Array(0) }; // reused for minibatches
  const batch = (order: Uint32Array | null, start: number, end: number) => {
    const m = end - start;
    if (order === null && start === 0 && end === rows) return wholeData();
    if (buffers.Y.length < m * outputs) buffers = { X: new Float32Array(m * columns), Y: new Float32Array(m * outputs) };
    const [X, Y] = [buffers.X.subarray(0, m * columns), buffers.Y.subarray(0, m * outputs)];
    gatherRows(data.X, columns, order, start, end, X);
    gatherRows(data.Y, outputs, order, start, end, Y);
    return { X: ort.tensor(X, [m, columns]), Y: ort.tensor(Y, [m, outputs]) };
  };
  /** The learning rate times the loss's factor, for a batch of m rows (rounded to float32 where it is fed). */
  const stepScale = (m: number) => learningRate * (objective === 'mse' ? 2 / (m * outputs) : 1);
  const scales = new Map<number, OrtTensor>(); // per batch size: an epoch has at most two
  const stepScaleTensor = (m: number) => {
    let scale = scales.get(m);
    if (scale === undefined) scales.set(m, (scale = ort.tensor(Float32Array.of(stepScale(m)), [1, 1])));
    return scale;
  };
  const validation = data.validation ? { X: ort.tensor(data.validation.X, [data.validation.rows, columns]), Y: ort.tensor(data.validation.Y, [data.validation.rows, outputs]) } : null;

  /** One step, one run. */
  const runStep = (order: Uint32Array | null, start: number, end: number): number => {
    const { X, Y } = batch(order, start, end);
    const chunks = chunksOf(end - start);
    let stepSession = stepSessions.get(chunks);
    if (stepSession === undefined) stepSessions.set(chunks, (stepSession = ort.session(trainingStepModel(shape, chunks), threads)));
    const result = stepSession.run({ [NAMES.inputs]: X, [NAMES.targets]: Y, [NAMES.scale]: stepScaleTensor(end - start), ...parameters });
    parameters = nextParameters(result);
    return result[NAMES.loss]!.data[0]!;
  };

  // The epoch's graph for one batch size, with its row numbers and step scales; the epoch run ahead:
  // its rows as `order` held them, its losses, the parameters before and after it.
  const epochRows = new Uint32Array(rows);
  let epoch: { batchSize: number; session: OrtSession; order: OrtIndexTensor; scales: OrtTensor } | null = null;
  let ahead: { order: Uint32Array | null; batchSize: number; losses: Float32Array; taken: number; before: Record<string, OrtTensor>; after: Record<string, OrtTensor> } | null = null;

  const runEpoch = (order: Uint32Array | null, batchSize: number) => {
    if (order === null) epochRows.forEach((_, i) => (epochRows[i] = i));
    else epochRows.set(order.subarray(0, rows));
    if (epoch?.batchSize !== batchSize) {
      epoch?.session.dispose();
      const steps = Float32Array.from({ length: Math.ceil(rows / batchSize) }, (_, k) => stepScale(Math.min(rows, (k + 1) * batchSize) - k * batchSize));
      const indices = new Int32Array(epochRows.buffer); // row numbers below 2³¹, read as int32 in place
      epoch = { batchSize, session: ort.session(trainingEpochModel(shape, batchSize, chunksOf(batchSize)), threads), order: ort.indexTensor(indices, [rows]), scales: ort.tensor(steps, [steps.length, 1, 1]) };
    }
    const { X, Y } = wholeData();
    const feeds = { [NAMES.inputs]: X, [NAMES.targets]: Y, [NAMES.order]: epoch.order, [NAMES.scales]: epoch.scales, ...parameters };
    const result = epoch.session.run(feeds);
    ahead = { order, batchSize, losses: result[NAMES.losses]!.data, taken: 0, before: parameters, after: nextParameters(result) };
  };
  /** Whether step(order, start, end) is the next step of the epoch run ahead. */
  const follows = (order: Uint32Array | null, start: number, end: number): boolean => {
    if (ahead === null || order !== ahead.order || start !== ahead.taken * ahead.batchSize || end !== Math.min(rows, start + ahead.batchSize)) return false;
    if (order !== null) for (let i = start; i < end; i++) if (order[i] !== epochRows[i]) return false;
    return true;
  };
  const takeAhead = (): number => {
    const run = ahead!;
    const loss = run.losses[run.taken++]!;
    if (run.taken === run.losses.length) {
      parameters = run.after;
      ahead = null;
    }
    return loss;
  };
  /** Brings the parameters to where the steps handed out so far leave them, replaying them from the epoch's start. */
  const catchUp = () => {
    if (ahead === null) return;
    const { taken, batchSize, before } = ahead;
    ahead = null;
    parameters = before;
    for (let k = 0; k < taken; k++) runStep(epochRows, k * batchSize, Math.min(rows, (k + 1) * batchSize));
  };

  return {
    step(order, start, end) {
      checkBatch(start, end, rows);
      if (follows(order, start, end)) return takeAhead();
      catchUp();
      if (runAhead && start === 0 && end < rows) {
        runEpoch(order, end);
        return takeAhead();
      }
      return runStep(order, start, end);
    },
    validationLoss() {
      catchUp();
      lossSession ??= ort.session(forwardModel(shape, 'loss'), threads);
      return lossSession.run({ [NAMES.inputs]: validation!.X, [NAMES.targets]: validation!.Y, ...parameters })[NAMES.loss]!.data[0]!;
    },
    network() {
      catchUp();
      return toNetwork(network, parameters);
    },
    checkpoint() {
      catchUp();
      saved = parameters;
    },
    checkpointNetwork: () => toNetwork(network, saved),
    parametersFinite() {
      catchUp();
      return Object.values(parameters).every(({ data }) => data.every(Number.isFinite));
    },
    dispose() {
      stepSessions.forEach((session) => session.dispose());
      lossSession?.dispose();
      epoch?.session.dispose();
    },
  };
}
