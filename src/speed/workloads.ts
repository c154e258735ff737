/**
 * The three training workloads of the speed benchmark (`npm run bench`), from the
 * article's tiny network to an MNIST-shaped one: float32, mean squared error, tanh
 * hidden layers, a linear output and no biases. Every stack trains the same seeded
 * data from the same initial weights. Taught in `09-does-vectorization-pay.ipynb`.
 */
import { INPUTS, TARGETS } from '../article/data.js';
import { InputError } from '../core/errors.js';
import { createNetwork, type Network } from '../network/network.js';
import { createRandom } from '../core/random.js';
import { checkPositiveInteger } from '../core/validate.js';

/** One benchmark workload. */
export interface Workload {
  /** `"W1"`, `"W2"` or `"W3"`. */
  name: string;
  /** What it stands for, for tables. */
  description: string;
  /** Layer sizes, input to output. */
  sizes: readonly number[];
  /** Training rows. */
  rows: number;
  /** Rows per update (`rows` for full batch). */
  batchSize: number;
  /** Epochs of one timed run. */
  epochs: number;
  /** Small enough that no stack diverges; it does not change the work. */
  learningRate: number;
}

/** W1 tiny (the article's network), W2 mid-sized full batch, W3 MNIST-shaped minibatches. */
export const WORKLOADS: readonly Workload[] = Object.freeze([
  { name: 'W1', description: "the article's 2-4-1 network, 4 rows, full batch", sizes: [2, 4, 1], rows: 4, batchSize: 4, epochs: 10_000, learningRate: 1e-4 },
  { name: 'W2', description: '8-64-64-1 on 16,384 random rows, full batch', sizes: [8, 64, 64, 1], rows: 16_384, batchSize: 16_384, epochs: 50, learningRate: 0.01 },
  { name: 'W3', description: '784-128-10 on 60,000 MNIST-shaped rows, minibatches of 128', sizes: [784, 128, 10], rows: 60_000, batchSize: 128, epochs: 2, learningRate: 0.01 },
]);

/**
 * Looks a workload up by name.
 *
 * @throws {InputError} For an unknown name.
 * @example
 * ```ts
 * workload('W3').batchSize; // 128
 * ```
 */
export function workload(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found) throw new InputError('name', `Expected a workload name (${WORKLOADS.map((w) => w.name).join(', ')}) but found ${JSON.stringify(name)}.`);
  return found;
}

/**
 * Floating-point operations of the matrix products in one epoch: the forward
 * product, the weight gradient aᵀ·δ, and δ·Wᵀ for every layer but the first
 * (2 FLOPs per multiply-add). Elementwise work is left out, as is usual.
 *
 * @example
 * ```ts
 * workloadFlops(workload('W1')); // 224
 * ```
 */
export function workloadFlops(w: Pick<Workload, 'sizes' | 'rows'>): number {
  let macs = 0;
  for (let l = 0; l < w.sizes.length - 1; l++) macs += w.sizes[l]! * w.sizes[l + 1]! * (l === 0 ? 2 : 3);
  return 2 * w.rows * macs;
}

/** A workload's data and initial network, ready to train. */
export interface WorkloadProblem {
  workload: Workload;
  /** The initial network (Glorot uniform, no biases, tanh hidden, linear output). */
  network: Network;
  /** Row-major float32 inputs, `rows × sizes[0]`. */
  X: Float32Array;
  /** Row-major float32 targets, `rows × outputs`. */
  Y: Float32Array;
  /** The same data as rows, for `trainNetwork`. */
  inputs: number[][];
  targets: number[][];
}

function rowsOf(values: Float32Array, columns: number): number[][] {
  return Array.from({ length: values.length / columns }, (_, r) => Array.from(values.subarray(r * columns, (r + 1) * columns)));
}

/**
 * Builds a workload's seeded data and initial network. W1 trains on the article's
 * four days; W2 on uniform inputs in [−1, 1) with target sin(x₁ + … + x₈); W3 on
 * uniform "pixels" in [0, 1) with one-hot targets of a random class.
 *
 * @param options `rows` to build only the first rows (for quick runs). Default all.
 * @example
 * ```ts
 * const problem = workloadProblem(workload('W2'), { rows: 1024 });
 * ```
 */
export function workloadProblem(w: Workload, options: { rows?: number } = {}): WorkloadProblem {
  const rows = Math.min(w.rows, checkPositiveInteger('rows', options.rows ?? w.rows));
  const [columns, outputs] = [w.sizes[0]!, w.sizes.at(-1)!];
  const network = createNetwork(w.sizes, { seed: 7, bias: false });
  const random = createRandom(w.rows * 31 + columns);
  const X = new Float32Array(rows * columns);
  const Y = new Float32Array(rows * outputs);
  // Row by row, inputs then targets: the first k rows are the same whatever `rows` is.
  for (let r = 0; r < rows; r++) {
    const x = X.subarray(r * columns, (r + 1) * columns);
    if (w.name === 'W1') {
      x.set(INPUTS[r % INPUTS.length]!);
      Y[r] = TARGETS[r % TARGETS.length]!;
    } else if (outputs === 1) {
      for (let c = 0; c < columns; c++) x[c] = random.uniform(-1, 1);
      Y[r] = Math.sin(x.reduce((sum, v) => sum + v, 0));
    } else {
      for (let c = 0; c < columns; c++) x[c] = random.next();
      Y[r * outputs + Math.floor(random.next() * outputs)] = 1;
    }
  }
  return { workload: w, network, X, Y, inputs: rowsOf(X, columns), targets: rowsOf(Y, outputs) };
}
