/**
 * The TensorFlow.js side of the bench, all in this process: our engines through
 * `trainNetwork` (typed arrays; onnxruntime-node where installed; tensors on every
 * backend that loads), the
 * straightforward tfjs baseline, tfjs Layers `model.fit`, and a step's matrix products
 * alone (`products.ts`). Every one is timed by the rule of stack-timing.ts, like the
 * peers; in full runs a slow stack trains fewer rows of a minibatch workload (whole
 * batches), with the epoch time scaled up.
 */
import { onnxRuntimeAvailable, selectBackend, setWasmGemmEnabled, trainNetwork, workloadProblem, type BackendName, type WorkloadProblem } from 'backprop-ts/internal';
import { timeLayersFit } from './layers.js';
import { timeMatrixProducts } from './products.js';
import { EpochClock, SHUFFLE_SEED, runUntilDone, type RunSpec, type StackTiming } from './stack-timing.js';
import { timeStraightforward } from './straightforward.js';

/** One of our stacks. */
export interface OurEngine {
  id: string;
  label: string;
  /** Backend to activate first; none for the typed engine. */
  backend?: BackendName;
  /** A reference row, not a stack (the matrix products alone). */
  reference?: boolean;
  /** Trains one run of `problem` from its initial weights, calling `clock.epochEndedOrStop` after every epoch. */
  run(problem: WorkloadProblem, clock: EpochClock): void | Promise<void>;
}

/** One of our engines through `trainNetwork`, as a user would train. */
function trainNetworkRun(engine: 'typed' | 'tensor' | 'onnx'): OurEngine['run'] {
  return (problem, clock) =>
    runUntilDone(() => {
      const w = problem.workload;
      trainNetwork(problem.network, problem.inputs, problem.targets, {
        learningRate: w.learningRate,
        epochs: clock.totalEpochs,
        batchSize: Math.min(w.batchSize, problem.inputs.length),
        shuffleSeed: SHUFFLE_SEED,
        engine,
        onEpoch: (record) => clock.epochEndedOrStop(record.loss),
      });
    });
}

/** `run` with the wasm engine's own matrix product switched off (XNNPACK's instead), and back on after. */
function withoutWasmGemm(run: OurEngine['run']): OurEngine['run'] {
  return async (problem, clock) => {
    const before = setWasmGemmEnabled(false);
    try {
      await run(problem, clock);
    } finally {
      setWasmGemmEnabled(before);
    }
  };
}

/** Every stack to run on the given backends. */
export function ourEngines(backends: readonly BackendName[]): OurEngine[] {
  const engines: OurEngine[] = [{ id: 'typed', label: 'ours, typed engine (float64 loops)', run: trainNetworkRun('typed') }];
  // The optional native engine, where onnxruntime-node is installed: one thread unless BACKPROP_ONNX_THREADS says otherwise.
  if (onnxRuntimeAvailable()) {
    const threads = process.env['BACKPROP_ONNX_THREADS'] ?? '1';
    engines.push({ id: 'onnx', label: `ours, onnx engine (onnxruntime-node, ${threads} thread${threads === '1' ? '' : 's'})`, run: trainNetworkRun('onnx') });
  }
  for (const backend of backends) {
    engines.push({ id: `tensor-${backend}`, label: `ours, tensor engine (${backend})`, backend, run: trainNetworkRun('tensor') });
    // The same engine with XNNPACK's products, as it was before the SIMD128 kernel (wasm-gemm.ts): what that kernel gains.
    if (backend === 'wasm') engines.push({ id: 'tensor-wasm-xnnpack', label: 'ours, tensor engine (wasm, XNNPACK products)', backend, run: withoutWasmGemm(trainNetworkRun('tensor')) });
    if (backend === 'wasm') engines.push({ id: `straightforward-${backend}`, label: `straightforward tfjs (${backend})`, backend, run: timeStraightforward });
    engines.push({ id: `layers-${backend}`, label: `tfjs Layers fit (${backend})`, backend, run: timeLayersFit });
    // The reference for the tensor engine, where matrix products are fast enough to matter.
    if (backend !== 'cpu') engines.push({ id: `products-${backend}`, label: `matrix products alone (${backend})`, backend, reference: true, run: timeMatrixProducts });
  }
  return engines;
}

/** The first `rows` rows of a problem (the same data: `workloadProblem` builds row by row). */
export function subset(problem: WorkloadProblem, rows: number): WorkloadProblem {
  if (rows >= problem.inputs.length) return problem;
  return workloadProblem(problem.workload, { rows });
}

/** The probe run of a minibatch workload: one untimed and one timed epoch on the first rows. */
export const PROBE_SPEC: RunSpec = { warmupEpochs: 1, minEpochs: 1, maxEpochs: 1, budgetSeconds: 0, chunk: 1, probeRows: 0 };

/** One run of a stack by `spec` on the first `rows` rows of `problem`. */
export async function timeRun(engine: OurEngine, problem: WorkloadProblem, spec: RunSpec, rows: number = problem.inputs.length): Promise<StackTiming> {
  if (engine.backend) await selectBackend({ backend: engine.backend });
  const clock = new EpochClock(spec);
  await engine.run(subset(problem, rows), clock);
  return clock.timing(Math.min(rows, problem.inputs.length));
}

/**
 * Rows of a minibatch workload that a stack can train within the budget, from its
 * probe: whole batches, at least the probe's rows, at most all of them, so that
 * `minEpochs` epochs take about `budgetSeconds`.
 */
export function plannedRows(probe: StackTiming, spec: RunSpec, batchSize: number, rows: number): number {
  const perRow = Math.min(...probe.secondsPerEpoch) / probe.rows;
  const fitting = Math.floor(spec.budgetSeconds / spec.minEpochs / perRow / batchSize) * batchSize;
  return Math.max(spec.probeRows, Math.min(rows, fitting));
}

/**
 * One measurement of a stack: the probe run (minibatch workloads), then the timed run
 * on `rows`, or in a full run's first round on the rows the probe says fit the budget.
 */
export async function measure(engine: OurEngine, problem: WorkloadProblem, spec: RunSpec, rows: number | 'plan'): Promise<StackTiming> {
  const all = problem.inputs.length;
  let measuredRows = rows === 'plan' ? all : rows;
  if (spec.probeRows > 0) {
    const probe = await timeRun(engine, problem, PROBE_SPEC, spec.probeRows);
    if (rows === 'plan') measuredRows = plannedRows(probe, spec, problem.workload.batchSize, all);
  }
  return timeRun(engine, problem, spec, measuredRows);
}
