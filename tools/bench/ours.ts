/**
 * The TensorFlow.js side of the bench, all in this process: our engines through
 * `trainNetwork` (typed arrays; tensors on every backend that loads), the
 * straightforward tfjs baseline, tfjs Layers `model.fit`, and a step's matrix products
 * alone (`products.ts`). Slow combinations are measured within a time budget: fewer
 * epochs, or (minibatch workloads only) fewer rows with the epoch time scaled up.
 */
import { median, selectBackend, timeTraining, workloadProblem, type BackendName, type WorkloadProblem } from 'backprop-ts';
import { timeLayersFit } from './layers.js';
import { timeMatrixProducts } from './products.js';
import type { StackTiming } from './stack-timing.js';
import { timeStraightforward } from './straightforward.js';

/** One of our stacks. */
export interface OurEngine {
  id: string;
  label: string;
  /** Backend to activate first; none for the typed engine. */
  backend?: BackendName;
  /** A reference row, not a stack (the matrix products alone). */
  reference?: boolean;
  time(problem: WorkloadProblem, epochs: number): StackTiming | Promise<StackTiming>;
}

/** Every stack to run on the given backends. */
export function ourEngines(backends: readonly BackendName[]): OurEngine[] {
  const engines: OurEngine[] = [{ id: 'typed', label: 'ours, typed engine (float64 loops)', time: (p, epochs) => timeTraining(p, { engine: 'typed', epochs }) }];
  for (const backend of backends) {
    engines.push({ id: `tensor-${backend}`, label: `ours, tensor engine (${backend})`, backend, time: (p, epochs) => timeTraining(p, { engine: 'tensor', epochs }) });
    if (backend === 'wasm') engines.push({ id: `straightforward-${backend}`, label: `straightforward tfjs (${backend})`, backend, time: timeStraightforward });
    engines.push({ id: `layers-${backend}`, label: `tfjs Layers fit (${backend})`, backend, time: timeLayersFit });
    // The reference for the tensor engine, where matrix products are fast enough to matter.
    if (backend !== 'cpu') engines.push({ id: `products-${backend}`, label: `matrix products alone (${backend})`, backend, reference: true, time: timeMatrixProducts });
  }
  return engines;
}

/** How one stack runs one workload: epochs per run, and the rows of a minibatch workload. */
export interface Plan {
  epochs: number;
  rows: number;
}

/**
 * Warms the stack up on small runs and plans the timed runs to fit `budgetSeconds`:
 * at least 1,000 epochs of a tiny workload, at least 2 of a full-batch one, and for a
 * minibatch workload the full data if it fits, else fewer rows (whole batches).
 */
export async function plan(engine: OurEngine, problem: WorkloadProblem, budgetSeconds: number, maxEpochs: number): Promise<Plan> {
  const w = problem.workload;
  const rows = problem.inputs.length;
  if (engine.backend) await selectBackend({ backend: engine.backend });
  // Probe until the JIT has settled: at least twice, for a tenth of the budget, and for
  // tiny epochs at least 0.3 s (V8 takes some 100,000 epochs of W1 to optimise trainNetwork's loop).
  const probe = async (p: WorkloadProblem, epochs: number, minSeconds: number) => {
    const start = performance.now();
    let last: StackTiming;
    let runs = 0;
    do {
      last = await engine.time(p, epochs);
      runs += 1;
    } while (runs < 2 || (performance.now() - start) / 1000 < minSeconds);
    return median(last.secondsPerEpoch);
  };
  if (maxEpochs >= 1000) {
    const perEpoch = await probe(problem, 1000, Math.max(0.3, budgetSeconds / 10));
    return { epochs: Math.max(1000, Math.min(maxEpochs, Math.floor(budgetSeconds / perEpoch))), rows };
  }
  if (w.batchSize >= rows) {
    const perEpoch = await probe(problem, 1, budgetSeconds / 10);
    return { epochs: Math.max(2, Math.min(maxEpochs, Math.floor(budgetSeconds / perEpoch))), rows };
  }
  const probeRows = Math.min(rows, 10 * w.batchSize);
  const perRow = (await probe(subset(problem, probeRows), 1, budgetSeconds / 10)) / probeRows;
  const fitting = Math.floor(budgetSeconds / maxEpochs / perRow / w.batchSize) * w.batchSize;
  return { epochs: maxEpochs, rows: Math.max(probeRows, Math.min(rows, fitting)) };
}

/** The first `rows` rows of a problem (the same data: `workloadProblem` builds row by row). */
export function subset(problem: WorkloadProblem, rows: number): WorkloadProblem {
  if (rows >= problem.inputs.length) return problem;
  return workloadProblem(problem.workload, { rows });
}

/** Runs one planned measurement; tiny epochs get 0.2 s of warm-up first (the JIT state may have moved since the plan). */
export async function measure(engine: OurEngine, problem: WorkloadProblem, planned: Plan): Promise<StackTiming> {
  if (engine.backend) await selectBackend({ backend: engine.backend });
  const p = subset(problem, planned.rows);
  if (planned.epochs >= 1000) {
    const start = performance.now();
    while (performance.now() - start < 200) await engine.time(p, 1000);
  }
  return engine.time(p, planned.epochs);
}
