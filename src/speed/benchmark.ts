/**
 * Timing our engines on the benchmark workloads, and the report `npm run bench`
 * writes: one entry per stack and workload, with the time per epoch as a ratio to
 * single-thread NumPy. The bench (tools/bench) and `09-does-vectorization-pay.ipynb`
 * share this code, so the book's table and the benchmark's are the same.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { formatTable } from '../core/table.js';
import { trainNetwork, type EngineName } from '../network/training.js';
import { workloadFlops, type Workload, type WorkloadProblem } from './workloads.js';
import { checkChoice, checkPositiveInteger } from '../core/validate.js';

/**
 * Seconds per epoch from the times (ms) at which epochs ended: each gap, or for runs
 * of 1,000 epochs or more the mean of each 100, so that one pause of the process
 * (another program on the same cores, a garbage collection) spoils one sample, not the run.
 *
 * @example
 * ```ts
 * epochSeconds([0, 2, 5]); // [0.002, 0.003]
 * ```
 */
export function epochSeconds(stamps: readonly number[]): number[] {
  const seconds: number[] = [];
  const step = stamps.length > 1000 ? 100 : 1;
  for (let e = step; e < stamps.length; e += step) seconds.push((stamps[e]! - stamps[e - step]!) / step / 1000);
  return seconds;
}

/** Options for {@link timeTraining}. */
export interface TimeTrainingOptions {
  /** `"typed"` or `"tensor"` (on the active backend). Required. */
  engine: Exclude<EngineName, 'auto'>;
  /** Timed epochs per run. Default the workload's. */
  epochs?: number;
  /** Timed runs, all from the same initial network. Default `1`. */
  repeats?: number;
}

/** Times and losses of {@link timeTraining}. */
export interface TrainingTiming {
  /** Seconds of every timed epoch; for tiny epochs (1,000 or more per run) the mean of each 100 epochs. */
  secondsPerEpoch: number[];
  /** Loss of the first epoch (from the initial network: the same for every stack on full-batch workloads). */
  firstLoss: number;
  /** Rows trained on. */
  rows: number;
}

/**
 * Trains a workload with `trainNetwork` and times every epoch. Each run trains one
 * epoch more than it times: the first epoch's start is not observable without also
 * timing the input checks and the upload, which are one-off costs.
 *
 * @example
 * ```ts
 * const timing = timeTraining(workloadProblem(workload('W1')), { engine: 'typed' });
 * ```
 */
export function timeTraining(problem: WorkloadProblem, options: TimeTrainingOptions): TrainingTiming {
  const w = problem.workload;
  const epochs = checkPositiveInteger('epochs', options.epochs ?? w.epochs);
  const repeats = checkPositiveInteger('repeats', options.repeats ?? 1);
  const rows = problem.inputs.length;
  const secondsPerEpoch: number[] = [];
  let firstLoss = NaN;
  for (let run = 0; run < repeats; run++) {
    const stamps: number[] = [];
    const { history } = trainNetwork(problem.network, problem.inputs, problem.targets, {
      learningRate: w.learningRate,
      epochs: epochs + 1,
      batchSize: Math.min(w.batchSize, rows),
      shuffleSeed: run + 1,
      engine: options.engine,
      onEpoch: () => stamps.push(performance.now()),
    });
    secondsPerEpoch.push(...epochSeconds(stamps));
    firstLoss = history[0]!.loss;
  }
  return { secondsPerEpoch, firstLoss, rows };
}

/** Minimum, quartiles and maximum of a stack's samples, in seconds per epoch. */
export interface SampleSpread {
  min: number;
  /** First quartile (linear interpolation between order statistics). */
  q1: number;
  median: number;
  /** Third quartile. */
  q3: number;
  max: number;
  /** How many samples. */
  count: number;
}

/**
 * Minimum, quartiles and maximum of some samples, each multiplied by `scale`.
 * Quartiles interpolate linearly between order statistics (NumPy's default).
 *
 * @throws {InputError} For no samples, or a sample that is not a finite number.
 * @example
 * ```ts
 * sampleSpread([4, 1, 3, 2, 5]); // { min: 1, q1: 2, median: 3, q3: 4, max: 5, count: 5 }
 * ```
 */
export function sampleSpread(samples: readonly number[], scale = 1): SampleSpread {
  if (samples.length === 0) throw new InputError('samples', 'Expected at least one sample but found none.');
  const bad = samples.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) throw new InputError('samples', `Expected finite numbers but found ${String(samples[bad])} at index ${bad}.`);
  const sorted = [...samples].sort((a, b) => a - b);
  const quantile = (q: number) => {
    const at = q * (sorted.length - 1);
    const below = Math.floor(at);
    const above = Math.min(sorted.length - 1, below + 1);
    return (sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below)) * scale;
  };
  return { min: sorted[0]! * scale, q1: quantile(0.25), median: quantile(0.5), q3: quantile(0.75), max: sorted.at(-1)! * scale, count: sorted.length };
}

/** One stack on one workload in a {@link BenchmarkReport}. */
export interface BenchmarkEntry {
  /** Stable id, e.g. `"numpy-1"`, `"tensor-wasm"`, `"typed"`, `"layers-wasm"`. */
  engine: string;
  /** For tables, e.g. `"NumPy, 1 thread"`. */
  label: string;
  /** `"W1"`, `"W2"` or `"W3"`. */
  workload: string;
  status: 'measured' | 'missing' | 'failed' | 'skipped';
  /**
   * Seconds per epoch, scaled to the workload's full data: the report's `statistic` of
   * the samples (the median, or in reports that say so the minimum).
   */
  secondsPerEpoch?: number;
  /** Every timed epoch, in seconds, as measured. */
  samples?: number[];
  /** Minimum, quartiles and maximum of the wall-clock samples, scaled like `secondsPerEpoch`. */
  spread?: SampleSpread;
  /** CPU seconds per epoch (the process's, every thread), the same statistic, scaled alike. */
  cpuSecondsPerEpoch?: number;
  /** CPU seconds of every timed epoch (or chunk), as measured, in the order of `samples`. */
  cpuSamples?: number[];
  /** Minimum, quartiles and maximum of the CPU samples, scaled. */
  cpuSpread?: SampleSpread;
  samplesPerSecond?: number;
  /** Matrix-product GFLOP/s (see `workloadFlops`). */
  gflops?: number;
  /** Loss of the first epoch: every stack starts from the same network and data. */
  firstLoss?: number;
  /** Rows trained on, when fewer than the workload's (minibatch epochs are then scaled up). */
  rowsMeasured?: number;
  /** Untimed epochs each timed run began with (the same for every stack of a run). */
  warmupEpochs?: number;
  /** How the stack ran: its program, the threads it computed with, and the environment variables set for it. */
  runtime?: { command: string; threads: number; env?: Record<string, string> };
  /** Why missing, failed or skipped; for a missing peer, the command that installs it. */
  note?: string;
  /** A reference row rather than a stack that trains (the bench's matrix products alone). */
  reference?: boolean;
}

/** Options for {@link measuredEntry}. */
export interface MeasuredEntryOptions {
  /** Which statistic of the samples `secondsPerEpoch` gives. Default `"median"`. */
  statistic?: 'median' | 'minimum';
}

/**
 * Summarises per-epoch seconds into a measured entry: the median (or the minimum),
 * the spread, samples per second and GFLOP/s, and the same of CPU seconds when given.
 * Minibatch epochs measured on fewer rows are scaled to the full data (every step does
 * the same work); full-batch epochs cannot be.
 *
 * @throws {InputError} For no samples, or a full-batch workload measured on fewer rows.
 * @example
 * ```ts
 * measuredEntry(workload('W1'), { engine: 'typed', label: 'ours' }, timeTraining(problem, { engine: 'typed' }));
 * ```
 */
export function measuredEntry(
  w: Workload,
  id: { engine: string; label: string },
  timing: { secondsPerEpoch: readonly number[]; cpuSecondsPerEpoch?: readonly number[]; firstLoss?: number; rows?: number },
  options: MeasuredEntryOptions = {},
): BenchmarkEntry {
  if (timing.secondsPerEpoch.length === 0) throw new InputError('timing', 'Expected at least one timed epoch but found none.');
  const rows = timing.rows ?? w.rows;
  if (rows < w.rows && w.batchSize >= w.rows) {
    throw new InputError('timing', `Expected ${w.name} (full batch) to be timed on all ${w.rows} rows but found ${rows}.`);
  }
  const statistic = checkChoice('options.statistic', options.statistic ?? 'median', ['median', 'minimum']);
  const spread = sampleSpread(timing.secondsPerEpoch, w.rows / rows);
  const pick = (s: SampleSpread) => (statistic === 'minimum' ? s.min : s.median);
  const seconds = pick(spread);
  const cpu = timing.cpuSecondsPerEpoch !== undefined && timing.cpuSecondsPerEpoch.length > 0 ? sampleSpread(timing.cpuSecondsPerEpoch, w.rows / rows) : undefined;
  return {
    ...id,
    workload: w.name,
    status: 'measured',
    secondsPerEpoch: seconds,
    samples: [...timing.secondsPerEpoch],
    spread,
    ...(cpu ? { cpuSecondsPerEpoch: pick(cpu), cpuSamples: [...timing.cpuSecondsPerEpoch!], cpuSpread: cpu } : {}),
    samplesPerSecond: w.rows / seconds,
    gflops: workloadFlops(w) / seconds / 1e9,
    ...(timing.firstLoss === undefined ? {} : { firstLoss: timing.firstLoss }),
    ...(rows < w.rows ? { rowsMeasured: rows } : {}),
  };
}

/** What `npm run bench` writes to `data/benchmarks/latest.json`. */
export interface BenchmarkReport {
  /** ISO date and time of the run. */
  createdAt: string;
  /** Whether it was a `--quick` run (fewer epochs and rows; ratios still comparable). */
  quick: boolean;
  /** Where it ran: CPU model, cores, memory, OS and versions. */
  machine: Record<string, string | number>;
  workloads: readonly Workload[];
  /** Float32 n×n matrix product per stack (n = 1024 unless given), GFLOP/s (`null` when not measured). */
  ceilings: { engine: string; label: string; gflops: number | null; n?: number }[];
  entries: BenchmarkEntry[];
  /** The entry every ratio divides by, e.g. `"numpy-1"` (unless `baselines` names another for a workload). */
  baseline: string;
  /** Per workload, the entry its ratios divide by when it is not `baseline` (the fastest of several NumPy rows). */
  baselines?: Record<string, string>;
  /** Which statistic of the samples each entry's `secondsPerEpoch` is. Default (absent) `"median"`. */
  statistic?: 'median' | 'minimum';
  /**
   * The baseline's first-epoch loss on fewer rows than the workload's, for the stacks
   * timed on those rows: what their own first-epoch loss is checked against.
   */
  referenceLosses?: { workload: string; rows: number; loss: number }[];
  /** Anything the reader should know: backends that did not load, the engine `trainNetwork` picks. */
  notes?: string[];
}

/** The committed report of the latest full `npm run bench`, found relative to the library (src/ or dist/). */
export const LATEST_BENCHMARK_URL: URL = new URL('../../data/benchmarks/latest.json', import.meta.url);

/**
 * Reads a report written by `npm run bench`. Default: the committed latest one
 * ({@link LATEST_BENCHMARK_URL}), so a notebook finds it wherever it runs from.
 *
 * @param path A file path or `file:` URL.
 * @throws {InputError} If the file is not JSON or not shaped like a report.
 * @example
 * ```ts
 * const report = readBenchmarkReport();
 * ```
 */
export function readBenchmarkReport(path: string | URL = LATEST_BENCHMARK_URL): BenchmarkReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError('path', `Expected ${path} to be a JSON benchmark report (run \`npm run bench\`) but reading it failed: ${(e as Error).message}`);
  }
  const report = parsed as Partial<BenchmarkReport> | null;
  if (typeof report !== 'object' || report === null || !Array.isArray(report.entries) || !Array.isArray(report.workloads) || typeof report.baseline !== 'string') {
    throw new InputError('path', `Expected ${path} to hold a benchmark report (entries, workloads, baseline) but found ${JSON.stringify(parsed)?.slice(0, 60)}.`);
  }
  return report as BenchmarkReport;
}

/**
 * The id of the entry that a workload's ratios divide by: `report.baselines[workload]`, else `report.baseline`.
 *
 * @example
 * ```ts
 * baselineOf(report, 'W2'); // "numpy-1"
 * ```
 */
export function baselineOf(report: BenchmarkReport, workload: string): string {
  return report.baselines?.[workload] ?? report.baseline;
}

/**
 * Time per epoch as a multiple of the baseline's on the same workload (below 1 is
 * faster), or `undefined` when either was not measured.
 *
 * @example
 * ```ts
 * report.entries.map((e) => ratioToBaseline(report, e));
 * ```
 */
export function ratioToBaseline(report: BenchmarkReport, entry: BenchmarkEntry): number | undefined {
  const base = report.entries.find((e) => e.engine === baselineOf(report, entry.workload) && e.workload === entry.workload);
  if (entry.secondsPerEpoch === undefined || base?.secondsPerEpoch === undefined) return undefined;
  return entry.secondsPerEpoch / base.secondsPerEpoch;
}

/**
 * Seconds in a readable unit, three significant digits.
 *
 * @example
 * ```ts
 * formatSeconds(0.0075); // "7.5 ms"
 * ```
 */
export function formatSeconds(seconds: number): string {
  const [value, unit] = seconds < 1e-3 ? [seconds * 1e6, 'µs'] : seconds < 1 ? [seconds * 1e3, 'ms'] : [seconds, 's'];
  return `${Number(value.toPrecision(3))} ${unit}`;
}

/**
 * The report as a text table: one row per stack, and per workload the time per epoch
 * and its ratio to the baseline (`×0.1` is ten times faster). Missing or failed
 * entries show their status; `*` marks times scaled up from fewer rows.
 *
 * @example
 * ```ts
 * console.log(formatBenchmark(readBenchmarkReport('../data/benchmarks/latest.json')));
 * ```
 */
export function formatBenchmark(report: BenchmarkReport): string {
  const engines = [...new Map(report.entries.map((e) => [e.engine, e.label])).entries()];
  const names = report.workloads.map((w) => w.name);
  const rows = engines.map(([engine, label]) => [
    label,
    ...names.flatMap((name) => {
      const entry = report.entries.find((e) => e.engine === engine && e.workload === name);
      if (entry?.secondsPerEpoch === undefined) return [entry?.status ?? '', ''];
      const ratio = ratioToBaseline(report, entry);
      return [`${formatSeconds(entry.secondsPerEpoch)}${entry.rowsMeasured ? '*' : ''}`, ratio === undefined ? '' : `×${Number(ratio.toPrecision(2))}`];
    }),
  ]);
  const base = (report.entries.find((e) => e.engine === report.baseline)?.label ?? report.baseline).split(',')[0];
  return formatTable(['stack', ...names.flatMap((name) => [`${name} per epoch`, `vs ${base}`])], rows);
}
