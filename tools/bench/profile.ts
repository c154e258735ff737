/**
 * `npm run bench -- --profile`: where a training step spends its time, kernel by
 * kernel, measured with `tf.profile` on the active backend for the straightforward
 * tfjs code, our tensor engine and tfjs Layers (`trainOnBatch`), on W2 and W3.
 */
import { createTensorEngine, formatTable, tf, workloadProblem, type Workload, type WorkloadProblem } from 'backprop-ts';
import { straightforwardStep } from './straightforward.js';

/** Kernel time per step, summed over calls with the same kernel and input shapes. */
interface KernelShare {
  kernel: string;
  shapes: string;
  calls: number;
  ms: number;
}

/** Profiles `steps` calls of `step` after `warmup` unprofiled ones. */
async function profileSteps(step: (k: number) => unknown | Promise<unknown>, steps: number, warmup: number): Promise<{ kernels: KernelShare[]; wallMs: number }> {
  for (let k = 0; k < warmup; k++) await step(k);
  const totals = new Map<string, KernelShare>();
  const start = performance.now();
  for (let k = 0; k < steps; k++) {
    const info = await tf.profile(async () => {
      await step(warmup + k);
    });
    for (const kernel of info.kernels) {
      const shapes = JSON.stringify(kernel.inputShapes);
      const key = `${kernel.name} ${shapes}`;
      const entry = totals.get(key) ?? { kernel: kernel.name, shapes, calls: 0, ms: 0 };
      entry.calls += 1 / steps;
      entry.ms += Number(kernel.kernelTimeMs) / steps;
      totals.set(key, entry);
    }
  }
  return { kernels: [...totals.values()].sort((a, b) => b.ms - a.ms), wallMs: (performance.now() - start) / steps };
}

/** Our engine's step, through `createTensorEngine` as `trainNetwork` uses it. */
function oursStep(problem: WorkloadProblem): { step: (k: number) => void; dispose: () => void } {
  const w = problem.workload;
  const rows = problem.inputs.length;
  const engine = createTensorEngine(problem.network, { X: problem.X, Y: problem.Y, rows, columns: w.sizes[0]!, outputs: w.sizes.at(-1)! }, 'mse', w.learningRate);
  const batch = Math.min(w.batchSize, rows);
  const order = batch < rows ? Uint32Array.from({ length: rows }, (_, i) => i) : null;
  const steps = Math.floor(rows / batch);
  return { step: (k) => void engine.step(order, (k % steps) * batch, (k % steps) * batch + batch), dispose: () => engine.dispose() };
}

/** The straightforward step on the first batches. */
function straightforward(problem: WorkloadProblem): { step: (k: number) => void; dispose: () => void } {
  const w = problem.workload;
  const batch = Math.min(w.batchSize, problem.inputs.length);
  const [columns, outputs] = [w.sizes[0]!, w.sizes.at(-1)!];
  let weights = problem.network.weights.map((m) => tf.tensor2d(m as number[][]));
  return {
    step: (k) => {
      const start = (k * batch) % (problem.inputs.length - batch + 1);
      const X = tf.tensor2d(problem.X.subarray(start * columns, (start + batch) * columns), [batch, columns]);
      const Y = tf.tensor2d(problem.Y.subarray(start * outputs, (start + batch) * outputs), [batch, outputs]);
      const next = straightforwardStep(problem, weights, X, Y);
      tf.dispose([X, Y, ...weights]);
      weights = next.weights;
    },
    dispose: () => tf.dispose(weights),
  };
}

/** tfjs Layers, one `trainOnBatch` per step. */
function layers(problem: WorkloadProblem): { step: (k: number) => Promise<unknown>; dispose: () => void } {
  const { sizes, learningRate, batchSize } = problem.workload;
  const model = tf.sequential();
  sizes.slice(1).forEach((units, l) => {
    model.add(tf.layers.dense({ units, useBias: false, activation: l < sizes.length - 2 ? 'tanh' : 'linear', ...(l === 0 ? { inputShape: [sizes[0]!] } : {}) }));
  });
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: 'meanSquaredError' });
  const batch = Math.min(batchSize, problem.inputs.length);
  const X = tf.tensor2d(problem.X.subarray(0, batch * sizes[0]!), [batch, sizes[0]!]);
  const Y = tf.tensor2d(problem.Y.subarray(0, batch * sizes.at(-1)!), [batch, sizes.at(-1)!]);
  return { step: () => model.trainOnBatch(X, Y), dispose: () => { tf.dispose([X, Y]); model.dispose(); } };
}

/**
 * Profiles each implementation on each workload and returns the report as text:
 * per workload and implementation, the wall time per step and the top kernels.
 */
export async function profileReport(workloads: readonly Workload[], options: { top: number; steps: number }): Promise<string> {
  const parts: string[] = [`Kernel time per training step on the ${tf.getBackend()} backend (tf.profile)\n`];
  for (const w of workloads) {
    const problem = workloadProblem(w, { rows: Math.min(w.rows, 16_384) });
    for (const [name, make] of [['straightforward tfjs', straightforward], ['ours (tensor engine)', oursStep], ['tfjs Layers trainOnBatch', layers]] as const) {
      const impl = make(problem);
      try {
        const { kernels, wallMs } = await profileSteps(impl.step, options.steps, 3);
        const total = kernels.reduce((s, k) => s + k.ms, 0);
        parts.push(`${w.name} · ${name}: ${wallMs.toFixed(2)} ms per step (profiled), kernels ${total.toFixed(2)} ms`);
        parts.push(formatTable(
          ['ms', 'share', 'calls', 'kernel', 'input shapes'],
          kernels.slice(0, options.top).map((k) => [Number(k.ms.toFixed(3)), `${((100 * k.ms) / total).toFixed(0)}%`, Number(k.calls.toFixed(1)), k.kernel, k.shapes]),
        ));
        parts.push('');
      } finally {
        impl.dispose();
      }
    }
  }
  return parts.join('\n');
}
