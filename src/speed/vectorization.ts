/**
 * Does vectorization pay? Times the loop version of gradient descent against the
 * TensorFlow.js version on each backend as the number of rows grows, side by side in
 * one process. Taught in `09-does-vectorization-pay.ipynb`.
 */
import { BACKENDS, selectBackend, type BackendName } from '../core/backend.js';
import { gradientDescentLoop } from '../linear/gradient-descent-loop.js';
import { gradientDescentVectorized } from '../linear/gradient-descent-vectorized.js';
import { createNetwork } from '../network/network.js';
import { createRandom } from '../core/random.js';
import { trainNetwork } from '../network/training.js';
import { tf } from '../core/tf.js';
import type { Matrix } from '../core/types.js';
import { checkArray, checkChoice, checkFinite, checkOptions, checkPositive, checkPositiveInteger, checkValueCount } from '../core/validate.js';
import { InputError } from '../core/errors.js';
import { median } from '../core/statistics.js';

/** Who computed: the plain loop, or tfjs on a backend. */
export type Engine = 'loop' | BackendName;

/** One measurement. */
export interface Timing {
  rows: number;
  engine: Engine;
  /** Wall-clock milliseconds per epoch: the median over eight chunks of the timed epochs (one-off setup excluded). */
  msPerEpoch: number;
  /** Epochs in the timed run (enough to last `minTimeMs`, at least 8, at most 100,000). */
  epochs: number;
}

/** Options for {@link measureVectorization}. */
export interface VectorizationOptions {
  /** Row counts to try. Default 4, 64, 1,024, 16,384, 262,144 and 1,000,000. */
  rows?: readonly number[];
  /** tfjs backends to time besides the loop. Default every backend that loads. */
  backends?: readonly BackendName[];
  /** Minimum duration of the timed epochs, in ms. Default `50`. */
  minTimeMs?: number;
  /** Seed of the synthetic data. Default `1`. */
  seed?: number;
}

/**
 * Synthetic rows like the article's: two positive inputs and a target that is a
 * weighted sum of them plus noise.
 */
export function syntheticLinearData(rows: number, seed: number): { inputs: number[][]; targets: number[] } {
  checkValueCount('rows', 2 * checkPositiveInteger('rows', rows), 'the synthetic inputs (2 per row)');
  const random = createRandom(seed);
  const inputs = Array.from({ length: rows }, () => [random.uniform(0, 12), random.uniform(0, 5)]);
  return { inputs, targets: inputs.map(([a, b]) => 1.5 * a! + 0.5 * b! + random.normal(0, 1)) };
}

/** Checks a list of backend names up front: an unknown name is a typo, not a backend to skip. */
function checkBackends(backends: readonly BackendName[] | undefined): readonly BackendName[] | undefined {
  if (backends === undefined) return undefined;
  checkArray('backends', backends, 'an array of backend names');
  backends.forEach((name, i) => checkChoice(`backends[${i}]`, name, BACKENDS));
  return backends;
}

/**
 * Times epochs, not calls: `train` reports each finished epoch through `onEpoch`, and
 * the time between reports excludes the one-off costs (checking the input, uploading
 * it to a tensor). Runs enough epochs to last `minTimeMs`, at least 8, ignores the
 * first quarter, while the JIT is still warming up, and gives the median over eight
 * chunks of the rest of each chunk's time per epoch: a pause spoils one chunk, not the
 * result, and a coarse clock (a browser worker's moves in 100 µs steps) still sees
 * epochs of a microsecond, which one gap at a time would read as 0.
 */
function timeEpochs(
  train: (epochs: number, onEpoch: () => void) => void,
  minTimeMs: number,
): { msPerEpoch: number; epochs: number } {
  const run = (epochs: number) => {
    const stamps: number[] = [];
    train(epochs, () => stamps.push(performance.now()));
    const first = Math.floor((stamps.length - 1) / 4);
    const chunks = Math.min(8, stamps.length - 1 - first);
    const ends = Array.from({ length: chunks + 1 }, (_, k) => first + Math.round((k * (stamps.length - 1 - first)) / chunks));
    return ends.slice(1).map((end, k) => (stamps[end]! - stamps[ends[k]!]!) / (end - ends[k]!));
  };
  const probe = median(run(8)); // also warms up JIT and kernels
  const epochs = Math.min(MAX_TIMED_EPOCHS, Math.max(8, Math.ceil(minTimeMs / Math.max(probe, 0.0005)) + 1));
  return { msPerEpoch: median(run(epochs)), epochs };
}

/** At most this many timed epochs per measurement: 50 ms of the loop's 4-row epochs (about 1 µs each). */
const MAX_TIMED_EPOCHS = 100_000;

/**
 * Times gradient descent per epoch, loop against tfjs, for every row count and
 * backend. The learning rate is tiny so that no run diverges; it does not change the
 * amount of work. Restores the backend that was active before.
 *
 * @example
 * ```ts
 * const timings = await measureVectorization({ rows: [4, 1000, 100000] });
 * ```
 */
export async function measureVectorization(given?: VectorizationOptions): Promise<Timing[]> {
  const options = checkOptions('options', given);
  const rowCounts = options.rows ?? [4, 64, 1024, 16384, 262144, 1_000_000];
  checkArray('rows', rowCounts, 'an array of row counts');
  rowCounts.forEach((r, i) => checkValueCount(`rows[${i}]`, 2 * checkPositiveInteger(`rows[${i}]`, r), 'the synthetic inputs (2 per row)'));
  const minTimeMs = checkPositive('minTimeMs', options.minTimeMs ?? 50);
  const seed = checkFinite('seed', options.seed ?? 1);
  const requested = checkBackends(options.backends);
  const previous = tf.getBackend() as BackendName;
  const backends: BackendName[] = [];
  for (const name of requested ?? BACKENDS) {
    try {
      await selectBackend({ backend: name });
      backends.push(name);
    } catch (error) {
      // By default, a backend that is not available here (tfjs-node without internet) is measured by the others; one asked for by name is an error.
      if (requested !== undefined) {
        await selectBackend({ backend: previous });
        throw new InputError('backends', `Expected every backend in backends to load but ${JSON.stringify(name)} did not: ${(error as Error).message}`);
      }
    }
  }
  const timings: Timing[] = [];
  const settings = (epochs: number, onEpoch: () => void) => ({ learningRate: 1e-9, epochs, initialWeights: [1, 0.5], recordPredictions: false, onEpoch });
  try {
    for (const rows of rowCounts) {
      const { inputs, targets }: { inputs: Matrix; targets: number[] } = syntheticLinearData(rows, seed);
      timings.push({ rows, engine: 'loop', ...timeEpochs((e, on) => gradientDescentLoop(inputs, targets, settings(e, on)), minTimeMs) });
      for (const backend of backends) {
        await selectBackend({ backend });
        timings.push({ rows, engine: backend, ...timeEpochs((e, on) => gradientDescentVectorized(inputs, targets, settings(e, on)), minTimeMs) });
      }
    }
  } finally {
    await selectBackend({ backend: previous });
  }
  return timings;
}

/**
 * The smallest measured row count from which `engine` is faster per epoch than the
 * loop at every larger count, or `undefined` if it never is.
 */
export function crossover(timings: readonly Timing[], engine: BackendName): number | undefined {
  const rows = [...new Set(timings.map((t) => t.rows))].sort((a, b) => a - b);
  const faster = rows.map((r) => {
    const loop = timings.find((t) => t.rows === r && t.engine === 'loop');
    const tfjs = timings.find((t) => t.rows === r && t.engine === engine);
    return loop !== undefined && tfjs !== undefined && tfjs.msPerEpoch < loop.msPerEpoch;
  });
  let first: number | undefined;
  for (let i = rows.length - 1; i >= 0 && faster[i]; i--) first = rows[i];
  return first;
}

/** One measurement of {@link measureEngines}. */
export interface EngineTiming {
  /** Hidden units per layer. */
  width: number;
  engine: 'typed' | BackendName;
  msPerEpoch: number;
  epochs: number;
}

/**
 * Times `trainNetwork` per epoch on a `[width, width, width, 1]` tanh network as the
 * width grows: the typed-array loops against tfjs on each backend. Matrix products
 * grow with width², which is where vectorized kernels should pay.
 *
 * @param options `widths` (default 4, 16, 64, 256), `rows` of random data (default 1,024), `minTimeMs` (default 50).
 */
export async function measureEngines(
  given?: { widths?: readonly number[]; rows?: number; backends?: readonly BackendName[]; minTimeMs?: number },
): Promise<EngineTiming[]> {
  const options = checkOptions('options', given);
  const rows = checkPositiveInteger('rows', options.rows ?? 1024);
  const minTimeMs = checkPositive('minTimeMs', options.minTimeMs ?? 50);
  const widths = options.widths ?? [4, 16, 64, 256];
  checkArray('widths', widths, 'an array of widths');
  widths.forEach((width, i) => {
    checkPositiveInteger(`widths[${i}]`, width);
    checkValueCount(`widths[${i}]`, Math.max(rows * width, 2 * width * width), `the data (${rows} rows) or a layer of width ${width}`);
  });
  const requested = checkBackends(options.backends);
  const previous = tf.getBackend() as BackendName;
  const timings: EngineTiming[] = [];
  try {
    for (const width of widths) {
      const random = createRandom(width);
      const inputs = Array.from({ length: rows }, () => Array.from({ length: width }, () => random.uniform(-1, 1)));
      const targets = inputs.map((x) => Math.tanh(x[0]! - x[1]!));
      const network = createNetwork([width, width, width, 1], { seed: 1 });
      const time = (engine: 'typed' | 'tensor') =>
        timeEpochs((epochs, onEpoch) => trainNetwork(network, inputs, targets, { learningRate: 1e-3, epochs, engine, onEpoch }), minTimeMs);
      timings.push({ width, engine: 'typed', ...time('typed') });
      for (const backend of requested ?? BACKENDS) {
        try {
          await selectBackend({ backend });
        } catch (error) {
          if (requested !== undefined) throw new InputError('backends', `Expected every backend in backends to load but ${JSON.stringify(backend)} did not: ${(error as Error).message}`);
          continue;
        }
        timings.push({ width, engine: backend, ...time('tensor') });
      }
    }
  } finally {
    await selectBackend({ backend: previous });
  }
  return timings;
}
